/**
 * JSONL export: the full normalized event JSON from nodestore, one event per line, in the order
 * the selection yields them. Event ids stream from DuckDB a chunk at a time and lines are written
 * in bounded batches, so memory stays flat for any number of events.
 */
import fs from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { throwIfCancelled } from './copy.ts';
import type { EventJsonReader } from './event-json.ts';
import type { RowSource } from './selection.ts';

const NEWLINE = Buffer.from('\n');
/** Buffered bytes before a write. */
const WRITE_BATCH_BYTES = 4 * 1024 * 1024;

export const EVENT_KEY_COLUMNS = `CAST(project_id AS BIGINT) AS project_id, replace(CAST(event_id AS VARCHAR), '-', '') AS event_id`;

export interface EventKeyBatch {
  projectIds: number[];
  eventIds: string[];
}

/** The selection's (project, event id) pairs, one DuckDB chunk (≤ 2048 rows) at a time. */
export async function* eventKeyBatches(
  conn: DuckDBConnection,
  source: RowSource,
): AsyncGenerator<EventKeyBatch> {
  const result = await conn.stream(
    source.select(EVENT_KEY_COLUMNS),
    source.params.values,
    source.params.types,
  );
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) return;
    yield {
      projectIds: chunk.getColumnValues(0).map(Number),
      eventIds: chunk.getColumnValues(1).map(String),
    };
  }
}

export interface JsonlResult {
  rows: number;
  /** Events the index lists but nodestore does not hold (not written). */
  missing: number;
}

export async function writeJsonl(
  conn: DuckDBConnection,
  source: RowSource,
  file: string,
  readEvent: EventJsonReader,
  control: { signal?: AbortSignal | undefined; onRows?: ((rows: number) => void) | undefined },
): Promise<JsonlResult> {
  const handle = await fs.promises.open(file, 'w');
  let rows = 0;
  let missing = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    const bytes = Buffer.concat(pending, pendingBytes);
    // A write may take only part of the buffer (a disk filling up takes what fits): go on with the
    // rest, so that the next write fails with ENOSPC rather than the file ending short, silently.
    for (let offset = 0; offset < bytes.length; ) offset += (await handle.write(bytes, offset)).bytesWritten;
    pending = [];
    pendingBytes = 0;
  };
  try {
    for await (const batch of eventKeyBatches(conn, source)) {
      throwIfCancelled(control.signal);
      for (const json of readEvent(batch.projectIds, batch.eventIds)) {
        if (!json) {
          missing++;
          continue;
        }
        pending.push(json, NEWLINE);
        pendingBytes += json.length + 1;
        rows++;
      }
      if (pendingBytes >= WRITE_BATCH_BYTES) await flush();
      control.onRows?.(rows);
    }
    await flush();
  } finally {
    await handle.close();
  }
  return { rows, missing };
}
