import { DuckDBDataChunk, JSToDuckDBValueConverter, LIST, listValue, VARCHAR } from '@duckdb/node-api';
import type { ErrorsRow } from './errors_row.ts';
import type { EventIndex } from './open_event_index.ts';

/** DuckDB's vector size: the most rows one data chunk holds. */
const CHUNK_ROWS = 2048;

export interface WriteResult {
  /** Rows appended by this call. */
  written: number;
  /** Rows whose (project_id, event_id) was already stored or repeated within the batch. */
  skipped: number;
}

const rowKey = (projectId: number | bigint, eventId: string) => `${projectId}:${eventId.replaceAll('-', '')}`;

/** The keys of the batch's events that are already in `errors` (deleted ones included). */
async function storedKeys(index: EventIndex, rows: readonly ErrorsRow[]): Promise<Set<string>> {
  const ids = [...new Set(rows.map((row) => row.event_id))];
  const reader = await index.writer.runAndReadAll(
    `SELECT project_id, event_id::VARCHAR FROM errors
     WHERE event_id IN (SELECT CAST(unnest($ids) AS UUID))`,
    { ids: listValue(ids) },
    { ids: LIST(VARCHAR) },
  );
  return new Set(
    reader.getRowsJS().map(([projectId, eventId]) => rowKey(Number(projectId), String(eventId))),
  );
}

/** Rows not yet stored, first occurrence of a repeated event id wins. */
function newRows(rows: readonly ErrorsRow[], stored: Set<string>): ErrorsRow[] {
  const seen = new Set(stored);
  return rows.filter((row) => {
    const key = rowKey(row.project_id, row.event_id);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

type ColumnValue = ErrorsRow[keyof ErrorsRow];

/**
 * Appends rows column-wise through data chunks: one converted JS array per column and chunk,
 * which is several times faster than per-value `append*` calls for this many columns.
 */
async function appendRows(index: EventIndex, rows: readonly ErrorsRow[]): Promise<void> {
  const appender = await index.writer.createAppender('errors');
  try {
    const types = index.errorsColumns.map((column) => column.type);
    for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
      const slice = rows.slice(start, start + CHUNK_ROWS);
      const columns = index.errorsColumns.map((column) =>
        slice.map((row) => (row as unknown as Record<string, ColumnValue>)[column.name] ?? null),
      );
      const chunk = DuckDBDataChunk.create(types, slice.length);
      chunk.setColumnsConverted(columns, JSToDuckDBValueConverter);
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

/**
 * Writes a batch of rows, idempotent by (project_id, event_id): replaying a batch after a crash
 * (or writing an event twice) leaves one row per event. Runs on the writer connection.
 */
export function writeErrorsBatch(index: EventIndex, rows: readonly ErrorsRow[]): Promise<WriteResult> {
  if (rows.length === 0) return Promise.resolve({ written: 0, skipped: 0 });
  return index.exclusive(async () => {
    const fresh = newRows(rows, await storedKeys(index, rows));
    if (fresh.length > 0) await appendRows(index, fresh);
    return { written: fresh.length, skipped: rows.length - fresh.length };
  });
}
