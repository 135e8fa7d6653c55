/**
 * The ingest queue's own SQLite file (Sentry's Kafka topic, on one laptop). Only envelopes live
 * here: the fsync behind an acknowledgement (of this file's WAL, after the commit) flushes these
 * and nothing else, and the pipeline, which writes groups, nodestore and outcomes to the metadata
 * database, never holds the lock ingest commits under. Its own writes here are a lease per claimed
 * row and the deletes of processed rows (queue.ts).
 *
 * Data dirs from before kept the queue in the metadata database: its rows are moved here when
 * that database is opened (`moveQueueOut`).
 */
import path from 'node:path';
import type { Migration } from './migrations.ts';
import { openDatabase, type SqliteDb, type SqliteOptions } from './sqlite-file.ts';

export const QUEUE_FILE = 'queue.sqlite';

const QUEUE_MIGRATIONS: readonly Migration[] = [
  {
    name: 'queue_0001_ingest_queue',
    sql: `
      CREATE TABLE ingest_queue (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        project_id INTEGER NOT NULL,
        key_id INTEGER,
        route TEXT NOT NULL,
        event_id TEXT,
        received_at INTEGER NOT NULL,
        client_ip TEXT,
        user_agent TEXT,
        origin TEXT,
        sentry_client TEXT,
        envelope BLOB NOT NULL,
        size INTEGER NOT NULL
      );
      -- Leases in their own small rows: SQLite rewrites a whole row on update, envelope included.
      CREATE TABLE ingest_queue_leases (
        id INTEGER PRIMARY KEY,
        claimed_at INTEGER,
        attempts INTEGER NOT NULL
      );
      CREATE TABLE ingest_queue_stats (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        depth INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        enqueued_total INTEGER NOT NULL
      );
      INSERT INTO ingest_queue_stats (id, depth, bytes, enqueued_total) VALUES (1, 0, 0, 0);
      CREATE TRIGGER ingest_queue_stats_insert AFTER INSERT ON ingest_queue BEGIN
        UPDATE ingest_queue_stats
          SET depth = depth + 1, bytes = bytes + NEW.size, enqueued_total = enqueued_total + 1 WHERE id = 1;
      END;
      CREATE TRIGGER ingest_queue_delete AFTER DELETE ON ingest_queue BEGIN
        UPDATE ingest_queue_stats SET depth = depth - 1, bytes = bytes - OLD.size WHERE id = 1;
        DELETE FROM ingest_queue_leases WHERE id = OLD.id;
      END;
    `,
  },
];

export function queueFile(dataDir: string): string {
  return path.join(dataDir, QUEUE_FILE);
}

/** The queue's WAL is cut back to this after a burst (it grew to 66 MB over the 1M-event run). */
export const QUEUE_WAL_LIMIT = 16 * 1024 * 1024;

/**
 * The queue file frees every page once its rows are processed, and a burst leaves a file the size
 * of the bound behind (454 MiB after the 1M-event run, the queue empty): created with incremental
 * vacuum, the consumer gives those pages back once the queue is empty (`IngestQueueConsumer.shrink`).
 */
export function openQueueDb(dataDir: string, options: SqliteOptions = {}): SqliteDb {
  return openDatabase(queueFile(dataDir), 'ingest queue', QUEUE_MIGRATIONS, {
    incrementalVacuum: true,
    walSizeLimit: QUEUE_WAL_LIMIT,
    ...options,
  });
}

const QUEUE_COLUMNS =
  'id, project_id, key_id, route, event_id, received_at, client_ip, user_agent, origin, sentry_client, envelope, size';

/**
 * Moves the queue of a data dir from before (tables in the metadata database `db`) into the queue
 * file, ids, leases and counters kept, then drops the old tables. Two transactions, the copy
 * first: SQLite commits a transaction over two WAL files one file after the other, so dropping in
 * the same one could reach the disk while the copy did not. A crash between the two repeats the
 * copy, which skips rows already there.
 */
export function moveQueueOut(db: SqliteDb, dataDir: string): void {
  const hasOldQueue = () =>
    db.prepare("SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = 'ingest_queue'").get() !==
    undefined;
  if (!hasOldQueue()) return;
  openQueueDb(dataDir).close();
  db.prepare('ATTACH DATABASE ? AS queue').run(queueFile(dataDir));
  try {
    db.transaction(() => {
      if (!hasOldQueue()) return;
      db.exec(`
        INSERT OR IGNORE INTO queue.ingest_queue (${QUEUE_COLUMNS})
          SELECT ${QUEUE_COLUMNS} FROM main.ingest_queue ORDER BY id;
        INSERT OR IGNORE INTO queue.ingest_queue_leases (id, claimed_at, attempts)
          SELECT id, claimed_at, attempts FROM main.ingest_queue_leases
          WHERE id IN (SELECT id FROM queue.ingest_queue);
        UPDATE queue.ingest_queue_stats
          SET enqueued_total = (SELECT enqueued_total FROM main.ingest_queue_stats WHERE id = 1)
          WHERE id = 1;
      `);
      // Ids go on from the highest ever given, deleted rows included (they may be waited for by id).
      const seq = db
        .prepare<[], { seq: number }>("SELECT seq FROM main.sqlite_sequence WHERE name = 'ingest_queue'")
        .get()?.seq;
      if (seq !== undefined) {
        const updated = db
          .prepare("UPDATE queue.sqlite_sequence SET seq = max(seq, ?) WHERE name = 'ingest_queue'")
          .run(seq);
        if (updated.changes === 0)
          db.prepare("INSERT INTO queue.sqlite_sequence (name, seq) VALUES ('ingest_queue', ?)").run(seq);
      }
    }).immediate();
    db.transaction(() => {
      if (!hasOldQueue()) return;
      db.exec(`
        DROP TABLE main.ingest_queue_leases;
        DROP TABLE main.ingest_queue_stats;
        DROP TABLE main.ingest_queue;
      `);
    }).immediate();
  } finally {
    db.exec('DETACH DATABASE queue');
  }
}
