import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../../src-main/core/store/sqlite.ts';
import type { ImportReport } from '../../../src-shared/export-api.ts';
import { runCli as cli } from '../../support/cli.ts';
import { assertBuilt, type RunningServe, startServe, tempDir } from '../../support/serve.ts';
import { issuesOf, parseCsv, SAMPLE_ENVELOPES, seedCore, startCore } from './helpers.ts';

function snapshot(dataDir: string) {
  const db = openSqlite(dataDir, { readonly: true });
  try {
    return issuesOf(db);
  } finally {
    db.close();
  }
}

let seeded: string;
beforeAll(async () => {
  assertBuilt();
  const core = await startCore();
  await seedCore(core, 2);
  seeded = core.ctx.dataDir;
  await core.close();
});

describe('help and exit codes', () => {
  const commands = ['serve', 'query', 'export', 'import', 'grouping-info', 'projects'];

  it('faultline --help lists every command and exits 0; no command exits 2', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const command of commands) expect(help.stdout).toContain(`  ${command} `);
    expect((await cli([])).code).toBe(2);
    expect((await cli(['no-such-command'])).code).toBe(2);
  });

  for (const command of commands) {
    it(`faultline ${command} --help documents its usage and exit codes`, async () => {
      const run = await cli([command, '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^Usage: faultline ${command}`));
      expect(run.stdout).toMatch(/Exit codes: 0 /);
      expect(run.stdout).toContain('--format');
    });
  }

  it('a wrong option is a usage error (2) with the command’s help', async () => {
    const run = await cli(['export', '--format', 'xml', '--out', 'x']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--format must be one of jsonl, csv, parquet/);
    expect(run.stderr).toContain('Usage: faultline export');
    expect((await cli(['import'])).code).toBe(2);
  });
});

describe('without a server', () => {
  it('exports JSONL and imports it into an empty data dir: the same issues, counts and hashes', async () => {
    const out = path.join(tempDir('faultline-cli-'), 'events.jsonl');
    const exported = await cli(['export', '--data-dir', seeded, '--format', 'jsonl', '--out', out]);
    expect(exported.stderr).toMatch(/exported \d+ row\(s\)/);
    expect(exported.code).toBe(0);
    const target = tempDir('faultline-cli-target-');
    const imported = await cli(['import', '--data-dir', target, '--format', 'json', out]);
    expect(imported.code).toBe(0);
    const [report] = JSON.parse(imported.stdout) as ImportReport[];
    expect(report?.skippedCount).toBe(0);
    expect(snapshot(target)).toEqual(snapshot(seeded));
  });

  it('exports Parquet that DuckDB reads back, for one issue and a time range', async () => {
    const dir = tempDir('faultline-cli-');
    const out = path.join(dir, 'issue.parquet');
    const run = await cli([
      'export',
      '--data-dir',
      seeded,
      '--format',
      'parquet',
      '--issue',
      'DEFAULT-1',
      '--since',
      '1d',
      '--out',
      out,
    ]);
    expect(run.code).toBe(0);
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    const reader = await conn.runAndReadAll(
      `SELECT count(*), count(DISTINCT group_id) FROM read_parquet('${out.replaceAll("'", "''")}')`,
    );
    conn.closeSync();
    instance.closeSync();
    const [count, groups] = reader.getRowsJS()[0] ?? [];
    expect(Number(count)).toBe(snapshot(seeded)[0]?.timesSeen);
    expect(Number(groups)).toBe(1);
    expect(fs.readdirSync(dir)).toEqual(['issue.parquet']);
  });

  it('writes Parquet times as UTC instants on a machine in another time zone', async () => {
    const out = path.join(tempDir('faultline-cli-'), 'events.parquet');
    const run = await cli(['export', '--data-dir', seeded, '--format', 'parquet', '--out', out], {
      env: { TZ: 'America/New_York' },
    });
    expect(run.code).toBe(0);
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    const reader = await conn.runAndReadAll(
      `SELECT replace(event_id::VARCHAR, '-', ''), epoch_ms(timestamp_ms), typeof(timestamp_ms)
       FROM read_parquet('${out.replaceAll("'", "''")}')`,
    );
    conn.closeSync();
    instance.closeSync();
    const db = openSqlite(seeded, { readonly: true });
    const stored = db.prepare('SELECT event_id, timestamp FROM events').all() as Array<{
      event_id: string;
      timestamp: number;
    }>;
    db.close();
    const rows = reader.getRowsJS();
    expect(rows.length).toBe(stored.length);
    expect(new Set(rows.map((r) => r[2]))).toEqual(new Set(['TIMESTAMP WITH TIME ZONE']));
    expect(new Map(rows.map(([id, ms]) => [String(id), Number(ms)]))).toEqual(
      new Map(stored.map((e) => [e.event_id, e.timestamp])),
    );
  });

  it('an export that fails exits 1 and leaves no file', async () => {
    const dir = tempDir('faultline-cli-');
    const run = await cli([
      'export',
      '--data-dir',
      seeded,
      '--format',
      'csv',
      '--issue',
      'NOPE-1',
      '--out',
      path.join(dir, 'x.csv'),
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/not_found/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('a selection that cannot hold events is refused, not written as an empty file that looks like no events', async () => {
    const dir = tempDir('faultline-cli-');
    const out = path.join(dir, 'x.csv');
    const exportWith = (...args: string[]) =>
      cli(['export', '--data-dir', seeded, '--format', 'csv', '--out', out, ...args]);
    const backwards = await exportWith('--since', '2026-12-01', '--until', '2026-01-01');
    expect(backwards.code).toBe(2);
    expect(backwards.stderr).toContain('--until (2026-01-01) must be later than --since (2026-12-01)');
    const ancient = await exportWith('--since', '99999d');
    expect(ancient.code).toBe(2);
    expect(ancient.stderr).toContain("'99999d' is before 1970");
    const unknown = await exportWith('--project', '99');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no project 99');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('an export of a data dir whose faultline.sqlite is damaged names the file and what to do, as import and serve do', async () => {
    const dataDir = tempDir('faultline-cli-damaged-');
    fs.cpSync(seeded, dataDir, { recursive: true });
    const file = path.join(dataDir, 'faultline.sqlite');
    for (const suffix of ['-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
    // Every page after the first overwritten: the tables' pages (nodestore's too) are garbage.
    const size = fs.statSync(file).size;
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(size - 4096, 0xff), 0, size - 4096, 4096);
    fs.closeSync(fd);
    const out = path.join(tempDir('faultline-cli-'), 'x.jsonl');
    const run = await cli(['export', '--data-dir', dataDir, '--format', 'jsonl', '--quiet', '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`faultline export: cannot read the metadata database ${file}: `);
    expect(run.stderr).toContain(
      "The file is damaged or not Faultline's; nothing was changed. Restore it from a backup, or move faultline.sqlite and its -wal and -shm files, with events.duckdb",
    );
    expect(run.stderr).toContain(`out of ${dataDir}`);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('an export whose query is invalid names the position, as faultline query does', async () => {
    const run = await cli([
      'export',
      '--data-dir',
      seeded,
      '--format',
      'jsonl',
      '--query',
      `MATCH (events) SELECT platfo WHERE project_id = 1 AND timestamp >= toDateTime('2020-01-01T00:00:00') AND timestamp < toDateTime('2100-01-01T00:00:00')`,
      '--out',
      path.join(tempDir('faultline-cli-'), 'x.jsonl'),
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/invalid_query: .*platfo.* \(line 1, column 23\)/);
  });

  it('import reports bad lines by number, imports the rest, and exits 1', async () => {
    const dir = tempDir('faultline-cli-');
    const file = path.join(dir, 'mixed.jsonl');
    const envelope = fs.readdirSync(SAMPLE_ENVELOPES).find((n) => n.endsWith('.envelope')) ?? '';
    const body = fs.readFileSync(path.join(SAMPLE_ENVELOPES, envelope)).toString('utf8').split('\n');
    // The envelope's event item payload is the event JSON an SDK sent.
    const event = body.find((line) => line.startsWith('{"exception"') || line.includes('"platform"')) ?? '{}';
    fs.writeFileSync(file, `${event}\n{broken\n`);
    const run = await cli(['import', '--data-dir', tempDir('faultline-cli-target-'), file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/1 imported/);
    expect(run.stdout).toMatch(/line 2: not valid JSON/);
  });
});

describe('with a running server', () => {
  let server: RunningServe;
  beforeAll(async () => {
    const dataDir = tempDir('faultline-cli-serve-');
    fs.cpSync(seeded, dataDir, { recursive: true });
    server = await startServe({ dataDir });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('export goes through the server (which holds the DuckDB file) and lands at --out', async () => {
    const out = path.join(tempDir('faultline-cli-'), 'all.csv');
    const run = await cli(['export', '--data-dir', server.dataDir, '--format', 'csv', '--out', out]);
    expect(run.stderr).toMatch(/exported \d+ row\(s\)/);
    expect(run.code).toBe(0);
    const lines = parseCsv(fs.readFileSync(out, 'utf8'));
    const events = snapshot(server.dataDir).reduce((n, issue) => n + issue.timesSeen, 0);
    expect(lines).toHaveLength(events + 1);
    expect(fs.readdirSync(path.join(server.dataDir, 'exports'))).toEqual([]);
  });

  it('an invalid query exported through the server keeps its position', async () => {
    const out = path.join(tempDir('faultline-cli-'), 'x.jsonl');
    const query = `MATCH (events) SELECT count() BY levle WHERE project_id = 1 AND timestamp >= toDateTime('2020-01-01T00:00:00') AND timestamp < toDateTime('2100-01-01T00:00:00')`;
    const run = await cli([
      'export',
      '--data-dir',
      server.dataDir,
      '--format',
      'jsonl',
      '--query',
      query,
      '--out',
      out,
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/invalid_query: .*levle.* \(line 1, column 34\)/);
  });

  it('import goes through the server’s pipeline', async () => {
    const file = path.join(tempDir('faultline-cli-'), 'again.jsonl');
    expect(
      (await cli(['export', '--data-dir', server.dataDir, '--format', 'jsonl', '--out', file])).code,
    ).toBe(0);
    const before = snapshot(server.dataDir);
    const run = await cli(['import', '--data-dir', server.dataDir, '--format', 'json', file]);
    expect(run.code).toBe(0);
    const [report] = JSON.parse(run.stdout) as ImportReport[];
    expect(report?.queued).toBe(before.reduce((n, issue) => n + issue.timesSeen, 0));
    // The same event ids again: stored once, so nothing changes.
    expect(snapshot(server.dataDir)).toEqual(before);
  });
});
