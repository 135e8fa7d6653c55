/** ClickHouse's type conversions in DuckDB: toString, toUInt8 … toFloat64, the OrZero/OrNull forms. */
import { mayBeNull, type SqlExpr, type SqlKind } from './dialect.ts';
import { integerConversion } from './duckdb-fn-integers.ts';
import { e, kindOf, num, type Renderer, sqlOf } from './duckdb-render.ts';

/** A conversion to DuckDB's `type`, ClickHouse's `chType` (`Nullable(…)` for a Nullable argument). */
const cast =
  (type: string, kind: SqlKind, chType: string): Renderer =>
  ([a]) => {
    // Integers wrap into the type (toUInt8(300) is 44), as ClickHouse's static cast does.
    const wrapped = kind === 'int' ? integerConversion(chType, a) : undefined;
    if (wrapped) return wrapped;
    const typed = (sql: string): SqlExpr =>
      e(sql, kind, a && mayBeNull(a.expr) ? `Nullable(${chType})` : chType);
    if (kind === 'int' && kindOf(a) === 'datetime')
      return typed(`CAST(floor(epoch(${sqlOf(a)})) AS ${type})`);
    if (kind === 'int' && kindOf(a) === 'float') return typed(`CAST(trunc(${sqlOf(a)}) AS ${type})`);
    if (kind === 'int' && kindOf(a) === 'string')
      return typed(`CAST(trunc(CAST(${sqlOf(a)} AS DOUBLE)) AS ${type})`);
    return typed(`CAST(${num(a)} AS ${type})`);
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
  toUInt8: cast('UTINYINT', 'int', 'UInt8'),
  toUInt16: cast('USMALLINT', 'int', 'UInt16'),
  toUInt32: cast('UINTEGER', 'int', 'UInt32'),
  toUInt64: cast('UBIGINT', 'int', 'UInt64'),
  toInt8: cast('TINYINT', 'int', 'Int8'),
  toInt16: cast('SMALLINT', 'int', 'Int16'),
  toInt32: cast('INTEGER', 'int', 'Int32'),
  toInt64: cast('BIGINT', 'int', 'Int64'),
  toFloat32: cast('FLOAT', 'float', 'Float32'),
  toFloat64: cast('DOUBLE', 'float', 'Float64'),
  toUInt64OrZero: ([a]) => e(`coalesce(TRY_CAST(${sqlOf(a)} AS UBIGINT), 0)`, 'int'),
  toUInt64OrNull: ([a]) => e(`TRY_CAST(${sqlOf(a)} AS UBIGINT)`, 'int'),
  toInt64OrZero: ([a]) => e(`coalesce(TRY_CAST(${sqlOf(a)} AS BIGINT), 0)`, 'int'),
  toInt64OrNull: ([a]) => e(`TRY_CAST(${sqlOf(a)} AS BIGINT)`, 'int'),
  toFloat64OrZero: ([a]) => e(`coalesce(TRY_CAST(${sqlOf(a)} AS DOUBLE), 0)`, 'float'),
  toFloat64OrNull: ([a]) => e(`TRY_CAST(${sqlOf(a)} AS DOUBLE)`, 'float'),
};
