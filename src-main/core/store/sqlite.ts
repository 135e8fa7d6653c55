/**
 * The SQLite metadata store: one WAL database per data dir for small transactional writes
 * (ingest queue, projects and keys, groups, nodestore, outcomes, settings).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.ts';

export type SqliteDb = Database.Database;

export const SQLITE_FILE = 'faultline.sqlite';

export interface SqliteOptions {
  readonly?: boolean;
  /**
   * FULL (the default): a commit is on disk before it returns — what an acknowledgement needs.
   * NORMAL: the commit survives a crash of the process but not of the machine; for the pipeline,
   * whose every transaction also acknowledges its queue rows, so a lost commit is replayed.
   */
  synchronous?: 'FULL' | 'NORMAL';
}

export function openSqlite(dataDir: string, options: SqliteOptions = {}): SqliteDb {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, SQLITE_FILE);
  let db: SqliteDb;
  try {
    db = new Database(file, {
      readonly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
    });
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
      db.pragma('foreign_keys = ON');
      migrate(db);
    }
  } catch (error) {
    throw new Error(`cannot open the metadata database ${file}: ${(error as Error).message}`);
  }
  return db;
}

/** Applies every migration not yet recorded, each in its own transaction, in list order. */
export function migrate(db: SqliteDb): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)',
  );
  const applied = new Set(
    db
      .prepare<[], { name: string }>('SELECT name FROM schema_migrations')
      .all()
      .map((row) => row.name),
  );
  const record = db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)');
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.name)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.name, Date.now());
    })();
  }
}
