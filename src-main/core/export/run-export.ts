/**
 * One export, start to finish: resolve the selection, count it, write the rows to a temp file next
 * to the target, and rename it into place only when complete. A failed or cancelled export leaves
 * nothing behind. Runs wherever the stores are: in the pipeline worker for a running app, or in the
 * CLI against a data dir no server holds.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { FaultlineError } from '../../../src-shared/errors.ts';
import type { ExportRequest } from '../../../src-shared/export-api.ts';
import { duckdbDialect } from '../snql/duckdb-dialect.ts';
import { loadOutcomes } from '../snql/outcomes-source.ts';
import { metadataReadError, type SqliteDb } from '../store/sqlite.ts';
import {
  CSV_TAG_COLUMNS,
  csvCell,
  csvColumns,
  errorsColumns,
  parquetColumns,
  resultColumns,
  topTagKeys,
} from './columns.ts';
import { CSV_OPTIONS, copyTo, enableProgress, PARQUET_OPTIONS, throwIfCancelled } from './copy.ts';
import { eventJsonReader } from './event-json.ts';
import { writeJsonl } from './jsonl.ts';
import { writeParquetWithEvents } from './parquet-events.ts';
import { type RowSource, rowSource } from './selection.ts';

export { ExportCancelledError } from './copy.ts';

export interface ExportStores {
  /** A new DuckDB connection on the event index (closed by the export). */
  connect(): Promise<DuckDBConnection>;
  /** SQLite: groups (for issue selections) and nodestore (event JSON). */
  db: SqliteDb;
}

export interface ExportCounters {
  rows: number;
  total: number | null;
}

export interface RunExportOptions {
  signal?: AbortSignal;
  onProgress?: (counters: ExportCounters) => void;
  now?: number;
}

export interface ExportResult {
  rows: number;
  bytes: number;
  file: string;
}

function checkRequest(request: ExportRequest, source: RowSource): void {
  const needsEvents = request.format === 'jsonl' || request.includeEvent === true;
  if (request.includeEvent && request.format !== 'parquet')
    throw new FaultlineError('invalid_params', 'the event JSON column is for Parquet exports');
  if (needsEvents && !source.hasEventKeys)
    throw new FaultlineError(
      'invalid_query',
      'to export events, the SnQL query must select event_id and project_id',
    );
}

async function countRows(conn: DuckDBConnection, source: RowSource): Promise<number> {
  const reader = await conn.runAndReadAll(
    `SELECT count(*) FROM (${source.select('1')})`,
    source.params.values,
    source.params.types,
  );
  return Number(reader.getRowsJS()[0]?.[0] ?? 0);
}

async function selectList(conn: DuckDBConnection, source: RowSource, csv: boolean): Promise<string> {
  if (source.kind === 'snql') {
    const columns = await resultColumns(conn, source);
    if (!csv) return parquetColumns(columns);
    return columns.map((c) => `${csvCell(c)} AS ${duckdbDialect.ident(c.name)}`).join(', ');
  }
  const columns = await errorsColumns(conn);
  if (!csv) return parquetColumns(columns);
  return csvColumns(columns, await topTagKeys(conn, source, CSV_TAG_COLUMNS));
}

async function writeRows(
  stores: ExportStores,
  conn: DuckDBConnection,
  request: ExportRequest,
  source: RowSource,
  temp: string,
  total: number,
  options: RunExportOptions,
): Promise<number> {
  const report = (rows: number) => options.onProgress?.({ rows, total });
  const control = { signal: options.signal, onRows: report };
  const onFraction = (fraction: number) => report(Math.floor(fraction * total));
  switch (request.format) {
    case 'jsonl':
      return (await writeJsonl(conn, source, temp, eventJsonReader(stores.db), control)).rows;
    case 'csv':
      return copyTo(
        conn,
        source.select(await selectList(conn, source, true)),
        source.params,
        temp,
        CSV_OPTIONS,
        {
          signal: options.signal,
          onFraction,
        },
      );
    case 'parquet': {
      const columns = await selectList(conn, source, false);
      if (request.includeEvent)
        return writeParquetWithEvents(
          () => prepared(stores, source),
          source,
          columns,
          temp,
          eventJsonReader(stores.db),
          control,
        );
      return copyTo(conn, source.select(columns), source.params, temp, PARQUET_OPTIONS, {
        signal: options.signal,
        onFraction,
      });
    }
  }
}

/** A connection ready for the source: progress on, per-query relations (outcomes) loaded. */
async function prepared(stores: ExportStores, source: RowSource): Promise<DuckDBConnection> {
  const conn = await stores.connect();
  try {
    await enableProgress(conn);
    const translation = source.translation;
    if (translation?.storages.includes('outcomes_hourly'))
      await loadOutcomes(conn, stores.db, translation.timeRanges);
    return conn;
  } catch (error) {
    conn.closeSync();
    throw error;
  }
}

/** The temp file of a target: beside it (so the rename is atomic), hidden, unique. */
export function tempFileFor(target: string): string {
  const suffix = crypto.randomBytes(6).toString('hex');
  return path.join(path.dirname(target), `.${path.basename(target)}.${suffix}.partial`);
}

/** File system errors whose message names no file (ENOSPC) or the temp file: the target instead. */
const WRITE_ERRORS = new Set(['ENOSPC', 'EACCES', 'EPERM', 'EROFS', 'EDQUOT', 'EIO', 'EFBIG']);

/**
 * A failure to write the file, worded with the path the user gave: Node's ENOSPC named no file,
 * DuckDB's errors the hidden temp file. Other errors (an invalid query, a cancel) pass unchanged.
 */
function writeError(error: unknown, temp: string, target: string): unknown {
  if (!(error instanceof Error)) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const namesTemp = error.message.includes(path.basename(temp));
  if (!namesTemp && !(code && WRITE_ERRORS.has(code))) return error;
  const message = error.message.replaceAll(temp, target);
  return new Error(`cannot write ${target}: ${message}`);
}

export async function runExport(
  stores: ExportStores,
  request: ExportRequest,
  target: string,
  options: RunExportOptions = {},
): Promise<ExportResult> {
  try {
    return await writeExport(stores, request, target, options);
  } catch (error) {
    // "database disk image is malformed" named no file and no remedy.
    throw metadataReadError(stores.db, error);
  }
}

async function writeExport(
  stores: ExportStores,
  request: ExportRequest,
  target: string,
  options: RunExportOptions,
): Promise<ExportResult> {
  // An invalid query throws its SnqlError (type invalid_query, with the position).
  const source = rowSource(stores.db, request.selection, options.now ?? Date.now());
  checkRequest(request, source);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temp = tempFileFor(target);
  const conn = await prepared(stores, source);
  try {
    const total = await countRows(conn, source);
    options.onProgress?.({ rows: 0, total });
    const rows = await writeRows(stores, conn, request, source, temp, total, options);
    throwIfCancelled(options.signal);
    fs.renameSync(temp, target);
    options.onProgress?.({ rows, total });
    return { rows, bytes: fs.statSync(target).size, file: target };
  } catch (error) {
    fs.rmSync(temp, { force: true });
    fs.rmSync(`${temp}.parts`, { recursive: true, force: true });
    throw writeError(error, temp, target);
  } finally {
    conn.closeSync();
  }
}
