/**
 * The clauses of one query level as post-processing stages see them: every stage is a function
 * from `QueryParts` to `QueryParts` (or a check that throws), like Snuba's `_post_process` list.
 */
import type { Expression, LimitBy, OrderBy, Query, SelectedExpression } from './ast.ts';

export interface QueryParts {
  /** BY items first, then SELECT items. */
  readonly selected: readonly SelectedExpression[];
  readonly groupBy: readonly Expression[];
  readonly arrayJoin: readonly Expression[];
  readonly where: Expression | null;
  readonly having: Expression | null;
  readonly orderBy: readonly OrderBy[];
  readonly limitBy: LimitBy | null;
}

export function partsOf(query: Query): QueryParts {
  return {
    selected: [...query.groupBy, ...query.select],
    groupBy: query.groupBy.map((s) => s.expression),
    arrayJoin: query.arrayJoin,
    where: query.where,
    having: query.having,
    orderBy: query.orderBy,
    limitBy: query.limitBy,
  };
}

/** Every root expression, in clause order. */
export function rootsOf(parts: QueryParts): Expression[] {
  return [
    ...parts.selected.map((s) => s.expression),
    ...parts.arrayJoin,
    ...(parts.where ? [parts.where] : []),
    ...(parts.having ? [parts.having] : []),
    ...parts.orderBy.map((o) => o.expression),
    ...(parts.limitBy ? parts.limitBy.columns : []),
  ];
}

/** Applies `fn` to every root expression (BY keys are rewritten along with their SELECT copies). */
export function mapParts(parts: QueryParts, fn: (e: Expression) => Expression): QueryParts {
  const selected = parts.selected.map((s) => ({ ...s, expression: fn(s.expression) }));
  const byCount = parts.groupBy.length;
  return {
    selected,
    groupBy: selected.slice(0, byCount).map((s) => s.expression),
    arrayJoin: parts.arrayJoin.map(fn),
    where: parts.where ? fn(parts.where) : null,
    having: parts.having ? fn(parts.having) : null,
    orderBy: parts.orderBy.map((o) => ({ ...o, expression: fn(o.expression) })),
    // An alias in LIMIT BY expands as anywhere else (Snuba's alias expansion covers LIMIT BY).
    limitBy: parts.limitBy ? { ...parts.limitBy, columns: parts.limitBy.columns.map(fn) } : null,
  };
}

/** The operands of the top-level AND (through nested `and(…)` calls), as Snuba's accessors see them. */
export function topLevelAndConditions(where: Expression | null): Expression[] {
  if (where === null) return [];
  const out: Expression[] = [];
  const stack: Expression[] = [where];
  while (stack.length > 0) {
    const e = stack.pop() as Expression;
    if (e.kind === 'function' && e.name === 'and') {
      for (let i = e.args.length - 1; i >= 0; i--) stack.push(e.args[i] as Expression);
    } else out.push(e);
  }
  return out;
}
