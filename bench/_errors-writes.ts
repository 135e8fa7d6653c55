/**
 * Ways of writing the same `errors` rows (encoded lines, group ids in) into a fresh DuckDB table,
 * each timed and then checked by counting the rows: as the worker writes them (`writeErrorsBatch`,
 * the from_json INSERT), through the Appender (`DuckDBDataChunkWriter.appendRow`, plain JS values),
 * and with the worker's INSERT into a table of the same columns without constraints.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  type DuckDBConnection,
  DuckDBDataChunkWriter,
  type JS,
  JSToDuckDBValueConverter,
} from '@duckdb/node-api';
import { EVENT_INDEX_FILE } from '../src-main/core/pipeline/paths.ts';
import { errorsJsonBatch, errorsLineLayout } from '../src-main/core/store/duckdb/errors_json_batch.ts';
import type { ValueEncoding } from '../src-main/core/store/duckdb/errors_line.ts';
import { type ErrorsLine, writeErrorsBatch } from '../src-main/core/store/duckdb/errors_writer.ts';
import {
  type EventIndex,
  openDuckdb,
  openEventIndex,
} from '../src-main/core/store/duckdb/open_event_index.ts';
import { type ColumnSpec, quoteIdent } from '../src-main/core/store/duckdb/schema.ts';
import { type Measured, measured, slices } from './_measured.ts';

async function countRows(conn: DuckDBConnection, expected: number, way: string): Promise<void> {
  const reader = await conn.runAndReadAll('SELECT count(*) FROM errors');
  const count = Number(reader.getRowsJS()[0]?.[0]);
  if (count !== expected) throw new Error(`${way}: ${count} rows in errors, not ${expected}`);
}

/** `work` on a fresh event index (`openEventIndex` in a temp dir, removed after). */
async function inFreshIndex<T>(work: (index: EventIndex) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-bench-errors-'));
  const index = await openEventIndex(path.join(dir, EVENT_INDEX_FILE));
  try {
    return await work(index);
  } finally {
    index.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * As the worker writes: `writeErrorsBatch` in statements of `statement` rows, no stored ids to look
 * up. With `passes` > 1 the same rows fill one table that many times (their event ids repeat: the
 * table has no key) and only the last pass is timed: what a row costs once the table holds more.
 * `vacuumTasks` sets DuckDB's `max_vacuum_tasks` (the event index opens with 0; DuckDB's default is 100).
 */
export function writeFromJson(
  rows: readonly ErrorsLine[],
  statement: number,
  { passes = 1, vacuumTasks }: { passes?: number; vacuumTasks?: number } = {},
): Promise<Measured> {
  return inFreshIndex(async (index) => {
    if (vacuumTasks !== undefined) await index.writer.run(`SET GLOBAL max_vacuum_tasks = ${vacuumTasks}`);
    const pass = async () => {
      for (const slice of slices(rows, statement))
        await writeErrorsBatch(index, slice, { checkStored: false });
    };
    for (let filled = 1; filled < passes; filled++) await pass();
    const result = await measured(pass);
    await countRows(index.writer, rows.length * passes, 'from_json INSERT');
    return result;
  });
}

/** A line's value back as the plain JS value the Appender's converter takes. */
function jsValue(value: unknown, encoding: ValueEncoding): JS {
  if (value === null || value === undefined) return null;
  if (typeof encoding === 'object') return (value as unknown[]).map((item) => jsValue(item, encoding.list));
  switch (encoding) {
    case 'millis':
      return new Date(value as number);
    case 'bigint':
      return typeof value === 'string' ? BigInt(value) : (value as number);
    case 'value':
      return value as JS;
  }
}

/**
 * The rows as the Appender takes them: per row, the values in column order, as plain JS (dates,
 * bigints). Made before any clock starts, as the lines are for the INSERT.
 */
export function appenderRows(rows: readonly ErrorsLine[], columns: readonly ColumnSpec[]): JS[][] {
  const { encodings } = errorsLineLayout(columns);
  return rows.map((row) => {
    // Line fields are named by column position.
    const fields = JSON.parse(row.line) as Record<string, unknown>;
    return encodings.map((encoding, i) => jsValue(fields[`c${i}`], encoding));
  });
}

/** The same rows through the Appender (JS values converted on the way), flushed every `statement` rows. */
export function writeWithAppender(values: readonly JS[][], statement: number): Promise<Measured> {
  return inFreshIndex(async (index) => {
    const result = await measured(async () => {
      const appender = await index.writer.createAppender('errors');
      const writer = DuckDBDataChunkWriter.forAppender(appender, { converter: JSToDuckDBValueConverter });
      for (const slice of slices(values, statement)) {
        for (const row of slice) writer.appendRow(row);
        writer.flush();
        appender.flushSync();
      }
      appender.closeSync();
    });
    await countRows(index.writer, values.length, 'Appender');
    return result;
  });
}

/** What a fresh `errors` table carries besides its columns: constraints by type and indexes (none: ''). */
export function errorsConstraints(): Promise<string> {
  return inFreshIndex(async (index) => {
    const constraints = await index.writer.runAndReadAll(
      `SELECT constraint_type, count(*)::INTEGER FROM duckdb_constraints()
       WHERE table_name = 'errors' GROUP BY ALL ORDER BY ALL`,
    );
    const indexes = await index.writer.runAndReadAll(
      "SELECT count(*)::INTEGER FROM duckdb_indexes() WHERE table_name = 'errors'",
    );
    const indexCount = Number(indexes.getRowsJS()[0]?.[0] ?? 0);
    return [
      ...constraints.getRowsJS().map(([type, n]) => `${String(n)} ${String(type)}`),
      ...(indexCount > 0 ? [`${indexCount} index(es)`] : []),
    ].join(', ');
  });
}

/** The worker's INSERT (prepared once) into a table of the same columns and types, no constraint at all. */
export async function writeUnconstrained(
  rows: readonly ErrorsLine[],
  statement: number,
  columns: readonly ColumnSpec[],
): Promise<Measured> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-bench-errors-'));
  const instance = await openDuckdb(path.join(dir, EVENT_INDEX_FILE));
  const conn = await instance.connect();
  try {
    await conn.run(
      `CREATE TABLE errors (${columns.map((c) => `${quoteIdent(c.name)} ${c.type.toString()}`).join(', ')})`,
    );
    const result = await measured(async () => {
      const insert = await conn.prepare(errorsJsonBatch(columns).sql);
      for (const slice of slices(rows, statement)) {
        insert.bind({ batch: slice.map((row) => row.line).join('\n') });
        await insert.run();
      }
    });
    await countRows(conn, rows.length, 'unconstrained INSERT');
    return result;
  } finally {
    conn.closeSync();
    instance.closeSync();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
