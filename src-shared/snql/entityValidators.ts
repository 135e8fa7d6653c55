/**
 * Snuba's entity validators (snuba/query/validation/validators.py, pluggable_entity.py), run per
 * entity of the query. A failure reads "Validation failed for entity <key>: <reason>".
 */
import type { Column, Expression, LiteralValue, Span } from './ast.ts';
import { parseDatetime } from './datetimeText.ts';
import { isDateTimeType } from './entities/schema.ts';
import { entityValidationError } from './errors.ts';
import { entityFor } from './process.ts';
import { rootsOf, topLevelAndConditions } from './queryParts.ts';
import type { BoundEntity, ValidatedQuery } from './validatedQuery.ts';
import { forEachExpression } from './walk.ts';

const COMPARISONS = new Set([
  'equals',
  'notEquals',
  'less',
  'greater',
  'lessOrEquals',
  'greaterOrEquals',
  'in',
  'notIn',
  'like',
  'notLike',
]);
const WHERE_AGGREGATE = /^(count|min|max|sum|avg|last|uniq)(If)?$/;

const belongsTo = (entities: readonly BoundEntity[], entity: BoundEntity, column: Column): boolean =>
  entityFor(entities, column) === entity;

/** Python's `str()` of a literal, as Snuba's messages print it. */
export function pythonStr(l: LiteralValue): string {
  switch (l.type) {
    case 'string':
      return l.value;
    case 'int':
      return l.value.toString();
    case 'float':
      return Number.isInteger(l.value) ? l.value.toFixed(1) : String(l.value);
    case 'bool':
      return l.value ? 'True' : 'False';
    case 'null':
      return 'None';
    case 'datetime':
      return l.value.replace('T', ' ');
  }
}

/** Literal items of `tuple(…)`/`array(…)`, or null if it is not such a list of literals. */
function listLiterals(e: Expression | undefined): LiteralValue[] | null {
  if (e?.kind !== 'function' || (e.name !== 'tuple' && e.name !== 'array')) return null;
  const items: LiteralValue[] = [];
  for (const a of e.args) {
    if (a.kind !== 'literal') return null;
    items.push(a.literal);
  }
  return items;
}

/** EntityRequiredColumnValidator: `col = <int>` or `col IN tuple/array(<ints>)` among top-level ANDs. */
export function checkRequiredColumns(
  q: ValidatedQuery,
  entities: readonly BoundEntity[],
  entity: BoundEntity,
): void {
  const conditions = topLevelAndConditions(q.where);
  for (const required of entity.schema.requiredFilterColumns) {
    const found = conditions.some((c) => {
      if (c.kind !== 'function') return false;
      const [lhs, rhs] = c.args;
      if (lhs?.kind !== 'column' || lhs.name !== required || !belongsTo(entities, entity, lhs)) return false;
      if (c.name === 'equals') return rhs?.kind === 'literal' && rhs.literal.type === 'int';
      if (c.name === 'in') {
        const items = listLiterals(rhs);
        return items !== null && items.length > 0 && items.every((i) => i.type === 'int');
      }
      return false;
    });
    if (!found) {
      throw entityValidationError(
        entity.key,
        'missing_required_condition',
        `missing required conditions for ${required}`,
      );
    }
  }
}

/** Every comparison in WHERE/HAVING whose left side is `pick`ed, with its right side. */
function comparisons(
  q: ValidatedQuery,
  visit: (lhs: Expression, rhs: Expression | undefined, fn: string) => void,
): void {
  for (const root of [q.where, q.having]) {
    if (root === null) continue;
    forEachExpression(root, (e) => {
      if (e.kind === 'function' && COMPARISONS.has(e.name) && e.args[0] !== undefined)
        visit(e.args[0], e.args[1], e.name);
    });
  }
}

/** TagConditionValidator: `tags[x]` compares only with strings. */
export function checkTagConditions(
  q: ValidatedQuery,
  entities: readonly BoundEntity[],
  entity: BoundEntity,
): void {
  comparisons(q, (lhs, rhs, fn) => {
    if (lhs.kind !== 'subscript' || lhs.column.name !== 'tags' || !belongsTo(entities, entity, lhs.column))
      return;
    const where = `invalid tag condition on '${lhs.column.name}[${lhs.key}]'`;
    if ((fn === 'in' || fn === 'notIn') && rhs !== undefined) {
      const bad = listLiterals(rhs)?.find((l) => l.type !== 'string');
      if (bad) {
        throw entityValidationError(
          entity.key,
          'invalid_tag_condition',
          `${where}: array literal ${pythonStr(bad)} must be a string`,
          rhs.span,
        );
      }
    } else if (rhs?.kind === 'literal' && rhs.literal.type !== 'string' && rhs.literal.type !== 'null') {
      throw entityValidationError(
        entity.key,
        'invalid_tag_condition',
        `${where}: ${pythonStr(rhs.literal)} must be a string`,
        rhs.span,
      );
    }
  });
}

/** DatetimeConditionValidator: a DateTime column compares with datetimes or ISO strings. */
export function checkDatetimeConditions(
  q: ValidatedQuery,
  entities: readonly BoundEntity[],
  entity: BoundEntity,
): void {
  comparisons(q, (lhs, rhs) => {
    if (lhs.kind !== 'column' || !belongsTo(entities, entity, lhs) || rhs === undefined) return;
    const type = entity.schema.columns.get(lhs.name)?.type;
    if (type === undefined || !isDateTimeType(type)) return;
    const values = rhs.kind === 'literal' ? [rhs.literal] : (listLiterals(rhs) ?? []);
    for (const v of values) {
      const ok =
        v.type === 'datetime' ||
        v.type === 'null' ||
        (v.type === 'string' && parseDatetime(v.value) !== null);
      if (!ok) {
        const message = `${lhs.name} requires datetime conditions: '${pythonStr(v)}' is not a valid datetime`;
        throw entityValidationError(entity.key, 'invalid_datetime_condition', message, rhs.span);
      }
    }
  });
}

/** EntityContainsColumnsValidator (validate_data_model: error). */
export function checkColumnsExist(
  q: ValidatedQuery,
  entities: readonly BoundEntity[],
  entity: BoundEntity,
): void {
  const missing: string[] = [];
  // Snuba's message names every unknown column; the console underlines the first one.
  let firstSpan: Span | undefined;
  const note = (column: Column): void => {
    firstSpan ??= column.span;
    if (!missing.includes(column.name)) missing.push(column.name);
  };
  // A subscript's own column node is checked through the subscript, not as a plain column.
  const subscriptBases = new Set<Column>();
  for (const root of rootsOf(q)) {
    forEachExpression(root, (e) => {
      if (e.kind === 'subscript') {
        subscriptBases.add(e.column);
        if (belongsTo(entities, entity, e.column) && !entity.schema.subscriptables.has(e.column.name))
          note(e.column);
      } else if (e.kind === 'column' && !subscriptBases.has(e) && belongsTo(entities, entity, e)) {
        if (!entity.schema.columns.has(e.name)) note(e);
      }
    });
  }
  if (missing.length > 0) {
    throw entityValidationError(
      entity.key,
      'unknown_column',
      `Tag keys (${missing.join(', ')}) not resolved`,
      firstSpan,
    );
  }
}

/** IllegalAggregateInConditionValidator */
export function checkNoAggregateInWhere(q: ValidatedQuery, entity: BoundEntity): void {
  if (q.where === null) return;
  forEachExpression(q.where, (e) => {
    if ((e.kind === 'function' || e.kind === 'curried') && WHERE_AGGREGATE.test(e.name)) {
      throw entityValidationError(
        entity.key,
        'aggregate_in_where',
        'Aggregate function found in WHERE clause of query',
        e.span,
      );
    }
  });
}
