/**
 * ClickHouse's `formatDateTime(t, format)` in DuckDB. ClickHouse's letters are MySQL's (`%i` the
 * minute, `%M` the month's name, `%W` the weekday's, `%e` a space-padded day), not strftime's, so
 * the format (a constant, as ClickHouse requires) is read here and each letter becomes strftime's
 * equivalent or an expression of its own; a letter ClickHouse does not know is refused by name.
 * Times are UTC, as Snuba's ClickHouse runs, so `%z` is `+0000`.
 */

import type { Expression } from '../../../src-shared/snql/ast.ts';
import { SnqlError } from '../../../src-shared/snql/errors.ts';
import type { FunctionArg, SqlExpr } from './dialect.ts';
import { constantNeeded, e } from './duckdb-render.ts';

/** ClickHouse letter → strftime text (DuckDB's letters), or a function of the time's SQL. */
const LETTERS: Readonly<Record<string, string | ((t: string) => string)>> = {
  a: '%a',
  b: '%b',
  c: '%m',
  C: (t) => `lpad(CAST(year(${t}) // 100 AS VARCHAR), 2, '0')`,
  d: '%d',
  D: '%m/%d/%y',
  e: (t) => `lpad(CAST(day(${t}) AS VARCHAR), 2, ' ')`,
  // A DateTime has no fraction of a second; ClickHouse prints six zeros for it.
  f: '000000',
  F: '%Y-%m-%d',
  g: (t) => `right(strftime(${t}, '%G'), 2)`,
  G: '%G',
  h: '%I',
  H: '%H',
  i: '%M',
  I: '%I',
  j: '%j',
  k: '%H',
  l: '%I',
  m: '%m',
  M: '%B',
  n: '\n',
  p: '%p',
  Q: (t) => `CAST(quarter(${t}) AS VARCHAR)`,
  r: '%I:%M %p',
  R: '%H:%M',
  s: '%S',
  S: '%S',
  t: '\t',
  T: '%H:%M:%S',
  u: '%u',
  V: '%V',
  w: '%w',
  W: '%A',
  y: '%y',
  Y: '%Y',
  z: '+0000',
  '%': '%%',
};

const sqlString = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/** The SQL of `formatDateTime(time, format)`, `time` already a TIMESTAMP expression. */
export function formatDateTime(time: string, format: FunctionArg | undefined, node: Expression): SqlExpr {
  if (format?.node.kind !== 'literal' || format.node.literal.type !== 'string')
    throw constantNeeded('formatDateTime', 'format', format?.node ?? node);
  const text = format.node.literal.value;
  const parts: string[] = [];
  let pending = '';
  const flush = (): void => {
    if (pending !== '') parts.push(`strftime(${time}, ${sqlString(pending)})`);
    pending = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (ch !== '%') {
      pending += ch;
      continue;
    }
    const letter = text.charAt(i + 1);
    const mapped = Object.hasOwn(LETTERS, letter) ? LETTERS[letter] : undefined;
    if (mapped === undefined) {
      const what = letter === '' ? 'a % at the end of the format' : `the format letter %${letter}`;
      throw new SnqlError(
        'InvalidExpressionException',
        'invalid_function',
        `formatDateTime does not know ${what} (ClickHouse's letters are MySQL's: %Y-%m-%d %H:%i:%S)`,
        format.node.span,
      );
    }
    i++;
    if (typeof mapped === 'string') {
      pending += mapped;
    } else {
      flush();
      parts.push(mapped(time));
    }
  }
  flush();
  // strftime of NULL is NULL; a format of only computed parts must stay NULL for a NULL time too.
  const sql = parts.length === 0 ? `CASE WHEN ${time} IS NULL THEN NULL ELSE '' END` : parts.join(' || ');
  return e(parts.length === 1 ? sql : `(${sql})`, 'string', 'String');
}
