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
import type { ColumnSpec } from './schema.ts';
import { quoteIdent } from './schema.ts';

export class ErrorsEncodingError extends Error {
  readonly type = 'errors_encoding';
}

type Encode = (value: unknown) => unknown;

/** How a column's values are written into a line (plain data: it goes to prepare threads). */
export type ValueEncoding = 'value' | 'millis' | 'bigint' | { list: ValueEncoding };

/** What encoding an `errors` row into its line needs of the table: its columns, in order. */
export interface ErrorsLineLayout {
  names: string[];
  encodings: ValueEncoding[];
}

function dateMillis(value: unknown): number {
  const millis = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Number.NaN;
  if (!Number.isFinite(millis)) throw new ErrorsEncodingError('Cannot convert an Invalid Date');
  return millis;
}

function bigintText(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  return value;
}

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

/** Values of this encoding are written as they are (lists of them too). */
function isPlain(encoding: ValueEncoding): boolean {
  return typeof encoding === 'object' ? isPlain(encoding.list) : encoding === 'value';
}

function encoderFor(encoding: ValueEncoding): Encode {
  if (typeof encoding === 'object') {
    const item = encoderFor(encoding.list);
    return (value) => (Array.isArray(value) ? value.map(item) : value);
  }
  switch (encoding) {
    case 'millis':
      return (value) => (value === null || value === undefined ? null : dateMillis(value));
    case 'bigint':
      return bigintText;
    default:
      return (value) => value;
  }
}

export function errorsLineLayout(columns: readonly ColumnSpec[]): ErrorsLineLayout {
  return { names: columns.map((column) => column.name), encodings: columns.map((c) => encodingOf(c.type)) };
}

/**
 * A function that builds a row's line object as one object literal: `{c7: …, c0: …, c1: …}`, the
 * columns in `order`, each value through its column's encoder (plain values as they are). Every
 * row's object then has the same shape, which JSON.stringify serializes about twice as fast as an
 * object given 60 computed keys one by one (measured on a 4.3 KB SDK event: 25 → 12 µs a row). The source is made from
 * column positions and names quoted by JSON.stringify, nothing else.
 */
function shapeOf(
  layout: ErrorsLineLayout,
  order: number[],
): (values: Record<string, unknown>, encoders: Encode[]) => object {
  const fields = order.map((i) => {
    const value = `values[${JSON.stringify(layout.names[i])}] ?? null`;
    return `c${i}: ${isPlain(layout.encodings[i]!) ? value : `encoders[${i}](${value})`}`;
  });
  return new Function('values', 'encoders', `return {${fields.join(', ')}};`) as (
    values: Record<string, unknown>,
    encoders: Encode[],
  ) => object;
}

/** Lines start with the group id, so that one made before the group was known can be given it. */
const GROUP_COLUMN = 'group_id';

/**
 * Encodes rows into lines of `$batch` for a layout: a JSON object per row, fields named by column
 * position, the group id first.
 */
export class ErrorsLineEncoder {
  readonly #encoders: Encode[];
  readonly #prefix: string;
  /** A row's line as an object literal of one fixed shape, keys in line order (see shapeOf). */
  readonly #shape: (values: Record<string, unknown>, encoders: Encode[]) => object;

  constructor(layout: ErrorsLineLayout) {
    this.#encoders = layout.encodings.map(encoderFor);
    const group = layout.names.indexOf(GROUP_COLUMN);
    if (group === -1) throw new TypeError(`errors has no ${GROUP_COLUMN} column`);
    this.#prefix = `{"c${group}":`;
    this.#shape = shapeOf(
      layout,
      [group, ...layout.names.keys()].filter((i, at) => at === 0 || i !== group),
    );
  }

  encode(row: object): string {
    const out = this.#shape(row as Record<string, unknown>, this.#encoders);
    const line = JSON.stringify(out);
    // Lone surrogates become U+FFFD, as they do when a JS string is handed to DuckDB directly.
    return ESCAPED_SURROGATE.test(line) ? JSON.stringify(out, wellFormed) : line;
  }

  /** `line` (encoded by this layout) with another group id. */
  withGroupId(line: string, groupId: number): string {
    if (!line.startsWith(this.#prefix)) throw new TypeError('not a line of this layout');
    const end = line.indexOf(',', this.#prefix.length);
    return `${this.#prefix}${groupId}${line.slice(end)}`;
  }
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

/** Lone surrogates that `JSON.stringify` escapes (`\ud800`); DuckDB's parser rejects them. */
const ESCAPED_SURROGATE = /\\ud[89a-f][0-9a-f]{2}/i;

/** `String.prototype.toWellFormed`: every lone surrogate replaced by U+FFFD. */
function wellFormed(_key: string, value: unknown): unknown {
  return typeof value === 'string'
    ? value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    : value;
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
