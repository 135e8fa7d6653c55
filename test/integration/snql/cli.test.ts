/**
 * `bin/faultline query` as a user runs it: against a data dir on its own (read-only, in-process)
 * and against a running `faultline serve` of that dir (over the RPC), with the exit codes
 * 0 ok, 1 query error, 2 usage.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fnv1a64, tagHashText } from '../../../src-main/core/store/duckdb/hash.ts';
import { assertBuilt, BIN, type RunningServe, startServe } from '../../support/serve.ts';
import { seed, seededWindow } from './seed.ts';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function faultline(args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], {
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

let dataDir: string;
let marker: string;
beforeAll(async () => {
  assertBuilt();
  const seeded = await seed();
  dataDir = seeded.dataDir;
  marker = seeded.marker;
  await seeded.core.close();
}, 120_000);

const countQuery = (): string => {
  const { from, to } = seededWindow();
  return `MATCH (events) SELECT count() AS c BY level WHERE project_id = 1 AND tags[marker] = '${marker}' AND timestamp >= toDateTime('${from}') AND timestamp < toDateTime('${to}') ORDER BY level ASC`;
};

describe('faultline query on a data dir with no server', () => {
  it('prints the Snuba-shaped JSON response and exits 0', async () => {
    const run = await faultline(['query', '--data-dir', dataDir, countQuery()]);
    expect(run.code, run.stderr).toBe(0);
    const body = JSON.parse(run.stdout) as { data: unknown[]; meta: Array<{ name: string }>; timing: object };
    expect(body.meta.map((m) => m.name)).toEqual(['level', 'c']);
    expect(body.data).toContainEqual({ level: 'error', c: 3 });
    expect(body.timing).toBeDefined();
  });

  it('prints CSV and tables', async () => {
    const csv = await faultline(['query', '--data-dir', dataDir, '--format', 'csv', countQuery()]);
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\n').slice(0, 2)).toEqual(['level,c', 'error,3']);
    const table = await faultline(['query', '--data-dir', dataDir, '--format', 'table', countQuery()]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^level\s+\| c\n/);
    expect(table.stdout).toMatch(/row\(s\) in [\d.]+ ms/);
  });

  it('prints the TOTALS row last: in CSV after an empty line, in tables under a rule of its own', async () => {
    const query = countQuery().replace(' ORDER BY level ASC', ' ORDER BY level ASC TOTALS true');
    const csv = await faultline(['query', '--data-dir', dataDir, '--format', 'csv', query]);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.split('\n').slice(-3)).toEqual(['', ',6', '']);
    const table = await faultline(['query', '--data-dir', dataDir, '--format', 'table', query]);
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines.slice(-3, -1)).toEqual([lines[1], expect.stringMatching(/^\s+\| 6$/)]);
    expect(lines.at(-1)).toMatch(/^4 row\(s\) in/);
  });

  it('exits 1 on an invalid query, with the position of the problem', async () => {
    const run = await faultline([
      'query',
      '--data-dir',
      dataDir,
      '--format',
      'table',
      'MATCH (events) SELECT cout() AS c',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('invalid_query');
    const json = await faultline(['query', '--data-dir', dataDir, 'MATCH (evnts) SELECT count()']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      error: { type: 'invalid_query', errorClass: 'ParsingException' },
    });
  });

  it('points at an unknown column in SELECT, BY and ORDER BY', async () => {
    const { from, to } = seededWindow();
    const where = `WHERE project_id = 1 AND timestamp >= toDateTime('${from}') AND timestamp < toDateTime('${to}')`;
    const cases: Array<[query: string, column: number]> = [
      [`MATCH (events) SELECT platfo ${where}`, 23],
      [`MATCH (events) SELECT count() AS c BY levle ${where}`, 39],
      [`MATCH (events) SELECT title ${where} ORDER BY nope ASC`, 29 + where.length + 10],
    ];
    for (const [query, column] of cases) {
      const table = await faultline(['query', '--data-dir', dataDir, '--format', 'table', query]);
      expect(table.code).toBe(1);
      expect(table.stderr).toMatch(/Tag keys \(\w+\) not resolved/);
      expect(table.stderr).toContain(`(line 1, column ${column})`);
      const json = await faultline(['query', '--data-dir', dataDir, query]);
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout)).toMatchObject({
        error: { code: 'unknown_column', span: { line: 1, column } },
      });
    }
  });

  it('exits 2 on a usage error', async () => {
    expect((await faultline(['query', '--data-dir', dataDir])).code).toBe(2);
    expect((await faultline(['query', '--format', 'xml', countQuery()])).code).toBe(2);
    expect((await faultline(['query', '--bogus', countQuery()])).code).toBe(2);
  });

  it('--explain prints the parameterized SQL without running it', async () => {
    const run = await faultline(['query', '--explain', '--format', 'table', countQuery()]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('"deleted" = 0');
    expect(run.stdout).not.toContain(marker.length > 0 ? `'${marker}'` : 'never');
    // `tags[marker] = '…'` runs as Snuba's mapping optimizer writes it: the hash of `marker=…` among
    // the event's tag hashes, itself a parameter.
    expect(run.stdout).toContain('list_contains("_tags_hash_map", CAST($2 AS UBIGINT))');
    expect(run.stdout).toContain(`-- $2 = "${fnv1a64(tagHashText('marker', marker))}" (int)`);
  });
});

describe('faultline query with a running server', () => {
  let server: RunningServe;
  beforeAll(async () => {
    server = await startServe({ dataDir });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('asks the server (which holds the event index) and gets the same answer', async () => {
    const run = await faultline(['query', '--data-dir', dataDir, '--format', 'csv', countQuery()]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split('\n').slice(0, 2)).toEqual(['level,c', 'error,3']);
    const bad = await faultline(['query', '--data-dir', dataDir, 'MATCH (events) SELECT count()']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({
      error: { type: 'invalid_query', code: 'missing_time_range' },
    });
    const { from, to } = seededWindow();
    const unknown = await faultline([
      'query',
      '--data-dir',
      dataDir,
      `MATCH (events) SELECT platfo WHERE project_id = 1 AND timestamp >= toDateTime('${from}') AND timestamp < toDateTime('${to}')`,
    ]);
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.stdout)).toMatchObject({
      error: { code: 'unknown_column', span: { line: 1, column: 23 } },
    });
  });
});
