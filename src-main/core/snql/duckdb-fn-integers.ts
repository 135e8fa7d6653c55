/**
 * `plus`, `minus` and `multiply` of integers as ClickHouse computes them. ClickHouse types the
 * result from the arguments' types (NumberTraits: the next size up of the wider argument, at most
 * 64 bits; signed when either argument is, and always for `minus`) and wraps on overflow, as C++
 * does: `plus(18446744073709551615, 1)` is 0 (UInt64), `minus(toUInt64(0), 1)` is -1 (Int64).
 * DuckDB raises on overflow instead, so a 64-bit result is computed in 128 bits and reduced modulo
 * 2^64; a narrower one cannot overflow and is computed in its own type.
 */
import { type FunctionArg, mayBeNull, type SqlExpr } from './dialect.ts';
import { num } from './duckdb-render.ts';

interface IntegerType {
  signed: boolean;
  bits: 8 | 16 | 32 | 64;
}

const DUCKDB_NAMES: Readonly<Record<string, string>> = {
  UInt8: 'UTINYINT',
  UInt16: 'USMALLINT',
  UInt32: 'UINTEGER',
  UInt64: 'UBIGINT',
  Int8: 'TINYINT',
  Int16: 'SMALLINT',
  Int32: 'INTEGER',
  Int64: 'BIGINT',
};

const nameOf = (t: IntegerType): string => `${t.signed ? 'Int' : 'UInt'}${t.bits}`;

/** The smallest type ClickHouse gives an integer literal: unsigned unless negative. */
function literalType(value: bigint): IntegerType | undefined {
  for (const bits of [8, 16, 32, 64] as const) {
    if (value >= 0n && value < 1n << BigInt(bits)) return { signed: false, bits };
    if (value < 0n && value >= -(1n << BigInt(bits - 1))) return { signed: true, bits };
  }
  return undefined;
}

/** An argument's ClickHouse integer type, when the translation knows it. */
function integerType(arg: FunctionArg | undefined): IntegerType | undefined {
  if (!arg) return undefined;
  if (arg.expr.kind === 'bool') return { signed: false, bits: 8 };
  if (arg.expr.kind !== 'int') return undefined;
  const declared = /^(?:Nullable\()?(U?)Int(8|16|32|64)\)?$/.exec(arg.expr.type ?? '');
  if (declared) return { signed: declared[1] === '', bits: Number(declared[2]) as IntegerType['bits'] };
  const { node } = arg;
  if (node.kind === 'literal' && node.literal.type === 'int') return literalType(node.literal.value);
  return undefined;
}

/** An integer argument's ClickHouse type name (`UInt8` for the literal 1), when known. */
export function integerTypeName(arg: FunctionArg): string | undefined {
  const t = integerType(arg);
  if (!t) return undefined;
  return mayBeNull(arg.expr) ? `Nullable(${nameOf(t)})` : nameOf(t);
}

const TWO_64 = '18446744073709551616';
const TWO_63 = '9223372036854775808';
const U_TWO_64 = `CAST(${TWO_64} AS UHUGEINT)`;
const U_TWO_63 = `CAST(${TWO_63} AS UHUGEINT)`;

/** An operand as its 64-bit two's complement pattern, 0 ≤ x < 2^64, in 128 unsigned bits. */
const pattern = (sql: string): string =>
  `CAST((CAST(${sql} AS HUGEINT) % ${TWO_64} + ${TWO_64}) % ${TWO_64} AS UHUGEINT)`;

/** `a op b` on the operands' patterns: congruent to the result modulo 2^64, 0 ≤ r < 2^128 - 2^64. */
function unreduced(op: '+' | '-' | '*', a: string, b: string): string {
  const [x, y] = [pattern(a), pattern(b)];
  // Adding 2^64 before subtracting keeps the difference unsigned.
  return op === '-' ? `(${x} + ${U_TWO_64} - ${y})` : `(${x} ${op} ${y})`;
}

/**
 * The 64-bit result of `a op b`: its low 64 bits, read as unsigned, or as signed by shifting the
 * range by 2^63 (r + 2^63 mod 2^64, minus 2^63, maps [2^63, 2^64) onto [-2^63, 0)).
 */
function wrapped64(op: '+' | '-' | '*', a: string, b: string, signed: boolean): string {
  const r = unreduced(op, a, b);
  return signed
    ? `CAST(CAST((${r} + ${U_TWO_63}) % ${U_TWO_64} AS HUGEINT) - ${TWO_63} AS BIGINT)`
    : `CAST(${r} % ${U_TWO_64} AS UBIGINT)`;
}

/** The ClickHouse result of integer `a op b`; undefined when an argument's integer type is not known. */
export function integerArithmetic(
  op: '+' | '-' | '*',
  a: FunctionArg | undefined,
  b: FunctionArg | undefined,
): SqlExpr | undefined {
  const [ta, tb] = [integerType(a), integerType(b)];
  if (!a || !b || !ta || !tb) return undefined;
  const result: IntegerType = {
    signed: op === '-' || ta.signed || tb.signed,
    bits: Math.min(2 * Math.max(ta.bits, tb.bits), 64) as IntegerType['bits'],
  };
  const name = nameOf(result);
  const duckdb = DUCKDB_NAMES[name] ?? 'BIGINT';
  const sql =
    result.bits < 64
      ? `(CAST(${num(a)} AS ${duckdb}) ${op} CAST(${num(b)} AS ${duckdb}))`
      : wrapped64(op, num(a), num(b), result.signed);
  const nullable = mayBeNull(a.expr) || mayBeNull(b.expr);
  return { sql, kind: 'int', type: nullable ? `Nullable(${name})` : name, nullable };
}
