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

/**
 * Pages of WAL after which the pipeline's connection copies it back into the database (32 MB).
 * SQLite's default of 1,000 pages (4 MB) made the copy and its fsync part of every few hundred
 * events' commits; the pages a batch rewrites again and again (groups, indexes) are copied once per
 * 8,000 instead. Measured with transactions of up to 250 events (process-batch.ts), steps 2-3 of the
 * pipeline bench's events: ~60 µs of CPU an event before, ~42 after.
 */
const PIPELINE_CHECKPOINT_PAGES = 8000;
/**
 * Every other connection's bound, twice the pipeline's: a commit of the main thread that crossed
 * the pipeline's bound would otherwise do the copy (tens of milliseconds) on the thread that
 * answers HTTP. It does so only where no pipeline runs.
 */
const OTHER_CHECKPOINT_PAGES = 2 * PIPELINE_CHECKPOINT_PAGES;
/** Bytes the WAL file is cut back to once SQLite starts it over: the pipeline's bound. */
const METADATA_WAL_LIMIT = PIPELINE_CHECKPOINT_PAGES * 4096;

/**
 * The pipeline's connection: its commits need not reach the disk before it goes on (NORMAL). Each
 * one also marks its queue rows processed, and the rows are deleted from the queue only after this
 * file's WAL is synced (IngestQueueConsumer.ack), so a commit the machine lost is replayed.
 */
export const PIPELINE_SQLITE: SqliteOptions = {
  synchronous: 'NORMAL',
  walAutocheckpoint: PIPELINE_CHECKPOINT_PAGES,
};

export function openSqlite(dataDir: string, options: SqliteOptions = {}): SqliteDb {
  // Before SQLite creates a new file over a missing or empty one that other files depend on.
  checkMetadataFile(dataDir);
  const db = openDatabase(path.join(dataDir, SQLITE_FILE), WHAT, MIGRATIONS, {
    walAutocheckpoint: OTHER_CHECKPOINT_PAGES,
    walSizeLimit: METADATA_WAL_LIMIT,
    ...options,
  });
  if (!options.readonly) moveQueueOut(db, dataDir);
  return db;
}

/** A read of `db` that failed: a damaged file named, with what to do, as when it is opened. */
export function metadataReadError(db: SqliteDb, error: unknown): unknown {
  return sqliteReadError(db, WHAT, error);
}
