/**
 * ClickHouse's NOT_AN_AGGREGATE (code 215), checked before the engine runs: in a query that
 * aggregates (it has BY, or an aggregate in SELECT/HAVING/ORDER BY), every column read outside
 * an aggregate must be part of a BY expression. Snuba leaves this to ClickHouse; checking it here
 * gives the same refusal with a position the console can underline.
 */
import type { Expression } from '../../../src-shared/snql/ast.ts';
import { SnqlError } from '../../../src-shared/snql/errors.ts';
import { exprKey } from '../../../src-shared/snql/exprKey.ts';
import { isAggregateFunction } from '../../../src-shared/snql/functions.ts';
import type { ValidatedQuery } from '../../../src-shared/snql/validatedQuery.ts';
import { children, forEachExpression } from '../../../src-shared/snql/walk.ts';

export const keyOf = (e: Expression): string =>
  exprKey(e.alias === undefined ? e : ({ ...e, alias: undefined } as Expression));

const isAggregate = (e: Expression): boolean =>
  (e.kind === 'function' || e.kind === 'curried') && isAggregateFunction(e.name);

function containsAggregate(e: Expression): boolean {
  let found = false;
  forEachExpression(e, (x) => {
    if (isAggregate(x)) found = true;
  });
  return found;
}

function columnText(e: Expression): string {
  if (e.kind === 'subscript') return `${columnText(e.column)}[${e.key}]`;
  if (e.kind === 'column') return e.entityAlias ? `${e.entityAlias}.${e.name}` : e.name;
  return exprKey(e);
}

export function checkAggregation(q: ValidatedQuery): void {
  const roots = [
    ...q.selected.map((s) => s.expression),
    ...(q.having ? [q.having] : []),
    ...q.orderBy.map((o) => o.expression),
  ];
  const aggregated = q.groupBy.length > 0 || roots.some(containsAggregate);
  if (!aggregated) return;
  const keys = new Set(q.groupBy.map(keyOf));
  const visit = (e: Expression): void => {
    if (keys.has(keyOf(e)) || isAggregate(e)) return;
    if (e.kind === 'column' || e.kind === 'subscript') {
      throw new SnqlError(
        'InvalidExpressionException',
        'invalid_function',
        `Column \`${columnText(e)}\` is not under aggregate function and not in GROUP BY (BY clause)`,
        e.span,
      );
    }
    for (const child of children(e)) visit(child);
  };
  for (const root of roots) visit(root);
}
