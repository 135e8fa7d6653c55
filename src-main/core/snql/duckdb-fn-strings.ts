/** ClickHouse's string functions in DuckDB (`length`/`empty` also take arrays, as in ClickHouse). */
import { type FunctionArg, mayBeNull, type SqlExpr } from './dialect.ts';
import { pad, repeat } from './duckdb-fn-sizes.ts';
import { constantNeeded, e, fn, kindOf, num, type Renderer, sqlOf } from './duckdb-render.ts';

const lengthOf = (a: FunctionArg | undefined): string =>
  kindOf(a) === 'array'
    ? `len(${sqlOf(a)})`
    : kindOf(a) === 'string'
      ? `strlen(${sqlOf(a)})`
      : `length(${sqlOf(a)})`;

/**
 * ClickHouse's concat is NULL when any argument is (DuckDB's concat skips NULLs): the arguments
 * that may be NULL are tested first, and a NULL constant makes the whole NULL.
 */
function concat(args: readonly FunctionArg[]): SqlExpr {
  if (args.some((a) => a.expr.kind === 'null'))
    return { ...e('CAST(NULL AS VARCHAR)', 'string', 'String'), nullable: true };
  const joined = `concat(${args.map((a) => a.expr.sql).join(', ')})`;
  const nullable = args.filter((a) => mayBeNull(a.expr));
  if (nullable.length === 0) return e(joined, 'string', 'String');
  const test = nullable.map((a) => `${a.expr.sql} IS NULL`).join(' OR ');
  return e(`(CASE WHEN ${test} THEN NULL ELSE ${joined} END)`, 'string', 'String');
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();

/** The capturing groups of an RE2 pattern: `(` not escaped, not in a class, not `(?:`/`(?i)`, or `(?P<name>`. */
export function capturingGroups(pattern: string): number {
  let groups = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern.charAt(i);
    if (ch === '\\') i++;
    else if (inClass) {
      if (ch === ']') inClass = false;
    } else if (ch === '[') {
      inClass = true;
      // A `]` first in the class (after an optional `^`) is a member, not its end.
      if (pattern.charAt(i + 1) === '^') i++;
      if (pattern.charAt(i + 1) === ']') i++;
    } else if (ch === '(') {
      const rest = pattern.slice(i + 1);
      if (!rest.startsWith('?') || rest.startsWith('?P<') || /^\?<[A-Za-z_]/.test(rest)) groups++;
    }
  }
  return groups;
}

/** String functions, and `length`/`empty`/`notEmpty` for strings and arrays. */
export const STRING_FUNCTIONS: Readonly<Record<string, Renderer>> = {
  empty: ([a]) => e(`(${lengthOf(a)} = 0)`, 'bool'),
  notEmpty: ([a]) => e(`(${lengthOf(a)} > 0)`, 'bool'),
  length: ([a]) => e(lengthOf(a), 'int', 'UInt64'),
  lengthUTF8: ([a]) => e(`length(${sqlOf(a)})`, 'int', 'UInt64'),
  // ClickHouse's lower/upper change ASCII letters only; the UTF8 forms are DuckDB's Unicode ones.
  lower: ([a]) => e(`translate(${sqlOf(a)}, '${UPPER}', '${LOWER}')`, 'string'),
  upper: ([a]) => e(`translate(${sqlOf(a)}, '${LOWER}', '${UPPER}')`, 'string'),
  lowerUTF8: fn('lower', 'string'),
  upperUTF8: fn('upper', 'string'),
  reverse: fn('reverse', 'string'),
  concat: (args) => concat(args),
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
  extract: ([s, p], _ctx, node) => {
    if (p?.node.kind !== 'literal' || p.node.literal.type !== 'string')
      throw constantNeeded('extract', 'pattern', p?.node ?? node);
    // ClickHouse takes the first capturing group when the pattern has one, else the whole match.
    const group = capturingGroups(p.node.literal.value) > 0 ? 1 : 0;
    return e(`regexp_extract(${sqlOf(s)}, ${sqlOf(p)}, ${group})`, 'string');
  },
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
  leftPad: pad('leftPad', 'lpad'),
  rightPad: pad('rightPad', 'rpad'),
  left: fn('left', 'string'),
  right: fn('right', 'string'),
  repeat,
  hex: fn('hex', 'string'),
  lowerCaseHex: ([a]) => e(`lower(hex(${sqlOf(a)}))`, 'string'),
};
