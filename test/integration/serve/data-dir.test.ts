/**
 * What `faultline serve` and the CLI do with a data dir they cannot simply use: one another
 * Faultline holds, damaged files, a stale server.json, a path that is no directory. The error
 * must name the file and what to do, and nothing in the data dir may change.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { waitUntilProcessed } from '../../../src-main/core/import/registry.ts';
import { openSqlite } from '../../../src-main/core/store/sqlite.ts';
import { type CliRun, runCli } from '../../support/cli.ts';
import { startCore } from '../../support/core.ts';
import { BIN, filesFingerprint, type RunningServe, startServe, tempDir } from '../../support/serve.ts';

const SAMPLE_ENVELOPES = path.resolve(import.meta.dirname, '../../../resources/sample-envelopes');
const COUNT_QUERY =
  "MATCH (events) SELECT count() AS n WHERE project_id = 1 AND timestamp >= toDateTime('2000-01-01T00:00:00') AND timestamp < toDateTime('2100-01-01T00:00:00')";

/** A data dir with events in all three stores, no server running. */
let seeded: string;
let seededCount: number;
beforeAll(async () => {
  seeded = tempDir('faultline-datadir-');
  const core = await startCore(seeded);
  const key = core.ctx.projects.get(1)?.keys[0]?.publicKey ?? '';
  const envelopes = fs.readdirSync(SAMPLE_ENVELOPES).filter((n) => n.endsWith('.envelope'));
  for (const name of envelopes) {
    const response = await fetch(`${core.url}/api/1/envelope/?sentry_key=${key}&sentry_version=7`, {
      method: 'POST',
      body: fs.readFileSync(path.join(SAMPLE_ENVELOPES, name)),
    });
    expect(response.status).toBe(200);
  }
  await waitUntilProcessed(core.ctx, Number.MAX_SAFE_INTEGER);
  seededCount = (core.ctx.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  await core.close();
}, 60_000);

const running: RunningServe[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.stop('SIGKILL')));
});

function copyOfSeeded(): string {
  const dir = tempDir('faultline-datadir-copy-');
  fs.cpSync(seeded, dir, { recursive: true });
  return dir;
}

function serveOnce(dataDir: string): Promise<CliRun> {
  return runCli(['serve', '--data-dir', dataDir, '--port', '0']);
}

function query(dataDir: string): Promise<CliRun> {
  return runCli(['query', '--data-dir', dataDir, '--format', 'json', COUNT_QUERY]);
}

describe('one Faultline per data dir', () => {
  it('a second serve on the same data dir exits 1 naming the first, which keeps its server.json and keeps working', async () => {
    const dataDir = copyOfSeeded();
    const first = await startServe({ dataDir });
    running.push(first);
    const infoBefore = fs.readFileSync(path.join(dataDir, 'server.json'), 'utf8');
    const second = await serveOnce(dataDir);
    expect(second.code).toBe(1);
    expect(second.stdout).not.toContain('is running');
    expect(second.stderr).toContain(`another Faultline (pid ${first.info.pid}, ${first.info.url})`);
    expect(second.stderr).toContain(dataDir);
    expect(fs.readFileSync(path.join(dataDir, 'server.json'), 'utf8')).toBe(infoBefore);
    const through = await query(dataDir);
    expect(through.code).toBe(0);
    expect(JSON.parse(through.stdout).data).toEqual([{ n: seededCount }]);
  });

  it('a command without a server to talk to says another Faultline holds the dir (server.json removed)', async () => {
    const dataDir = copyOfSeeded();
    running.push(await startServe({ dataDir }));
    fs.rmSync(path.join(dataDir, 'server.json'));
    const queried = await runCli(['query', '--data-dir', dataDir, '--format', 'table', COUNT_QUERY]);
    expect(queried.code).toBe(1);
    expect(queried.stderr).toMatch(
      /another Faultline is using the data dir .* server\.json does not name it/,
    );
    const out = path.join(tempDir(), 'x.csv');
    const exported = await runCli(['export', '--data-dir', dataDir, '--format', 'csv', '--out', out]);
    expect(exported.code).toBe(1);
    expect(exported.stderr).toContain('another Faultline is using the data dir');
    expect(fs.existsSync(out)).toBe(false);
  });

  it('a stale server.json whose pid now belongs to another program is ignored: the CLI reads the stores', async () => {
    const dataDir = copyOfSeeded();
    // This test's own process is alive, and it is no Faultline server.
    const stale = { url: 'http://127.0.0.1:9', port: 9, token: 'x', dsn: '', pid: process.pid };
    fs.writeFileSync(path.join(dataDir, 'server.json'), JSON.stringify(stale));
    const result = await query(dataDir);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout).data).toEqual([{ n: seededCount }]);
    for (const content of ['', 'not json{']) {
      fs.writeFileSync(path.join(dataDir, 'server.json'), content);
      expect((await query(dataDir)).code).toBe(0);
    }
  });
});

describe('faultline.sqlite missing or empty beside events', () => {
  const cases: Array<[string, (file: string) => void, RegExp]> = [
    [
      'missing',
      (f) => fs.rmSync(f),
      /metadata database .*faultline\.sqlite: it is missing, but events\.duckdb/,
    ],
    [
      'emptied',
      (f) => fs.truncateSync(f, 0),
      /faultline\.sqlite: it is empty \(0 bytes\), but events\.duckdb/,
    ],
  ];
  for (const [how, damage, message] of cases) {
    it(`${how}: serve, projects, export, query and import refuse naming it and what to do, and create nothing`, async () => {
      const dataDir = copyOfSeeded();
      damage(path.join(dataDir, 'faultline.sqlite'));
      const before = filesFingerprint(dataDir);
      const envelope = fs.readdirSync(SAMPLE_ENVELOPES).find((n) => n.endsWith('.envelope')) ?? '';
      // One after the other: each takes the data dir's lock.
      const commands = [
        ['serve', '--data-dir', dataDir, '--port', '0'],
        ['projects', 'list', '--data-dir', dataDir],
        ['export', '--data-dir', dataDir, '--format', 'jsonl', '--out', path.join(tempDir(), 'x.jsonl')],
        ['query', '--data-dir', dataDir, COUNT_QUERY],
        ['import', '--data-dir', dataDir, path.join(SAMPLE_ENVELOPES, envelope)],
      ];
      const runs: CliRun[] = [];
      for (const args of commands) runs.push(await runCli(args));
      for (const run of runs) {
        expect(run.code, run.stderr).toBe(1);
        expect(run.stdout).not.toContain('is running');
        expect(`${run.stderr}${run.stdout}`).toMatch(message);
        expect(`${run.stderr}${run.stdout}`).toContain(
          'nothing was changed. Restore faultline.sqlite from a backup',
        );
      }
      expect(filesFingerprint(dataDir)).toEqual(before);
    }, 60_000);
  }

  it('a new data dir, and one whose only file is an empty queue.sqlite, still start', async () => {
    const fresh = await startServe({ dataDir: tempDir() });
    running.push(fresh);
    const emptyQueueDir = tempDir();
    fs.writeFileSync(path.join(emptyQueueDir, 'queue.sqlite'), '');
    const second = await startServe({ dataDir: emptyQueueDir });
    running.push(second);
  }, 30_000);
});

describe('damaged files', () => {
  const garbage = (file: string, offset: number, length: number) => {
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, crypto.randomBytes(length), 0, length, offset);
    fs.closeSync(fd);
  };
  /** [file, how it is damaged, the message, whether serve fails before it starts anything]. */
  const cases: Array<[string, string, (file: string) => void, RegExp, boolean]> = [
    [
      'faultline.sqlite',
      'its header overwritten',
      (f) => garbage(f, 0, 300),
      /metadata database .*faultline\.sqlite.*new DSNs/,
      true,
    ],
    [
      'faultline.sqlite',
      'cut in half',
      (f) => fs.truncateSync(f, fs.statSync(f).size / 2),
      /faultline\.sqlite: database disk image is malformed/,
      true,
    ],
    [
      'queue.sqlite',
      'its header overwritten',
      (f) => garbage(f, 0, 300),
      /ingest queue .*queue\.sqlite.*not yet processed stay in the old file/,
      true,
    ],
    [
      'events.duckdb',
      'its header overwritten',
      (f) => garbage(f, 0, 300),
      /event index .*events\.duckdb: it is damaged or not a DuckDB file/,
      true,
    ],
    [
      'events.duckdb',
      'emptied',
      (f) => fs.truncateSync(f, 0),
      /event index .*events\.duckdb: it is empty \(0 bytes\); nothing was changed/,
      true,
    ],
    // Found only when the pipeline worker opens it: serve waits for that before it says it runs,
    // and the worker opens it before it touches the queue.
    [
      'events.duckdb',
      'blocks overwritten',
      (f) => garbage(f, 8192, 3 * 4096),
      /event index .*events\.duckdb: .*Corrupt database file.*nothing was changed/,
      true,
    ],
    [
      'events.duckdb',
      'cut in half',
      (f) => fs.truncateSync(f, Math.floor(fs.statSync(f).size / 2)),
      /event index .*events\.duckdb: .*nothing was changed/,
      true,
    ],
  ];
  for (const [name, how, damage, message, early] of cases) {
    it(`${name} with ${how}: serve exits 1 naming it and what to do, and loses nothing`, async () => {
      const dataDir = copyOfSeeded();
      damage(path.join(dataDir, name));
      const before = filesFingerprint(dataDir);
      const run = await serveOnce(dataDir);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toContain(`Restore it from a backup, or move ${name}`);
      expect(fs.existsSync(path.join(dataDir, 'server.json'))).toBe(false);
      const after = filesFingerprint(dataDir);
      if (early) {
        expect(run.stdout).not.toContain('is running');
        for (const [file, hash] of before) expect(after.get(file), file).toBe(hash);
      } else {
        // The SQLite stores were opened (and checkpointed): their contents are what matters.
        expect(after.get(name)).toBe(before.get(name));
        const db = openSqlite(dataDir, { readonly: true });
        expect((db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n).toBe(seededCount);
        db.close();
      }
    }, 30_000);
  }

  it('events.duckdb.wal damaged: serve and query advise moving only the log, which keeps the rest of the index', async () => {
    const dataDir = copyOfSeeded();
    const index = path.join(dataDir, 'events.duckdb');
    // A write-ahead log left behind (as by a crash), then damaged in its middle.
    const instance = await DuckDBInstance.create(index);
    const conn = await instance.connect();
    await conn.run('PRAGMA disable_checkpoint_on_shutdown');
    await conn.run('CREATE TABLE scratch AS SELECT range AS x, md5(range::VARCHAR) AS y FROM range(20000)');
    conn.closeSync();
    instance.closeSync();
    const wal = `${index}.wal`;
    garbage(wal, Math.floor(fs.statSync(wal).size / 2), 4096);
    const before = filesFingerprint(dataDir);

    const run = await serveOnce(dataDir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/event index .*events\.duckdb: .*WAL.*Move events\.duckdb\.wal out of/);
    const queried = await query(dataDir);
    expect(queried.code).toBe(1);
    expect(queried.stderr).toContain(`Move events.duckdb.wal out of ${dataDir}`);
    expect(filesFingerprint(dataDir).get('events.duckdb')).toBe(before.get('events.duckdb'));

    // As advised: the index opens without the log, every event it had checkpointed still there.
    fs.renameSync(wal, path.join(tempDir(), 'events.duckdb.wal'));
    const after = await query(dataDir);
    expect(after.stderr).toBe('');
    expect(JSON.parse(after.stdout).data).toEqual([{ n: seededCount }]);
  }, 30_000);

  it('a FAULTLINE_DUCKDB_MEMORY DuckDB refuses: serve and query name it, and do not blame the event index', async () => {
    const dataDir = copyOfSeeded();
    const env = { FAULTLINE_DUCKDB_MEMORY: 'lots' };
    const served = await runCli(['serve', '--data-dir', dataDir, '--port', '0'], { env });
    const queried = await runCli(['query', '--data-dir', dataDir, '--format', 'json', COUNT_QUERY], { env });
    for (const run of [served, queried]) {
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("FAULTLINE_DUCKDB_MEMORY is 'lots', which must be a size such as 1GB");
      // The advice for a damaged file would have the user move a sound index aside.
      expect(run.stderr).not.toContain('move events.duckdb');
    }
    expect(fs.existsSync(path.join(dataDir, 'events.duckdb'))).toBe(true);
  }, 30_000);

  it('a data dir a newer Faultline migrated: serve exits 1 naming the file and the version, and changes nothing', async () => {
    const dir = copyOfSeeded();
    const db = openSqlite(dir);
    db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)').run(
      '9999_from_the_future',
      0,
    );
    db.close();
    const before = filesFingerprint(dir);
    const run = await serveOnce(dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(path.join(dir, 'faultline.sqlite'));
    expect(run.stderr).toContain('written by a newer version of Faultline');
    expect(run.stderr).toContain('9999_from_the_future');
    expect(filesFingerprint(dir)).toEqual(before);
  });

  it('a data dir that is a file: serve exits 1 saying so', async () => {
    const file = path.join(tempDir(), 'not-a-dir');
    fs.writeFileSync(file, 'x');
    const run = await serveOnce(file);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`cannot use the data dir ${file}`);
    expect(run.stderr).toContain('--data-dir');
    expect(fs.readFileSync(file, 'utf8')).toBe('x');
  });

  it('a server.json that cannot be written: serve says so, stops and exits 1 instead of running on', async () => {
    const dataDir = copyOfSeeded();
    // A folder where the file goes: the rename into place fails, as on a full disk.
    fs.mkdirSync(path.join(dataDir, 'server.json'));
    const proc = spawn(process.execPath, [BIN, 'serve', '--data-dir', dataDir, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    proc.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
    try {
      expect(await exited).toBe(1);
    } finally {
      clearTimeout(timer);
    }
    expect(stderr).toContain(`cannot write ${path.join(dataDir, 'server.json')}`);
    expect(fs.readdirSync(dataDir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  }, 30_000);
});
