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

/**
 * A Float64 as ClickHouse writes it: the shortest text that reads back, without DuckDB's `.0` on
 * a whole number (`1` not `1.0`; whole numbers below 1e21 in full, as ClickHouse writes them) and
 * with a plain exponent (`1e-7`, `1e21`, not `1e-07`, `1e+21`). Between 1e-6 and 1e-4 DuckDB's
 * text has an exponent where ClickHouse's has none (`1.25e-5`, ClickHouse `0.0000125`).
 */
function floatText(x: string): string {
  const shortest = `regexp_replace(CAST(${x} AS VARCHAR), 'e\\+?(-?)0*(\\d)', 'e\\1\\2')`;
  return `(CASE WHEN ${x} = trunc(${x}) AND abs(${x}) < 1e21 THEN CAST(CAST(${x} AS HUGEINT) AS VARCHAR) ELSE ${shortest} END)`;
}

const stringOf: Renderer = ([a]) => {
  // The literal `true` is ClickHouse's Bool ('true'); a condition is a UInt8 ('1').
  if (a?.node.kind === 'literal' && a.node.literal.type === 'bool')
    return e(a.node.literal.value ? "'true'" : "'false'", 'string', 'String');
  const sql =
    kindOf(a) === 'datetime'
      ? `strftime(${sqlOf(a)}, '%Y-%m-%d %H:%M:%S')`
      : kindOf(a) === 'float'
        ? floatText(sqlOf(a))
        : `CAST(${num(a)} AS VARCHAR)`;
  return e(sql, 'string', 'String');
};

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
