/**
 * Damage the open-time checks cannot see surfaces when a query reads the page or block: SQLite's
 * "database disk image is malformed" and DuckDB's "Corrupt database file" name neither the file nor
 * what to do. The edges turn them into a `damaged` error that names both. Real files, damaged in
 * their middle.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { damagedFileError } from '../../../src-main/core/store/damaged-file.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-damaged-'));
  dirs.push(dir);
  return dir;
}

/** Overwrites `length` bytes of `file` in its middle with random ones. */
function damageMiddle(file: string, length: number): void {
  const fd = fs.openSync(file, 'r+');
  const offset = Math.floor(fs.fstatSync(fd).size / 2 / 4096) * 4096;
  fs.writeSync(fd, crypto.randomBytes(length), 0, length, offset);
  fs.closeSync(fd);
}

function thrown(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('a store damaged in its middle', () => {
  it('faultline.sqlite: the error names the file and what to do', () => {
    const dir = tempDir();
    const file = path.join(dir, 'faultline.sqlite');
    const db = new Database(file);
    db.exec('CREATE TABLE nodestore (id INTEGER PRIMARY KEY, data TEXT)');
    const insert = db.prepare('INSERT INTO nodestore (data) VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 5000; i++) insert.run(crypto.randomBytes(100).toString('hex'));
    })();
    db.close();
    damageMiddle(file, 8 * 4096);

    const reader = new Database(file, { readonly: true });
    const error = thrown(() => reader.prepare('SELECT sum(length(data)) FROM nodestore').get());
    reader.close();
    expect((error as { code?: string }).code).toMatch(/^SQLITE_(CORRUPT|NOTADB)/);
    const damaged = damagedFileError(error, dir);
    expect(damaged?.type).toBe('damaged');
    expect(damaged?.message).toContain(`${file} is damaged (database disk image is malformed)`);
    expect(damaged?.message).toContain('restore faultline.sqlite from a backup');
    expect(damaged?.message).toContain(`and queue.sqlite out of ${dir}`);
    // The same once it crossed a thread without its code (the worker's result payloads).
    expect(damagedFileError(new Error((error as Error).message), dir)?.message).toBe(damaged?.message);
  });

  it('events.duckdb: the error names the file and what to do', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'events.duckdb');
    const instance = await DuckDBInstance.create(file);
    const conn = await instance.connect();
    await conn.run('CREATE TABLE errors AS SELECT range AS x, md5(range::VARCHAR) AS y FROM range(2000000)');
    await conn.run('CHECKPOINT');
    conn.closeSync();
    instance.closeSync();
    damageMiddle(file, 2 * 262144);

    const reopened = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
    const reader = await reopened.connect();
    const error = await reader.run('SELECT sum(length(y)) FROM errors').then(
      () => new Error('expected an error'),
      (e: unknown) => e,
    );
    reader.closeSync();
    reopened.closeSync();
    expect((error as Error).message).toMatch(/Corrupt database file/);
    const damaged = damagedFileError(error, dir);
    expect(damaged?.type).toBe('damaged');
    expect(damaged?.message).toContain(`${file} is damaged (`);
    expect(damaged?.message).toContain(`move it (and events.duckdb.wal) out of ${dir}`);
  });

  it('any other error is left as it is', () => {
    expect(damagedFileError(new Error('no such table: nodestore'), tempDir())).toBeUndefined();
  });
});
