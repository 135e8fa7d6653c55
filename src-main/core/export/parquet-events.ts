/**
 * Parquet with the event JSON as a column. The JSON lives in SQLite (nodestore), which DuckDB
 * cannot read, so it is brought over a slice at a time, in three streaming steps:
 *  1. stage: one COPY writes the selection's rows to a folder of small Parquet files (DuckDB
 *     starts a new file every few row groups), one pass over the index whatever the export's size;
 *  2. parts: for each staged file, its event keys are read back, their JSON is appended to a fresh
 *     temp table, and the file's rows joined with it are written to a part file;
 *  3. merge: the parts are copied into one Parquet file.
 * Memory holds one staged file's JSON at a time, so it stays flat as the export grows, and the
 * index is scanned once (joining every slice against the whole selection made the time quadratic).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { copyTo, PARQUET_OPTIONS, sqlPath, throwIfCancelled } from './copy.ts';
import type { EventJsonReader } from './event-json.ts';
import { EVENT_KEY_COLUMNS } from './jsonl.ts';
import type { RowSource } from './selection.ts';

/**
 * Rows per row group of the staged files, and row groups per staged file: a staged file is one
 * slice, whose event JSON is held in memory (about 4 KB an event) while its part is written.
 */
const STAGE_ROW_GROUP_ROWS = 4096;
const STAGE_ROW_GROUPS_PER_FILE = 1;
/** Rows per row group of the output: event JSON makes rows large, and a row group is buffered while written. */
export const EVENT_ROW_GROUP_ROWS = 4096;
const EVENT_PARQUET_OPTIONS = `FORMAT parquet, PRESERVE_ORDER false, ROW_GROUP_SIZE ${EVENT_ROW_GROUP_ROWS}`;

const NO_PARAMS = { values: [], types: [] };

export interface ParquetEventsControl {
  signal?: AbortSignal | undefined;
  onRows?: ((rows: number) => void) | undefined;
}

/** Step 1: the selection's rows as `dir/data_N.parquet` files, in the order DuckDB names them. */
async function stageRows(
  conn: DuckDBConnection,
  source: RowSource,
  columns: string,
  dir: string,
  signal: AbortSignal | undefined,
): Promise<string[]> {
  await copyTo(
    conn,
    source.select(columns),
    source.params,
    dir,
    `FORMAT parquet, PRESERVE_ORDER false, ROW_GROUP_SIZE ${STAGE_ROW_GROUP_ROWS}, ROW_GROUPS_PER_FILE ${STAGE_ROW_GROUPS_PER_FILE}`,
    { signal },
  );
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.parquet'))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((name) => path.join(dir, name));
}

/**
 * Step 2a: the staged file's event JSON in a fresh temp table. A table reused with DELETE keeps
 * its string blocks, so memory would grow with the whole export; a dropped one gives them back.
 * Keys are distinct so that a row repeated by the query is not multiplied by the join.
 */
async function loadEvents(conn: DuckDBConnection, staged: string, readEvent: EventJsonReader): Promise<void> {
  const keys = await conn.runAndReadAll(
    `SELECT DISTINCT ${EVENT_KEY_COLUMNS} FROM read_parquet(${sqlPath(staged)})`,
  );
  const [projectColumn = [], eventColumn = []] = keys.getColumnsJS();
  const projectIds = projectColumn.map(Number);
  const eventIds = eventColumn.map(String);
  const events = readEvent(projectIds, eventIds);
  await conn.run(
    'CREATE OR REPLACE TEMP TABLE export_events (project_id BIGINT, event_id VARCHAR, event VARCHAR)',
  );
  const appender = await conn.createAppender('export_events', 'main', 'temp');
  try {
    eventIds.forEach((eventId, i) => {
      appender.appendBigInt(BigInt(projectIds[i] ?? 0));
      appender.appendVarchar(eventId);
      appender.appendVarchar(events[i]?.toString('utf8') ?? 'null');
      appender.endRow();
    });
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

/** Step 2b: the staged file's rows with their event JSON, as a part file. */
async function writePart(
  conn: DuckDBConnection,
  staged: string,
  part: string,
  readEvent: EventJsonReader,
  signal: AbortSignal | undefined,
): Promise<number> {
  await loadEvents(conn, staged, readEvent);
  try {
    const joined = `SELECT r.*, j.event FROM read_parquet(${sqlPath(staged)}) r
      JOIN export_events j ON CAST(r.project_id AS BIGINT) = j.project_id
        AND replace(CAST(r.event_id AS VARCHAR), '-', '') = j.event_id`;
    return await copyTo(conn, joined, NO_PARAMS, part, EVENT_PARQUET_OPTIONS, { signal });
  } finally {
    await conn.run('DROP TABLE IF EXISTS export_events');
  }
}

/** No rows: still a valid Parquet file with the columns. */
async function writeEmpty(
  conn: DuckDBConnection,
  source: RowSource,
  columns: string,
  file: string,
  signal: AbortSignal | undefined,
): Promise<number> {
  await copyTo(
    conn,
    `SELECT r.*, NULL::VARCHAR AS event FROM (${source.select(columns)}) r LIMIT 0`,
    source.params,
    file,
    PARQUET_OPTIONS,
    { signal },
  );
  return 0;
}

/**
 * `columns` is the select list of the staged rows. Its types survive the Parquet round trips of
 * the parts (timestamps are TIMESTAMPTZ already: a zone-less TIMESTAMP_MS would come back as
 * TIMESTAMP).
 */
export async function writeParquetWithEvents(
  connect: () => Promise<DuckDBConnection>,
  source: RowSource,
  columns: string,
  file: string,
  readEvent: EventJsonReader,
  control: ParquetEventsControl,
): Promise<number> {
  const workDir = `${file}.parts`;
  const stageDir = path.join(workDir, 'stage');
  fs.mkdirSync(workDir, { recursive: true });
  const conn = await connect();
  try {
    const staged = await stageRows(conn, source, columns, stageDir, control.signal);
    const parts: string[] = [];
    let rows = 0;
    for (const stagedFile of staged) {
      throwIfCancelled(control.signal);
      const part = path.join(workDir, `${String(parts.length).padStart(6, '0')}.parquet`);
      rows += await writePart(conn, stagedFile, part, readEvent, control.signal);
      // The staged slice is not needed any more: the disk holds about one copy of the export.
      fs.rmSync(stagedFile, { force: true });
      parts.push(part);
      control.onRows?.(rows);
    }
    if (rows === 0) return await writeEmpty(conn, source, columns, file, control.signal);
    const list = `[${parts.map(sqlPath).join(', ')}]`;
    await copyTo(conn, `SELECT * FROM read_parquet(${list})`, NO_PARAMS, file, EVENT_PARQUET_OPTIONS, {
      signal: control.signal,
    });
    return rows;
  } finally {
    conn.closeSync();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}
