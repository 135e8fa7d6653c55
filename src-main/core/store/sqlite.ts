/**
 * The SQLite metadata store: a WAL database per data dir for small transactional writes (projects
 * and keys, groups, nodestore, outcomes, settings). The ingest queue has a file of its own
 * (queue-db.ts), so that an acknowledgement's fsync flushes envelopes only and the pipeline's
 * writes here never hold up ingest's commits.
 */
import path from 'node:path';
import { checkMetadataFile } from './metadata-file.ts';
import { MIGRATIONS } from './migrations.ts';
import { moveQueueOut } from './queue-db.ts';
import { openDatabase, type SqliteDb, type SqliteOptions, sqliteReadError } from './sqlite-file.ts';

export { migrate, type SqliteDb, type SqliteOptions } from './sqlite-file.ts';

export const SQLITE_FILE = 'faultline.sqlite';
const WHAT = 'metadata database';

export function openSqlite(dataDir: string, options: SqliteOptions = {}): SqliteDb {
  // Before SQLite creates a new file over a missing or empty one that other files depend on.
  checkMetadataFile(dataDir);
  const db = openDatabase(path.join(dataDir, SQLITE_FILE), WHAT, MIGRATIONS, options);
  if (!options.readonly) moveQueueOut(db, dataDir);
  return db;
}

/** A read of `db` that failed: a damaged file named, with what to do, as when it is opened. */
export function metadataReadError(db: SqliteDb, error: unknown): unknown {
  return sqliteReadError(db, WHAT, error);
}
