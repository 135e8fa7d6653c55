/**
 * A data dir Faultline cannot write: a folder or files without write permission for the user, a
 * missing data dir in a folder the user cannot write, a read-only file system. The commands that
 * write (serve, import, projects) must stop with exit 1, naming the path and what to do, and change
 * nothing; the ones that only read (query, export) still read it. They used to say SQLite's words
 * without a path ("attempt to write a readonly database", "unable to open database file") or show
 * the pipeline worker's stack trace.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runCli } from '../../support/cli.ts';
import { mountReadOnlyCopy, type ReadOnlyMount, withoutPrivileges } from '../../support/read-only.ts';
import { filesFingerprint, tempDir } from '../../support/serve.ts';

const ENVELOPE = path.resolve(
  import.meta.dirname,
  '../../../resources/sample-envelopes/node-v11-event-exception.envelope',
);
const COUNT_QUERY =
  "MATCH (events) SELECT count() AS n WHERE project_id = 1 AND timestamp >= toDateTime('2000-01-01T00:00:00') AND timestamp < toDateTime('2100-01-01T00:00:00')";

const prefix = withoutPrivileges();
const noPrivilegeDrop = typeof prefix === 'string' ? prefix : undefined;
if (noPrivilegeDrop) console.log(`read-only data dir tests skipped: ${noPrivilegeDrop}`);

/** A data dir with one imported event, made by the CLI as a user would. */
let seeded: string;
beforeAll(async () => {
  seeded = tempDir('faultline-ro-seed-');
  const run = await runCli(['import', '--data-dir', seeded, '--quiet', ENVELOPE]);
  expect(run.code, run.stderr).toBe(0);
}, 60_000);

/** Modes to give back after each test, so that the temp dirs can be removed. */
const restore: Array<[string, number]> = [];
afterEach(() => {
  for (const [target, mode] of restore.splice(0).reverse()) fs.chmodSync(target, mode);
});

function chmod(target: string, mode: number): void {
  restore.push([target, fs.statSync(target).mode & 0o7777]);
  fs.chmodSync(target, mode);
}

function copyOfSeeded(): string {
  const dir = tempDir('faultline-ro-');
  fs.cpSync(seeded, dir, { recursive: true });
  return dir;
}

/** The CLI as the user, for whom file modes count. */
function asUser(args: string[]): Promise<CliRun> {
  return runCli(args, { prefix: typeof prefix === 'string' ? [] : prefix });
}

/** The commands that write to the data dir, each with exit 1 expected. */
function writers(dataDir: string): string[][] {
  return [
    ['serve', '--data-dir', dataDir, '--port', '0'],
    // Without --port, serve reads the port saved in Settings first.
    ['serve', '--data-dir', dataDir],
    ['import', '--data-dir', dataDir, '--quiet', ENVELOPE],
    ['projects', 'create', 'other', '--data-dir', dataDir],
  ];
}

async function expectRefused(commands: string[][], message: string | RegExp): Promise<void> {
  // One after the other: serve and import take the data dir's lock.
  for (const args of commands) {
    const run = await asUser(args);
    expect(run.code, `${args[0]}: ${run.stderr}`).toBe(1);
    expect(run.stdout, args[0]).not.toContain('is running');
    if (typeof message === 'string') expect(run.stderr, args[0]).toContain(message);
    else expect(run.stderr, args[0]).toMatch(message);
    // Not the pipeline worker's stack trace, nor SQLite's words without a path.
    expect(run.stderr, args[0]).not.toMatch(/\n\s+at |attempt to write a readonly database/);
  }
}

async function expectReadable(dataDir: string): Promise<void> {
  const queried = await asUser(['query', '--data-dir', dataDir, '--format', 'json', COUNT_QUERY]);
  expect(queried.code, queried.stderr).toBe(0);
  expect(JSON.parse(queried.stdout).data).toEqual([{ n: 1 }]);
  const out = path.join(tempDir(), 'events.jsonl');
  const exported = await asUser([
    'export',
    '--data-dir',
    dataDir,
    '--format',
    'jsonl',
    '--quiet',
    '--out',
    out,
  ]);
  expect(exported.code, exported.stderr).toBe(0);
  expect(fs.readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(1);
}

describe.skipIf(noPrivilegeDrop !== undefined)('a data dir the user cannot write', () => {
  it('with events: serve, import and projects name it and what to do, change nothing, and query and export still read it', async () => {
    const dataDir = copyOfSeeded();
    chmod(dataDir, 0o555);
    const before = filesFingerprint(dataDir);
    await expectRefused(
      writers(dataDir),
      `cannot use the data dir ${dataDir}: it is not writable by you (permission denied). ` +
        `Faultline writes its databases there: make it writable for you (chmod -R u+w ${dataDir}`,
    );
    const listed = await asUser(['projects', 'list', '--data-dir', dataDir]);
    expect(listed.code).toBe(1);
    expect(listed.stderr).toContain(`cannot use the data dir ${dataDir}: it is not writable by you`);
    expect(listed.stderr).toContain("'faultline query' and 'faultline export' read it as it is");
    await expectReadable(dataDir);
    expect(filesFingerprint(dataDir)).toEqual(before);
  }, 60_000);

  it('empty: serve says it cannot write it, and that another --data-dir does', async () => {
    const dataDir = tempDir('faultline-ro-empty-');
    chmod(dataDir, 0o555);
    for (const args of [['--port', '0'], []]) {
      const run = await asUser(['serve', '--data-dir', dataDir, ...args]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`cannot use the data dir ${dataDir}: it is not writable by you`);
      expect(run.stderr).toContain('or pass another --data-dir');
      // Nothing to read in it, so nothing is said about reading it.
      expect(run.stderr).not.toContain('faultline query');
    }
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it('missing, in a folder the user cannot write: serve and import name that folder', async () => {
    const parent = tempDir('faultline-ro-parent-');
    chmod(parent, 0o555);
    const dataDir = path.join(parent, 'faultline', 'data');
    await expectRefused(
      writers(dataDir).slice(0, 3),
      `cannot create the data dir ${dataDir}: ${parent} is not writable by you (permission denied). ` +
        `Create ${dataDir} yourself, as a folder you can write to, or pass a --data-dir in a folder you can write to`,
    );
    expect(fs.readdirSync(parent)).toEqual([]);
  });

  it('writable, with a read-only file: serve names the file without a stack trace, and projects list still lists', async () => {
    const dataDir = copyOfSeeded();
    const index = path.join(dataDir, 'events.duckdb');
    chmod(index, 0o444);
    const before = filesFingerprint(dataDir);
    await expectRefused(
      writers(dataDir),
      `cannot use the data dir ${dataDir}: ${index} is not writable by you (permission denied)`,
    );
    expect(filesFingerprint(dataDir)).toEqual(before);
    expect(fs.existsSync(path.join(dataDir, 'server.json'))).toBe(false);
    const listed = await asUser(['projects', 'list', '--data-dir', dataDir]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain('default');
  }, 60_000);
});

describe('a data dir on a read-only file system', () => {
  let mount: ReadOnlyMount | string = 'not mounted yet';
  beforeAll(() => {
    mount = mountReadOnlyCopy(seeded);
    if (typeof mount === 'string') console.log(`read-only file system tests skipped: ${mount}`);
  });
  afterAll(() => {
    if (typeof mount !== 'string') mount.remove();
  });

  it('serve, import and projects say so, and a missing data dir on it is named with its folder; query and export still read it', async (context) => {
    if (typeof mount === 'string') return context.skip(mount);
    const dataDir = path.join(mount.dir, 'data');
    await expectRefused(
      writers(dataDir),
      `cannot use the data dir ${dataDir}: it is on a read-only file system. Faultline writes its databases there: remount its file system read-write`,
    );
    await expectReadable(dataDir);
    const missing = path.join(mount.dir, 'new', 'data');
    for (const args of [['--port', '0'], []]) {
      const run = await runCli(['serve', '--data-dir', missing, ...args]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        `cannot create the data dir ${missing}: ${mount.dir} is on a read-only file system. Pass a --data-dir on a writable file system`,
      );
    }
  }, 60_000);
});
