/** ClickHouse's string functions in DuckDB (`length`/`empty` also take arrays, as in ClickHouse). */
import type { FunctionArg } from './dialect.ts';
import { e, fn, kindOf, num, type Renderer, sqlOf } from './duckdb-render.ts';

const lengthOf = (a: FunctionArg | undefined): string =>
  kindOf(a) === 'array'
    ? `len(${sqlOf(a)})`
    : kindOf(a) === 'string'
      ? `strlen(${sqlOf(a)})`
      : `length(${sqlOf(a)})`;

/** String functions, and `length`/`empty`/`notEmpty` for strings and arrays. */
export const STRING_FUNCTIONS: Readonly<Record<string, Renderer>> = {
  empty: ([a]) => e(`(${lengthOf(a)} = 0)`, 'bool'),
  notEmpty: ([a]) => e(`(${lengthOf(a)} > 0)`, 'bool'),
  length: ([a]) => e(lengthOf(a), 'int', 'UInt64'),
  lengthUTF8: ([a]) => e(`length(${sqlOf(a)})`, 'int', 'UInt64'),
  lower: fn('lower', 'string'),
  upper: fn('upper', 'string'),
  lowerUTF8: fn('lower', 'string'),
  upperUTF8: fn('upper', 'string'),
  reverse: fn('reverse', 'string'),
  concat: (args) => e(`concat(${args.map((a) => a.expr.sql).join(', ')})`, 'string', 'String'),
  substring: ([s, off, len]) =>
    e(
      len ? `substring(${sqlOf(s)}, ${num(off)}, ${num(len)})` : `substring(${sqlOf(s)}, ${num(off)})`,
      'string',
    ),
  substr: ([s, off, len]) =>
    e(
      len ? `substring(${sqlOf(s)}, ${num(off)}, ${num(len)})` : `substring(${sqlOf(s)}, ${num(off)})`,
      'string',
    ),
  trim: fn('trim', 'string'),
  trimBoth: fn('trim', 'string'),
  trimLeft: fn('ltrim', 'string'),
  trimRight: fn('rtrim', 'string'),
  startsWith: fn('starts_with', 'bool'),
  endsWith: fn('ends_with', 'bool'),
  position: ([h, n]) => e(`strpos(${sqlOf(h)}, ${sqlOf(n)})`, 'int'),
  positionCaseInsensitive: ([h, n]) => e(`strpos(lower(${sqlOf(h)}), lower(${sqlOf(n)}))`, 'int'),
  positionUTF8: ([h, n]) => e(`strpos(${sqlOf(h)}, ${sqlOf(n)})`, 'int'),
  positionCaseInsensitiveUTF8: ([h, n]) => e(`strpos(lower(${sqlOf(h)}), lower(${sqlOf(n)}))`, 'int'),
  match: ([s, p]) => e(`regexp_matches(${sqlOf(s)}, ${sqlOf(p)})`, 'bool'),
  extract: ([s, p]) => e(`regexp_extract(${sqlOf(s)}, ${sqlOf(p)})`, 'string'),
  replaceAll: fn('replace', 'string'),
  replaceOne: ([s, a, b]) =>
    e(
      `regexp_replace(${sqlOf(s)}, regexp_escape(${sqlOf(a)}), replace(${sqlOf(b)}, '\\', '\\\\'))`,
      'string',
    ),
  replaceRegexpAll: ([s, p, r]) => e(`regexp_replace(${sqlOf(s)}, ${sqlOf(p)}, ${sqlOf(r)}, 'g')`, 'string'),
  replaceRegexpOne: ([s, p, r]) => e(`regexp_replace(${sqlOf(s)}, ${sqlOf(p)}, ${sqlOf(r)})`, 'string'),
  splitByChar: ([sep, s]) => e(`string_split(${sqlOf(s)}, ${sqlOf(sep)})`, 'array'),
  splitByString: ([sep, s]) => e(`string_split(${sqlOf(s)}, ${sqlOf(sep)})`, 'array'),
  arrayStringConcat: ([arr, sep]) =>
    e(`array_to_string(${sqlOf(arr)}, ${sep ? sqlOf(sep) : "''"})`, 'string'),
  leftPad: fn('lpad', 'string'),
  rightPad: fn('rpad', 'string'),
  left: fn('left', 'string'),
  right: fn('right', 'string'),
  repeat: fn('repeat', 'string'),
  hex: fn('hex', 'string'),
  lowerCaseHex: ([a]) => e(`lower(hex(${sqlOf(a)}))`, 'string'),
};
