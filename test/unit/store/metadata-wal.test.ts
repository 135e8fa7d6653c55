/**
 * The metadata database's WAL bounds: the pipeline's connection copies the WAL back (checkpoints)
 * before any other connection would, and every connection cuts the file back to the same size.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite, PIPELINE_SQLITE, type SqliteDb } from '../../../src-main/core/store/sqlite.ts';
import { tempDir } from '../../support/serve.ts';

const open: SqliteDb[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
});

function connect(dir: string, pipeline: boolean): SqliteDb {
  const db = pipeline ? openSqlite(dir, PIPELINE_SQLITE) : openSqlite(dir);
  open.push(db);
  return db;
}

describe('the metadata database WAL', () => {
  it("is checkpointed by the pipeline's connection at half the bound of the others", () => {
    const dir = tempDir('faultline-metadata-wal-');
    const main = connect(dir, false);
    const pipeline = connect(dir, true);
    const bound = (db: SqliteDb) => db.pragma('wal_autocheckpoint', { simple: true }) as number;
    expect(bound(pipeline)).toBeGreaterThan(1000);
    expect(bound(main)).toBe(2 * bound(pipeline));
    expect(pipeline.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(main.pragma('synchronous', { simple: true })).toBe(2); // FULL
    const limit = (db: SqliteDb) => db.pragma('journal_size_limit', { simple: true }) as number;
    expect(limit(main)).toBe(bound(pipeline) * 4096);
    expect(limit(pipeline)).toBe(limit(main));
  });
});
