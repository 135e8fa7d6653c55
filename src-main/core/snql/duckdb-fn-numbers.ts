/** ClickHouse's math, hash and bit functions in DuckDB. */
import { fnv1a64 } from '../store/duckdb/hash.ts';
import type { CallContext, FunctionArg, SqlExpr } from './dialect.ts';
import { e, fn, kindOf, num, type Renderer, sameAsFirst, sqlOf } from './duckdb-render.ts';

/** `ifNotFinite(log(x), 0)`: DuckDB raises on log(0), ClickHouse gives -inf that Snuba zeroes. */
const logarithm =
  (name: string): Renderer =>
  ([a]) =>
    e(`(CASE WHEN ${num(a)} > 0 THEN ${name}(${num(a)}) ELSE 0 END)`, 'float');

/**
 * ClickHouse's round: a float rounds half to even at the decimal place (banker's rounding,
 * `round(2.5)` is 2), an integer keeps its type and rounds half away from zero to a negative
 * place (`round(25, -1)` is 30) and is itself at any other.
 */
function round(x: FunctionArg | undefined, places: FunctionArg | undefined): SqlExpr {
  const n = places ? `CAST(${num(places)} AS INTEGER)` : '0';
  if (kindOf(x) === 'bool') return e(num(x), 'int', 'UInt8');
  if (kindOf(x) === 'int') {
    const negative =
      places?.node.kind === 'literal' && places.node.literal.type === 'int' && places.node.literal.value < 0n;
    if (!places || !negative) return { ...(x?.expr ?? e('NULL', 'null')), sql: num(x) };
    return e(`round(${num(x)}, ${n})`, 'int', x?.expr.type);
  }
  return e(`round_even(CAST(${num(x)} AS DOUBLE), ${n})`, 'float', 'Float64');
}

const FNV_OFFSET = '14695981039346656037';
const FNV_PRIME = '1099511628211';

/** The UTF-8 bytes of a text, as a DuckDB list of integers (DuckDB has no bytes-of-a-blob function). */
function utf8Bytes(text: string): string {
  const bytes =
    'CASE WHEN __fnv_p < 128 THEN [__fnv_p] ' +
    'WHEN __fnv_p < 2048 THEN [192 + (__fnv_p >> 6), 128 + (__fnv_p & 63)] ' +
    'WHEN __fnv_p < 65536 THEN [224 + (__fnv_p >> 12), 128 + ((__fnv_p >> 6) & 63), 128 + (__fnv_p & 63)] ' +
    'ELSE [240 + (__fnv_p >> 18), 128 + ((__fnv_p >> 12) & 63), 128 + ((__fnv_p >> 6) & 63), 128 + (__fnv_p & 63)] END';
  const chars = `list_filter(string_split(${text}, ''), lambda __fnv_c: __fnv_c <> '')`;
  return `flatten(list_transform(list_transform(${chars}, lambda __fnv_c: unicode(__fnv_c)), lambda __fnv_p: ${bytes}))`;
}

/**
 * `cityHash64` of one string is the hash Faultline stores for it in `user_hash` and
 * `_tags_hash_map` (64-bit FNV-1a of the UTF-8 text, store/duckdb/hash.ts), so that
 * `cityHash64(user) = user_hash` and `has(_tags_hash_map, cityHash64('k=v'))` hold as they do in
 * Snuba. A constant is hashed here; a column per row in SQL. The values are not ClickHouse's
 * CityHash; of other arguments (numbers, several) they are DuckDB's hash.
 */
function storedHash(args: readonly FunctionArg[], ctx: CallContext): SqlExpr {
  const [a] = args;
  if (args.length === 1 && a?.node.kind === 'literal' && a.node.literal.type === 'string') {
    const value = fnv1a64(a.node.literal.value);
    return e(ctx.params.add({ type: 'int', value, columnType: 'UInt64' }), 'int', 'UInt64');
  }
  if (args.length === 1 && a?.expr.kind === 'string') {
    const step = `lambda __fnv_h, __fnv_b: (xor(__fnv_h, __fnv_b) * ${FNV_PRIME}) % 18446744073709551616`;
    const reduced = `list_reduce(${utf8Bytes(a.expr.sql)}, ${step}, CAST(${FNV_OFFSET} AS HUGEINT))`;
    return e(`CAST(${reduced} AS UBIGINT)`, 'int', 'UInt64');
  }
  return e(`hash(${args.map((x) => x.expr.sql).join(', ')})`, 'int', 'UInt64');
}

/** Rounding, roots, logarithms, powers, hashes, bit operations. */
export const NUMBER_FUNCTIONS: Readonly<Record<string, Renderer>> = {
  round: ([x, places]) => round(x, places),
  floor: fn('floor', 'float'),
  ceil: fn('ceil', 'float'),
  trunc: fn('trunc', 'float'),
  sqrt: fn('sqrt', 'float'),
  cbrt: fn('cbrt', 'float'),
  exp: fn('exp', 'float'),
  log: logarithm('ln'),
  ln: logarithm('ln'),
  log2: logarithm('log2'),
  log10: logarithm('log10'),
  pow: ([a, b]) => e(`pow(${num(a)}, ${num(b)})`, 'float'),
  power: ([a, b]) => e(`pow(${num(a)}, ${num(b)})`, 'float'),
  sign: fn('sign', 'int'),
  least: fn('least', sameAsFirst),
  greatest: fn('greatest', sameAsFirst),
  pi: () => e('pi()', 'float'),
  e: () => e('exp(1)', 'float'),
  cityHash64: (args, ctx) => storedHash(args, ctx),
  sipHash64: (args) => e(`hash(${args.map((a) => a.expr.sql).join(', ')})`, 'int', 'UInt64'),
  xxHash64: (args) => e(`hash(${args.map((a) => a.expr.sql).join(', ')})`, 'int', 'UInt64'),
  MD5: ([a]) => e(`md5(${sqlOf(a)})`, 'string'),
  // The ip columns are already text in Faultline's storage.
  IPv4NumToString: ([a]) => a?.expr ?? e('NULL', 'null'),
  IPv6NumToString: ([a]) => a?.expr ?? e('NULL', 'null'),
  toTypeName: ([a]) => e(`typeof(${sqlOf(a)})`, 'string'),
  bitAnd: ([a, b]) => e(`(${num(a)} & ${num(b)})`, 'int'),
  bitOr: ([a, b]) => e(`(${num(a)} | ${num(b)})`, 'int'),
  bitXor: ([a, b]) => e(`xor(${num(a)}, ${num(b)})`, 'int'),
};
