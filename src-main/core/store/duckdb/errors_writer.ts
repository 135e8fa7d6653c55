import {
  type DuckDBConnection,
  type DuckDBPreparedStatement,
  LIST,
  listValue,
  VARCHAR,
} from '@duckdb/node-api';
import { type ErrorsJsonBatch, errorsJsonBatch } from './errors_json_batch.ts';
import type { ErrorsRow } from './errors_row.ts';
import type { EventIndex } from './open_event_index.ts';

export interface WriteResult {
  /** Rows appended by this call. */
  written: number;
  /** Rows whose (project_id, event_id) was already stored or repeated within the batch. */
  skipped: number;
}

/** A row already encoded as its line of the batch (ErrorsLineEncoder), with its key. */
export interface ErrorsLine {
  project_id: number;
  event_id: string;
  line: string;
}

const rowKey = (projectId: number | bigint, eventId: string) => `${projectId}:${eventId.replaceAll('-', '')}`;

/** The keys of the batch's events that are already in `errors` (deleted ones included). */
async function storedKeys(
  writer: DuckDBConnection,
  rows: readonly (ErrorsRow | ErrorsLine)[],
): Promise<Set<string>> {
  const ids = [...new Set(rows.map((row) => row.event_id))];
  const reader = await writer.runAndReadAll(
    `SELECT project_id, event_id::VARCHAR FROM errors
     WHERE event_id IN (SELECT CAST(unnest($ids) AS UUID))`,
    { ids: listValue(ids) },
    { ids: LIST(VARCHAR) },
  );
  return new Set(
    reader.getRowsJS().map(([projectId, eventId]) => rowKey(Number(projectId), String(eventId))),
  );
}

const batches = new WeakMap<EventIndex, ErrorsJsonBatch>();

/**
 * The batch's INSERT, prepared once per index on its writer connection. Prepared for every batch
 * (`run(sql, params)`), its ~70 columns and their JSON structure were parsed and planned each time:
 * measured, 16.3 → 12.2 ms a batch of 10 rows, 25.7 → 19.4 ms one of 100.
 */
const inserts = new WeakMap<EventIndex, Promise<DuckDBPreparedStatement>>();

function insertOf(index: EventIndex, writer: DuckDBConnection): Promise<DuckDBPreparedStatement> {
  let insert = inserts.get(index);
  if (!insert) {
    insert = writer.prepare(batchOf(index).sql);
    // A failed prepare is tried again with the next batch.
    insert.catch(() => inserts.delete(index));
    inserts.set(index, insert);
  }
  return insert;
}

export function batchOf(index: EventIndex): ErrorsJsonBatch {
  let batch = batches.get(index);
  if (!batch) {
    batch = errorsJsonBatch(index.errorsColumns);
    batches.set(index, batch);
  }
  return batch;
}

/**
 * Writes a batch of rows, idempotent by (project_id, event_id): replaying a batch after a crash
 * (or writing an event twice) leaves one row per event; the first of repeated ids in a batch wins.
 * Runs on the writer connection: one query for the ids already stored, then one
 * `INSERT … SELECT … from_json(…)` for the others (see errors_json_batch.ts). Measured on 1,000
 * realistic rows against data chunks filled by the JS value converter: a little less CPU in total,
 * and most of it on DuckDB's thread instead of blocking JavaScript, which the pipeline uses to
 * prepare the next batch meanwhile. (Leaving the stored ids out inside the INSERT with NOT EXISTS
 * or an anti join measured 40-50% slower than the separate query.)
 */
export function writeErrorsBatch(
  index: EventIndex,
  rows: readonly (ErrorsRow | ErrorsLine)[],
  options: {
    /**
     * False when the caller knows none of the rows can be stored yet (the pipeline, for a batch
     * with no replayed envelope whose event ids it found in its own `events` table): the query
     * for stored ids, a scan of `errors`' event ids, is skipped. Repeats within the batch still are.
     */
    checkStored?: boolean;
  } = {},
): Promise<WriteResult> {
  if (rows.length === 0) return Promise.resolve({ written: 0, skipped: 0 });
  return index.exclusive(async (writer) => {
    const stored = options.checkStored === false ? new Set<string>() : await storedKeys(writer, rows);
    const batch = batchOf(index);
    const seen = new Set(stored);
    const lines: string[] = [];
    for (const row of rows) {
      const key = rowKey(row.project_id, row.event_id);
      if (seen.has(key)) continue;
      seen.add(key);
      lines.push('line' in row ? row.line : batch.encoder.encode(row));
    }
    if (lines.length > 0) {
      const insert = await insertOf(index, writer);
      insert.bind({ batch: lines.join('\n') });
      await insert.run();
    }
    return { written: lines.length, skipped: rows.length - lines.length };
  });
}
