/**
 * How much the data dir holds, counted so that deleting rows lowers it at once: SQLite pages in
 * use (freed pages are reused, not returned to the file system), the DuckDB index scaled to the
 * rows it still has, and attachment files still referenced.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DataUsage } from '../../../src-shared/settings-api.ts';
import { EXPORTS_DIR } from '../export/registry.ts';
import type { EventIndex } from '../store/duckdb/open_event_index.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';

function sqliteBytes(db: SqliteDb): number {
  const pageSize = Number(db.pragma('page_size', { simple: true }));
  const pages = Number(db.pragma('page_count', { simple: true }));
  const free = Number(db.pragma('freelist_count', { simple: true }));
  return (pages - free) * pageSize;
}

function walBytes(index: EventIndex): number {
  try {
    return fs.statSync(`${index.path}.wal`).size;
  } catch {
    return 0;
  }
}

/**
 * DuckDB reclaims a row group only once all its rows are deleted; until then the blocks stay
 * used. Scaling the used blocks by live / physical rows of `errors` makes a delete count at once,
 * so the size sweep does not delete again for space DuckDB will hand back at its own pace.
 */
async function eventIndexBytes(index: EventIndex): Promise<number> {
  const conn = await index.connect();
  try {
    const size = await conn.runAndReadAll(
      'SELECT used_blocks * block_size FROM pragma_database_size() WHERE database_name = current_database()',
    );
    const rows = await conn.runAndReadAll(
      `SELECT (SELECT count(*) FROM errors),
              (SELECT estimated_size FROM duckdb_tables() WHERE table_name = 'errors' AND database_name = current_database())`,
    );
    const used = Number(size.getRowsJS()[0]?.[0] ?? 0);
    const [live = 0, physical = 0] = (rows.getRowsJS()[0] ?? []).map((value) => Number(value ?? 0));
    const scaled = physical <= 0 || live >= physical ? used : Math.round((used * live) / physical);
    // Rows not yet checkpointed live in the WAL only.
    return scaled + walBytes(index);
  } finally {
    conn.closeSync();
  }
}

function attachmentBytes(db: SqliteDb): number {
  const row = stmt<[], { bytes: number }>(
    db,
    'SELECT coalesce(sum(size), 0) AS bytes FROM (SELECT max(size) AS size FROM attachments GROUP BY sha256)',
  ).get();
  return row?.bytes ?? 0;
}

/** Bytes of the regular files directly in `dir` (missing: 0). */
function filesBytes(dir: string): number {
  let bytes = 0;
  try {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isFile()) continue;
      try {
        bytes += fs.statSync(path.join(dir, entry.name)).size;
      } catch {
        // Gone meanwhile.
      }
    }
  } catch {
    // No such dir.
  }
  return bytes;
}

/** The data dir's files (attachments counted by their rows, not by walking every file). */
function diskBytes(dataDir: string, attachments: number): number {
  return filesBytes(dataDir) + filesBytes(path.join(dataDir, EXPORTS_DIR)) + attachments;
}

export async function measureUsage(db: SqliteDb, index: EventIndex): Promise<DataUsage> {
  const events = stmt<[], { n: number; oldest: number | null }>(
    db,
    'SELECT count(*) AS n, min(received) AS oldest FROM events',
  ).get();
  const usage = {
    sqliteBytes: sqliteBytes(db),
    eventIndexBytes: await eventIndexBytes(index),
    attachmentBytes: attachmentBytes(db),
  };
  return {
    ...usage,
    totalBytes: usage.sqliteBytes + usage.eventIndexBytes + usage.attachmentBytes,
    diskBytes: diskBytes(path.dirname(index.path), usage.attachmentBytes),
    events: events?.n ?? 0,
    oldestEvent: events?.oldest == null ? null : new Date(events.oldest).toISOString(),
  };
}
