/** ClickHouse's type conversions in DuckDB: toString, toUInt8 … toFloat64, the OrZero/OrNull forms. */
import type { SqlKind } from './dialect.ts';
import { e, kindOf, num, type Renderer, sqlOf } from './duckdb-render.ts';

const cast =
  (type: string, kind: SqlKind): Renderer =>
  ([a]) => {
    if (kind === 'int' && kindOf(a) === 'datetime')
      return e(`CAST(floor(epoch(${sqlOf(a)})) AS ${type})`, kind);
    if (kind === 'int' && kindOf(a) === 'float') return e(`CAST(trunc(${sqlOf(a)}) AS ${type})`, kind);
    if (kind === 'int' && kindOf(a) === 'string')
      return e(`CAST(trunc(CAST(${sqlOf(a)} AS DOUBLE)) AS ${type})`, kind);
    return e(`CAST(${num(a)} AS ${type})`, kind);
  };

const stringOf: Renderer = ([a]) =>
  e(
    kindOf(a) === 'datetime' ? `strftime(${sqlOf(a)}, '%Y-%m-%d %H:%M:%S')` : `CAST(${num(a)} AS VARCHAR)`,
    'string',
    'String',
  );

/** Conversions between numbers, strings and times. */
export const CONVERSION_FUNCTIONS: Readonly<Record<string, Renderer>> = {
  toString: stringOf,
  toUInt8: cast('UTINYINT', 'int'),
  toUInt16: cast('USMALLINT', 'int'),
  toUInt32: cast('UINTEGER', 'int'),
  toUInt64: cast('UBIGINT', 'int'),
  toInt8: cast('TINYINT', 'int'),
  toInt16: cast('SMALLINT', 'int'),
  toInt32: cast('INTEGER', 'int'),
  toInt64: cast('BIGINT', 'int'),
  toFloat32: cast('FLOAT', 'float'),
  toFloat64: cast('DOUBLE', 'float'),
  toUInt64OrZero: ([a]) => e(`coalesce(TRY_CAST(${sqlOf(a)} AS UBIGINT), 0)`, 'int'),
  toUInt64OrNull: ([a]) => e(`TRY_CAST(${sqlOf(a)} AS UBIGINT)`, 'int'),
  toInt64OrZero: ([a]) => e(`coalesce(TRY_CAST(${sqlOf(a)} AS BIGINT), 0)`, 'int'),
  toInt64OrNull: ([a]) => e(`TRY_CAST(${sqlOf(a)} AS BIGINT)`, 'int'),
  toFloat64OrZero: ([a]) => e(`coalesce(TRY_CAST(${sqlOf(a)} AS DOUBLE), 0)`, 'float'),
  toFloat64OrNull: ([a]) => e(`TRY_CAST(${sqlOf(a)} AS DOUBLE)`, 'float'),
};
