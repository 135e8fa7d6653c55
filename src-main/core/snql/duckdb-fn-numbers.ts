/** ClickHouse's math, hash and bit functions in DuckDB. */
import { e, fn, num, type Renderer, sameAsFirst, sqlOf } from './duckdb-render.ts';

/** `ifNotFinite(log(x), 0)`: DuckDB raises on log(0), ClickHouse gives -inf that Snuba zeroes. */
const logarithm =
  (name: string): Renderer =>
  ([a]) =>
    e(`(CASE WHEN ${num(a)} > 0 THEN ${name}(${num(a)}) ELSE 0 END)`, 'float');

/** Rounding, roots, logarithms, powers, hashes, bit operations. */
export const NUMBER_FUNCTIONS: Readonly<Record<string, Renderer>> = {
  round: (args) => e(`round(${args.map((a) => num(a)).join(', ')})`, 'float'),
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
  cityHash64: (args) => e(`hash(${args.map((a) => a.expr.sql).join(', ')})`, 'int', 'UInt64'),
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
