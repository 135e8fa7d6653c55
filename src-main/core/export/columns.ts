/**
 * The column lists of an export. Parquet keeps the `errors` columns with their types (lists stay
 * lists), except that timestamps are written marked as UTC (TIMESTAMPTZ: Parquet's
 * isAdjustedToUTC), which pandas and pyarrow otherwise read as naive local times. CSV flattens
 * them: lists joined with `|` (a NULL item as an empty one), timestamps as ISO 8601 UTC, UUIDs as
 * Sentry's 32 hex digits, and the tags as one `tags[key]` column per key for the most used keys;
 * text a spreadsheet would run as a formula is neutralized (`neutralized`).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { duckdbDialect } from '../snql/duckdb-dialect.ts';
import type { RowSource } from './selection.ts';

const ident = duckdbDialect.ident;

/** How many tag keys become CSV columns (the most used ones in the selection). */
export const CSV_TAG_COLUMNS = 50;
/** What CSV cells join list values with. */
export const CSV_LIST_SEPARATOR = '|';

/** Columns CSV leaves out: hashes for ClickHouse's indexes, and the tags (as `tags[key]` instead). */
const CSV_DROPPED = new Set(['_tags_hash_map', '_flags_hash_map', 'tags.key', 'tags.value']);

export interface TableColumn {
  name: string;
  /** DuckDB's type name (`VARCHAR[]`, `TIMESTAMP`, `UUID` …). */
  type: string;
}

/** The `errors` columns as the table has them (an older data dir may lack newer ones). */
export async function errorsColumns(conn: DuckDBConnection): Promise<TableColumn[]> {
  const reader = await conn.runAndReadAll(
    `SELECT column_name, data_type FROM duckdb_columns()
     WHERE schema_name = 'main' AND table_name = 'errors' ORDER BY column_index`,
  );
  return reader.getRowsJS().map(([name, type]) => ({ name: String(name), type: String(type) }));
}

/** The columns of a SnQL selection's result, with DuckDB's types. */
export async function resultColumns(conn: DuckDBConnection, source: RowSource): Promise<TableColumn[]> {
  const reader = await conn.runAndReadAll(
    `${source.select('*')} LIMIT 0`,
    source.params.values,
    source.params.types,
  );
  const types = reader.columnTypes();
  return reader.columnNames().map((name, i) => ({ name, type: String(types[i]) }));
}

/** DuckDB's zone-less timestamp types, outside quoted (struct field) names. */
const NAIVE_TIMESTAMP = /"(?:[^"]|"")*"|\bTIMESTAMP(?:_S|_MS|_NS)?\b(?! WITH TIME ZONE)/g;

/**
 * A column's type in a Parquet export: every timestamp (also in lists and tuples) as TIMESTAMPTZ.
 * The values are UTC already and the session zone is pinned to UTC (`openDuckdb`), so the cast
 * keeps the instant. DuckDB has no millisecond TIMESTAMPTZ: `timestamp_ms` is written in
 * microseconds, its values unchanged.
 */
function parquetType(type: string): string {
  return type.replace(NAIVE_TIMESTAMP, (match) => (match.startsWith('"') ? match : 'TIMESTAMPTZ'));
}

/** Each column under its own name, cast to its Parquet export type where that differs. */
export function parquetColumns(columns: readonly TableColumn[]): string {
  return columns
    .map((c) => {
      const type = parquetType(c.type);
      return type === c.type ? ident(c.name) : `CAST(${ident(c.name)} AS ${type}) AS ${ident(c.name)}`;
    })
    .join(', ');
}

/** One scalar value as CSV text, by its DuckDB type (NULL stays NULL). */
function csvScalar(sql: string, type: string): string {
  if (type === 'UUID') return `replace(${sql}::VARCHAR, '-', '')`;
  if (type === 'TIMESTAMP') return `strftime(${sql}, '%Y-%m-%dT%H:%M:%SZ')`;
  if (type === 'TIMESTAMP_MS') return `strftime(${sql}, '%Y-%m-%dT%H:%M:%S.%gZ')`;
  if (type === 'DATE') return `strftime(${sql}, '%Y-%m-%d')`;
  return sql;
}

/**
 * A text cell a spreadsheet would not take for a formula (CSV injection): one that starts with `=`,
 * `+`, `-`, `@`, a tab or a carriage return gets a single quote in front, as OWASP recommends —
 * unless it is a number (`-5`, `+1.5e3`), which stays a number. The value is computed once (the
 * one-item list's lambda), however long its expression.
 */
function neutralized(sql: string): string {
  const formula = `regexp_matches(__c, '^[=+@\\t\\r-]')`;
  const number = `regexp_matches(__c, '^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?$')`;
  return `list_transform([${sql}], lambda __c: CASE WHEN ${formula} AND NOT ${number} THEN '''' || __c ELSE __c END)[1]`;
}

/** A column as one CSV cell, neutralized when it is text (`neutralized`). */
export function csvCell(column: TableColumn): string {
  const cell = csvValue(column);
  return column.type === 'VARCHAR' || column.type.endsWith('[]') ? neutralized(cell) : cell;
}

/**
 * A column as one CSV cell's value. A list's items are joined with `|`, a NULL item as an empty one, so
 * the parallel lists of a row (`exception_frames.function` beside `exception_frames.lineno`) keep
 * their positions. A tuple (a SnQL result's `tags`, `exception_stacks`) is written as JSON, its
 * fields as an array, as the SnQL response shows it.
 */
function csvValue(column: TableColumn): string {
  const name = ident(column.name);
  if (column.type.includes('STRUCT')) return `CAST(to_json(${tuplesAsLists(name, column.type)}) AS VARCHAR)`;
  if (column.type.endsWith('[]')) {
    const element = column.type.slice(0, -2);
    // Lambda parameters are named so that no result column (a query's `v`, `t`) can shadow them.
    const item = `coalesce(CAST(${csvScalar('__v', element)} AS VARCHAR), '')`;
    return `array_to_string(list_transform(${name}, lambda __v: ${item}), '${CSV_LIST_SEPARATOR}')`;
  }
  // Snuba shows span ids as 16 hex digits.
  if (column.name === 'span_id' && column.type === 'UBIGINT') return `printf('%016x', ${name})`;
  return csvScalar(name, column.type);
}

/** `STRUCT("1" A, "2" B)` values (and lists of them) with each tuple as a JSON array. */
function tuplesAsLists(sql: string, type: string): string {
  if (type.endsWith('[]')) {
    return `list_transform(${sql}, lambda __t: ${tuplesAsLists('__t', type.slice(0, -2))})`;
  }
  const fields = [...type.matchAll(/"((?:[^"]|"")*)" /g)].map((m) => m[1] ?? '');
  if (!type.startsWith('STRUCT(') || fields.length === 0) return sql;
  return `json_array(${fields.map((f) => `${sql}."${f}"`).join(', ')})`;
}

/** The most used tag keys of the selection, most used first. */
export async function topTagKeys(
  conn: DuckDBConnection,
  source: RowSource,
  limit: number,
): Promise<string[]> {
  const keys = source.select('unnest("tags.key") AS k');
  const reader = await conn.runAndReadAll(
    `SELECT k FROM (${keys}) GROUP BY k ORDER BY count(*) DESC, k LIMIT ${limit}`,
    source.params.values,
    source.params.types,
  );
  return reader.getRowsJS().map(([key]) => String(key));
}

/**
 * The CSV select list. Tag keys are literals in the SQL text (single quotes doubled): the key list
 * comes from the data, not from the request, and a COPY cannot take more parameters than its query.
 */
export function csvColumns(columns: readonly TableColumn[], tagKeys: readonly string[]): string {
  const cells = columns
    .filter((c) => !CSV_DROPPED.has(c.name))
    .map((c) => `${csvCell(c)} AS ${ident(c.name)}`);
  const tags = [...tagKeys].sort().map((key) => {
    const literal = `'${key.replaceAll("'", "''")}'`;
    return `${neutralized(`"tags.value"[list_position("tags.key", ${literal})]`)} AS ${ident(`tags[${key}]`)}`;
  });
  return [...cells, ...tags].join(', ');
}
