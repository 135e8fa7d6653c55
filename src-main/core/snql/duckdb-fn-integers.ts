/**
 * ClickHouse's integer arithmetic and conversions. ClickHouse types a result from its arguments'
 * types (NumberTraits: `plus` the next size up of the wider argument, at most 64 bits, signed when
 * either is, always for `minus` and `negate`; `abs` the unsigned type of its argument's size;
 * `intDiv` the dividend's size, `modulo` the divisor's, one size up when the dividend is signed)
 * and wraps on overflow as C++ does: `plus(18446744073709551615, 1)` is 0 (UInt64), `toUInt8(300)`
 * is 44, `negate(toInt64(-9223372036854775808))` is itself. DuckDB raises on overflow instead, so a
 * result that may not fit is computed in 128 bits and reduced modulo 2^bits.
 */
import { type FunctionArg, mayBeNull, type SqlExpr } from './dialect.ts';
import { e, kindOf, num, type Renderer } from './duckdb-render.ts';

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

const MAX_SIZE = 64;
const nextSize = (bits: IntegerType['bits']): IntegerType['bits'] =>
  Math.min(bits * 2, MAX_SIZE) as IntegerType['bits'];
const range = (t: IntegerType): [bigint, bigint] =>
  t.signed
    ? [-(1n << BigInt(t.bits - 1)), (1n << BigInt(t.bits - 1)) - 1n]
    : [0n, (1n << BigInt(t.bits)) - 1n];
/** Whether every value of `from` is one of `to`. */
const fits = (from: IntegerType, to: IntegerType): boolean => {
  const [a, b] = range(from);
  const [c, d] = range(to);
  return a >= c && b <= d;
};

/** An integer (any size up to 128 bits) reduced modulo 2^bits into `to`, as a C++ cast wraps it. */
function wrapTo(sql: string, to: IntegerType): string {
  const m = (1n << BigInt(to.bits)).toString();
  const duckdb = DUCKDB_NAMES[nameOf(to)] ?? 'BIGINT';
  if (!to.signed) return `CAST(((CAST(${sql} AS HUGEINT) % ${m}) + ${m}) % ${m} AS ${duckdb})`;
  const h = (1n << BigInt(to.bits - 1)).toString();
  return `CAST((((CAST(${sql} AS HUGEINT) + ${h}) % ${m}) + ${m}) % ${m} - ${h} AS ${duckdb})`;
}

const typed = (sql: string, t: IntegerType, args: readonly (FunctionArg | undefined)[]): SqlExpr => {
  const nullable = args.some((a) => a !== undefined && mayBeNull(a.expr));
  const name = nameOf(t);
  return { sql, kind: 'int', type: nullable ? `Nullable(${name})` : name, nullable };
};

/** A DuckDB/ClickHouse integer type name → its IntegerType. */
function parseType(name: string): IntegerType | undefined {
  const m = /^(U?)Int(8|16|32|64)$/.exec(name);
  return m ? { signed: m[1] === '', bits: Number(m[2]) as IntegerType['bits'] } : undefined;
}

/**
 * `toUInt8(x)` … `toInt64(x)` of an integer (or a Float, truncated): wrapped into the type as
 * ClickHouse's static cast does, unless the argument's type already fits. Undefined for others.
 */
export function integerConversion(chType: string, a: FunctionArg | undefined): SqlExpr | undefined {
  const to = parseType(chType);
  if (!to || !a) return undefined;
  const kind = kindOf(a);
  if (kind === 'float') return typed(wrapTo(`trunc(${a.expr.sql})`, to), to, [a]);
  if (kind !== 'int' && kind !== 'bool') return undefined;
  const from = integerType(a);
  const duckdb = DUCKDB_NAMES[chType] ?? 'BIGINT';
  return typed(from && fits(from, to) ? `CAST(${num(a)} AS ${duckdb})` : wrapTo(num(a), to), to, [a]);
}

/** Integer arguments' types, or undefined when one is not an integer of a known type. */
function integerTypes(args: readonly (FunctionArg | undefined)[]): IntegerType[] | undefined {
  const types = args.map(integerType);
  return types.every((t) => t !== undefined) ? types : undefined;
}

const DIVISION_BY_ZERO = "error('Division by zero')";

/**
 * `CASE` guards of an integer division as ClickHouse raises them (ILLEGAL_DIVISION): by zero, and
 * the minimal signed number by minus one (its quotient has no place in the type). The `OrZero`
 * forms give 0 for both instead.
 */
function divisionGuards(
  a: FunctionArg,
  b: FunctionArg,
  ta: IntegerType,
  tb: IntegerType,
  orZero = false,
): string {
  const guards = [`WHEN ${num(b)} = 0 THEN ${orZero ? '0' : DIVISION_BY_ZERO}`];
  if (ta.signed && tb.signed) {
    const min = range(ta)[0].toString();
    const refusal = orZero ? '0' : "error('Division of minimal signed number by minus one')";
    guards.push(`WHEN CAST(${num(a)} AS HUGEINT) = ${min} AND ${num(b)} = -1 THEN ${refusal}`);
  }
  return guards.join(' ');
}

/** `intDiv(a, b)` of integers: truncated, in the dividend's size, signed if either is. */
function intDiv(orZero: boolean): Renderer {
  return ([a, b]) => {
    const types = integerTypes([a, b]);
    if (!a || !b || !types) return floatIntDiv(orZero, a, b);
    const [ta, tb] = types as [IntegerType, IntegerType];
    const result: IntegerType = { signed: ta.signed || tb.signed, bits: ta.bits };
    const quotient = wrapTo(`(CAST(${num(a)} AS HUGEINT) // CAST(${num(b)} AS HUGEINT))`, result);
    return typed(`(CASE ${divisionGuards(a, b, ta, tb, orZero)} ELSE ${quotient} END)`, result, [a, b]);
  };
}

/** intDiv with a Float or an integer of unknown type: the quotient rounded toward zero, as Int64. */
function floatIntDiv(orZero: boolean, a: FunctionArg | undefined, b: FunctionArg | undefined): SqlExpr {
  const integral = (x: FunctionArg | undefined): boolean => kindOf(x) === 'int' || kindOf(x) === 'bool';
  const quotient =
    integral(a) && integral(b) ? `${num(a)} // ${num(b)}` : `CAST(trunc(${num(a)} / ${num(b)}) AS BIGINT)`;
  const zero = orZero ? '0' : DIVISION_BY_ZERO;
  return e(`(CASE WHEN ${num(b)} = 0 THEN ${zero} ELSE ${quotient} END)`, 'int', 'Int64');
}

/** `modulo(a, b)`: the remainder with the dividend's sign, typed as ClickHouse types it. */
const modulo: Renderer = ([a, b]) => {
  const types = integerTypes([a, b]);
  if (!a || !b || !types) {
    const float = kindOf(a) === 'float' || kindOf(b) === 'float';
    return e(
      `(CASE WHEN ${num(b)} = 0 THEN ${DIVISION_BY_ZERO} ELSE ${num(a)} % ${num(b)} END)`,
      float ? 'float' : 'int',
      float ? 'Float64' : undefined,
    );
  }
  const [ta, tb] = types as [IntegerType, IntegerType];
  const result: IntegerType = { signed: ta.signed, bits: ta.signed ? nextSize(tb.bits) : tb.bits };
  const remainder = wrapTo(`(CAST(${num(a)} AS HUGEINT) % CAST(${num(b)} AS HUGEINT))`, result);
  return typed(`(CASE ${divisionGuards(a, b, ta, tb)} ELSE ${remainder} END)`, result, [a, b]);
};

/** `negate(x)`: signed, one size up for an unsigned argument; the minimal signed number stays itself. */
const negate: Renderer = ([a]) => {
  const t = integerType(a);
  if (!a || kindOf(a) === 'float' || (kindOf(a) !== 'int' && kindOf(a) !== 'bool'))
    return e(`(-${num(a)})`, kindOf(a));
  const result: IntegerType = t
    ? { signed: true, bits: t.signed ? t.bits : nextSize(t.bits) }
    : { signed: true, bits: 64 };
  return typed(wrapTo(`(-CAST(${num(a)} AS HUGEINT))`, result), result, [a]);
};

/** `abs(x)`: the unsigned type of the argument's size, so abs of the minimal Int64 is 2^63. */
const abs: Renderer = ([a]) => {
  if (!a || (kindOf(a) !== 'int' && kindOf(a) !== 'bool')) return e(`abs(${num(a)})`, kindOf(a));
  const result: IntegerType = { signed: false, bits: integerType(a)?.bits ?? 64 };
  const duckdb = DUCKDB_NAMES[nameOf(result)] ?? 'UBIGINT';
  return typed(`CAST(abs(CAST(${num(a)} AS HUGEINT)) AS ${duckdb})`, result, [a]);
};

/** Integer division, remainder, negation and absolute value. */
export const INTEGER_FUNCTIONS: Readonly<Record<string, Renderer>> = {
  intDiv: intDiv(false),
  intDivOrZero: intDiv(true),
  modulo,
  negate,
  abs,
};
