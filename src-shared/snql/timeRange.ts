/**
 * `_replace_time_condition`: an entity with a required time column needs, among the top-level AND
 * conditions, `col >= <datetime>` and `col < <datetime>` (`>` and `<=` do not count), unless an
 * `=`/`IN` pins the column to datetime literals. The narrowest bounds win.
 */
import type { Expression } from './ast.ts';
import { SnqlError } from './errors.ts';
import { topLevelAndConditions } from './queryParts.ts';
import type { BoundEntity, TimeRange } from './validatedQuery.ts';

const EXAMPLE_DATE = '2023-05-16 00:00';

function isTimeColumn(e: Expression | undefined, entity: BoundEntity, column: string): boolean {
  return e?.kind === 'column' && e.name === column && (e.entityAlias ?? null) === entity.alias;
}

function datetimeOf(e: Expression | undefined): { value: string; epoch: number } | null {
  if (e?.kind !== 'literal' || e.literal.type !== 'datetime') return null;
  return { value: e.literal.value, epoch: e.literal.epochSeconds };
}

/** `tuple(...)`/`array(...)` whose items are all datetime literals. */
function datetimeList(e: Expression | undefined): Array<{ value: string; epoch: number }> | null {
  if (e?.kind !== 'function' || (e.name !== 'tuple' && e.name !== 'array') || e.args.length === 0)
    return null;
  const items = e.args.map(datetimeOf);
  return items.every((i) => i !== null) ? (items as Array<{ value: string; epoch: number }>) : null;
}

export function requireTimeRange(where: Expression | null, entity: BoundEntity): TimeRange | null {
  const column = entity.schema.requiredTimeColumn;
  if (column === undefined) return null;
  let from: { value: string; epoch: number } | null = null;
  let to: { value: string; epoch: number } | null = null;
  let pinned: Array<{ value: string; epoch: number }> | null = null;
  for (const cond of topLevelAndConditions(where)) {
    if (cond.kind !== 'function' || !isTimeColumn(cond.args[0], entity, column)) continue;
    const rhs = cond.args[1];
    if (cond.name === 'greaterOrEquals') {
      const d = datetimeOf(rhs);
      if (d && (from === null || d.epoch > from.epoch)) from = d;
    } else if (cond.name === 'less') {
      const d = datetimeOf(rhs);
      if (d && (to === null || d.epoch < to.epoch)) to = d;
    } else if (cond.name === 'equals') {
      const d = datetimeOf(rhs);
      if (d) pinned = [d];
    } else if (cond.name === 'in') {
      pinned = datetimeList(rhs) ?? pinned;
    }
  }
  const where_ = `on column ${column} for entity ${entity.key}`;
  if (pinned !== null && (from === null || to === null)) {
    const sorted = [...pinned].sort((a, b) => a.epoch - b.epoch);
    from ??= sorted[0] ?? null;
    to ??= sorted[sorted.length - 1] ?? null;
  }
  if (from === null) {
    throw new SnqlError(
      'ParsingException',
      'missing_time_range',
      `Missing >= condition with a datetime literal ${where_}. Example: ${column} >= toDateTime('${EXAMPLE_DATE}')`,
      entity.span,
    );
  }
  if (to === null) {
    throw new SnqlError(
      'ParsingException',
      'missing_time_range',
      `Missing < condition with a datetime literal ${where_}. Example: ${column} < toDateTime('${EXAMPLE_DATE}')`,
      entity.span,
    );
  }
  if (from.epoch > to.epoch) {
    throw new SnqlError(
      'ParsingException',
      'invalid_time_range',
      `invalid time conditions on entity ${entity.key}`,
      entity.span,
    );
  }
  return { entityAlias: entity.alias, entity: entity.key, column, from: from.value, to: to.value };
}
