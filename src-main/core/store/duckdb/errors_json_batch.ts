/**
 * The bulk path into `errors`: a batch of rows becomes one text parameter, a JSON object per line,
 * that DuckDB splits and unpacks with `from_json` into typed columns inside one `INSERT … SELECT`. The per-value work (hundreds of strings
 * per row: tags, contexts, frames, modules) then runs in DuckDB's C++ instead of one N-API call
 * per value through the Appender's JS value converter, and off the JavaScript thread (the query
 * is awaited), so the worker can go on with other work meanwhile.
 *
 * Values are encoded the way the Appender's converter writes them: dates as epoch milliseconds
 * (TIMESTAMP keeps microseconds, TIMESTAMP_MS milliseconds), 64-bit integers as decimal strings
 * (exact beyond 2^53), UUIDs and strings as JSON strings.
 */
import { DuckDBListType, type DuckDBType, DuckDBTypeId } from '@duckdb/node-api';
import { ErrorsLineEncoder, type ErrorsLineLayout, type ValueEncoding } from './errors_line.ts';
import type { ColumnSpec } from './schema.ts';
import { quoteIdent } from './schema.ts';

function encodingOf(type: DuckDBType): ValueEncoding {
  if (type instanceof DuckDBListType) return { list: encodingOf(type.valueType) };
  switch (type.typeId) {
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_MS:
      return 'millis';
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      return 'bigint';
    default:
      return 'value';
  }
}

export function errorsLineLayout(columns: readonly ColumnSpec[]): ErrorsLineLayout {
  return { names: columns.map((column) => column.name), encodings: columns.map((c) => encodingOf(c.type)) };
}

/** The `from_json` structure of one column: lists as `[T]`, timestamps read as epoch milliseconds. */
function structureOf(type: DuckDBType): unknown {
  if (type instanceof DuckDBListType) return [structureOf(type.valueType)];
  if (type.typeId === DuckDBTypeId.TIMESTAMP || type.typeId === DuckDBTypeId.TIMESTAMP_MS) return 'BIGINT';
  return type.toString();
}

/** Epoch milliseconds back to the column's timestamp type; everything else is already typed. */
function selectExpression(field: string, type: DuckDBType): string {
  if (type.typeId === DuckDBTypeId.TIMESTAMP) return `epoch_ms(${field})`;
  if (type.typeId === DuckDBTypeId.TIMESTAMP_MS) return `epoch_ms(${field})::TIMESTAMP_MS`;
  return field;
}

function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

export interface ErrorsJsonBatch {
  /** `INSERT INTO errors …` reading the rows from the `$batch` parameter: their lines joined by `\n`. */
  readonly sql: string;
  /** Rows as lines of `$batch`: JSON objects. */
  readonly encoder: ErrorsLineEncoder;
}

/** Builds the statement and encoder for the table's columns (in its physical order). */
export function errorsJsonBatch(columns: readonly ColumnSpec[]): ErrorsJsonBatch {
  const fields = columns.map((_, i) => `c${i}`);
  const structure: Record<string, unknown> = {};
  columns.forEach((column, i) => {
    structure[fields[i]!] = structureOf(column.type);
  });
  const select = columns.map((column, i) => selectExpression(fields[i]!, column.type)).join(', ');
  // One JSON document per line (JSON text never holds a raw newline): splitting first keeps each
  // `from_json` call small, which DuckDB handles several times faster than one large array.
  const sql =
    `INSERT INTO errors (${columns.map((c) => quoteIdent(c.name)).join(', ')}) ` +
    `SELECT ${select} FROM (SELECT unnest(from_json(line, ${sqlString(JSON.stringify(structure))})) ` +
    `FROM (SELECT unnest(string_split($batch, chr(10))) AS line))`;
  return { sql, encoder: new ErrorsLineEncoder(errorsLineLayout(columns)) };
}
