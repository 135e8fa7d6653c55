/**
 * Parquet with the event JSON as a column. The JSON lives in SQLite (nodestore), which DuckDB
 * cannot read, so it is brought over a slice at a time: each slice of event ids gets its JSON in a
 * temp table, the slice's rows joined with it are written to a part file, and the parts are joined
 * into one Parquet file at the end. Memory holds one slice, whatever the export's size.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BIGINT, type DuckDBConnection, LIST, listValue, VARCHAR } from '@duckdb/node-api';
import { copyTo, PARQUET_OPTIONS, sqlPath, throwIfCancelled } from './copy.ts';
import type { EventJsonReader } from './event-json.ts';
import { eventKeyBatches } from './jsonl.ts';
import type { RowSource } from './selection.ts';

/** Events per part file. */
const SLICE_ROWS = 20_000;
/** Rows per row group: event JSON makes rows large, and a row group is buffered while written. */
export const EVENT_ROW_GROUP_ROWS = 4096;

interface Slice {
  projectIds: bigint[];
  eventIds: string[];
  events: string[];
}

function emptySlice(): Slice {
  return { projectIds: [], eventIds: [], events: [] };
}

async function writePart(
  conn: DuckDBConnection,
  source: RowSource,
  columns: string,
  slice: Slice,
  file: string,
  signal: AbortSignal | undefined,
): Promise<number> {
  await conn.run('DELETE FROM export_events');
  await conn.run(
    'INSERT INTO export_events SELECT unnest($projects), unnest($ids), unnest($events)',
    {
      projects: listValue(slice.projectIds),
      ids: listValue(slice.eventIds),
      events: listValue(slice.events),
    },
    { projects: LIST(BIGINT), ids: LIST(VARCHAR), events: LIST(VARCHAR) },
  );

  const joined = `SELECT r.*, j.event FROM (${source.select(columns)}) r
    JOIN export_events j ON CAST(r.project_id AS BIGINT) = j.project_id
      AND replace(CAST(r.event_id AS VARCHAR), '-', '') = j.event_id`;
  return copyTo(
    conn,
    joined,
    source.params,
    file,
    `FORMAT parquet, PRESERVE_ORDER false, ROW_GROUP_SIZE ${EVENT_ROW_GROUP_ROWS}`,
    {
      signal,
    },
  );
}

export async function writeParquetWithEvents(
  connect: () => Promise<DuckDBConnection>,
  source: RowSource,
  columns: { select: string; merge: string },
  file: string,
  readEvent: EventJsonReader,
  control: { signal?: AbortSignal | undefined; onRows?: ((rows: number) => void) | undefined },
): Promise<number> {
  const partsDir = `${file}.parts`;
  fs.mkdirSync(partsDir, { recursive: true });
  const reader = await connect();
  const writer = await connect();
  const parts: string[] = [];
  let rows = 0;
  try {
    await writer.run('CREATE TEMP TABLE export_events (project_id BIGINT, event_id VARCHAR, event VARCHAR)');
    let slice = emptySlice();
    const flush = async () => {
      if (slice.eventIds.length === 0) return;
      const part = path.join(partsDir, `${String(parts.length).padStart(6, '0')}.parquet`);
      rows += await writePart(writer, source, columns.select, slice, part, control.signal);
      parts.push(part);
      slice = emptySlice();
      control.onRows?.(rows);
    };
    for await (const batch of eventKeyBatches(reader, source)) {
      throwIfCancelled(control.signal);
      const events = readEvent(batch.projectIds, batch.eventIds);
      batch.eventIds.forEach((eventId, i) => {
        slice.projectIds.push(BigInt(batch.projectIds[i] ?? 0));
        slice.eventIds.push(eventId);
        slice.events.push(events[i]?.toString('utf8') ?? 'null');
      });
      if (slice.eventIds.length >= SLICE_ROWS) await flush();
    }
    await flush();
    if (parts.length === 0) {
      // No rows: still a valid Parquet file with the columns.
      await copyTo(
        writer,
        `SELECT r.*, NULL::VARCHAR AS event FROM (${source.select(columns.select)}) r LIMIT 0`,
        source.params,
        file,
        PARQUET_OPTIONS,
        { signal: control.signal },
      );
      return 0;
    }
    const list = `[${parts.map(sqlPath).join(', ')}]`;
    await copyTo(
      writer,
      `SELECT ${columns.merge} FROM read_parquet(${list})`,
      { values: [], types: [] },
      file,
      `FORMAT parquet, PRESERVE_ORDER false, ROW_GROUP_SIZE ${EVENT_ROW_GROUP_ROWS}`,
      { signal: control.signal },
    );
    return rows;
  } finally {
    reader.closeSync();
    writer.closeSync();
    fs.rmSync(partsDir, { recursive: true, force: true });
  }
}
