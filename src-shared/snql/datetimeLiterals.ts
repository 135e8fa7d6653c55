/**
 * `_parse_datetime_literals`: `toDateTime('<string>')` with one string argument becomes a datetime
 * literal (time zone dropped, microseconds truncated, as `snuba/util.py::parse_datetime` does).
 */
import type { Expression } from './ast.ts';
import { parseDatetime } from './datetimeText.ts';
import { SnqlError } from './errors.ts';
import { mapParts, type QueryParts } from './queryParts.ts';
import { transformExpression } from './walk.ts';

function foldDatetime(e: Expression): Expression {
  if (e.kind !== 'function' || e.name !== 'toDateTime' || e.args.length !== 1) return e;
  const arg = e.args[0];
  if (arg?.kind !== 'literal' || arg.literal.type !== 'string') return e;
  const parsed = parseDatetime(arg.literal.value);
  if (parsed === null) {
    throw new SnqlError(
      'ParsingException',
      'invalid_literal',
      `invalid datetime literal '${arg.literal.value}'`,
      arg.span,
    );
  }
  const literal = { type: 'datetime', value: parsed.iso, epochSeconds: parsed.epochSeconds } as const;
  return e.alias === undefined
    ? { kind: 'literal', literal, span: e.span }
    : { kind: 'literal', literal, span: e.span, alias: e.alias };
}

export function parseDatetimeLiterals(parts: QueryParts): QueryParts {
  return mapParts(parts, (root) => transformExpression(root, foldDatetime));
}
