/**
 * Engine values → JSON the way Snuba's reader writes them (snuba/clickhouse/reader.py): DateTime
 * as ISO-8601 UTC with `+00:00`, integers as numbers (as decimal strings past 2^53, where a JSON
 * number would lose digits), arrays as arrays. Plus DuckDB types → ClickHouse type names for `meta`.
 */
import type { DuckDBType } from '@duckdb/node-api';
import type { SnqlValue } from '../../../src-shared/snql-api.ts';

export function isoUtc(date: Date): string {
  const iso = date.toISOString();
  const whole = iso.endsWith('.000Z');
  return `${whole ? iso.slice(0, 19) : iso.slice(0, 23)}+00:00`;
}

export function toJsonValue(value: unknown): SnqlValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
        ? Number(value)
        : value.toString();
    default:
      break;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : isoUtc(value);
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'object') {
    const out: Record<string, SnqlValue> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = toJsonValue(v);
    return out;
  }
  return String(value);
}

/** The top-level comma-separated parts of a type's argument list: `A, Tuple(B, C)` → [A, Tuple(B, C)]. */
function typeArguments(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const ch = list[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(list.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = list.slice(start).trim();
  if (last !== '') parts.push(last);
  return parts;
}

/**
 * A value of a ClickHouse `Tuple` type (or arrays of them, or tuples in tuples) as ClickHouse
 * writes it in JSON: an array of its fields. The engine hands tuples over as objects keyed by
 * position ("1", "2", …).
 */
export function tuplesAsArrays(value: SnqlValue, type: string): SnqlValue {
  const inner = /^(?:Nullable|LowCardinality)\((.*)\)$/.exec(type)?.[1];
  if (inner !== undefined) return tuplesAsArrays(value, inner);
  const element = /^Array\((.*)\)$/.exec(type)?.[1];
  if (element !== undefined && Array.isArray(value)) return value.map((v) => tuplesAsArrays(v, element));
  const fields = /^Tuple\((.*)\)$/.exec(type)?.[1];
  if (fields !== undefined && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const types = typeArguments(fields);
    return Object.keys(value)
      .sort((a, b) => Number(a) - Number(b))
      .map((k, i) => {
        const field = value[k] ?? null;
        const fieldType = types[i];
        return fieldType === undefined ? field : tuplesAsArrays(field, fieldType);
      });
  }
  return value;
}

const SIMPLE: Readonly<Record<string, string>> = {
  BOOLEAN: 'UInt8',
  TINYINT: 'Int8',
  SMALLINT: 'Int16',
  INTEGER: 'Int32',
  BIGINT: 'Int64',
  HUGEINT: 'Int128',
  UTINYINT: 'UInt8',
  USMALLINT: 'UInt16',
  UINTEGER: 'UInt32',
  UBIGINT: 'UInt64',
  UHUGEINT: 'UInt128',
  FLOAT: 'Float32',
  DOUBLE: 'Float64',
  VARCHAR: 'String',
  BLOB: 'String',
  UUID: 'UUID',
  DATE: 'Date',
  TIMESTAMP: 'DateTime',
  TIMESTAMP_S: 'DateTime',
  TIMESTAMP_MS: 'DateTime64(3)',
  'TIMESTAMP WITH TIME ZONE': 'DateTime',
  INTERVAL: 'IntervalSecond',
  '"NULL"': 'Nullable(Nothing)',
};

/**
 * `UBIGINT` → `UInt64`, `VARCHAR[]` → `Array(String)`, `DECIMAL(18,3)` → `Float64`, a struct (a
 * tuple) → `Tuple(…)` of its fields' types.
 */
export function clickhouseType(type: DuckDBType | string): string {
  if (typeof type !== 'string') {
    if ('entryTypes' in type) return `Tuple(${type.entryTypes.map(clickhouseType).join(', ')})`;
    if ('valueType' in type && type.toString().endsWith('[]'))
      return `Array(${clickhouseType(type.valueType)})`;
  }
  const text = typeof type === 'string' ? type : type.toString();
  if (text.endsWith('[]')) return `Array(${clickhouseType(text.slice(0, -2))})`;
  if (text.startsWith('DECIMAL')) return 'Float64';
  if (text.startsWith('STRUCT')) return 'Tuple';
  return SIMPLE[text] ?? text;
}
