/**
 * Subscription queries (snuba/subscriptions/data.py, AggregationValidator): the framework injects
 * `project_id` and the time window itself; the query may hold at most 10 aggregations and no
 * HAVING or ORDER BY.
 */
import { SnqlError } from './errors.ts';
import { isAggregateFunction } from './functions.ts';
import type { ValidatedQuery } from './validatedQuery.ts';
import { forEachExpression } from './walk.ts';

const MAX_AGGREGATIONS = 10;

export function validateSubscription(q: ValidatedQuery): void {
  const clause = q.having !== null ? 'having' : q.orderBy.length > 0 ? 'orderby' : null;
  if (clause !== null) {
    throw new SnqlError(
      'InvalidQueryException',
      'invalid_subscription',
      `invalid clause ${clause} in subscription query`,
    );
  }
  const aggregations = q.selected.filter((s) => {
    let found = false;
    forEachExpression(s.expression, (e) => {
      if ((e.kind === 'function' || e.kind === 'curried') && isAggregateFunction(e.name)) found = true;
    });
    return found;
  }).length;
  if (aggregations > MAX_AGGREGATIONS) {
    throw new SnqlError(
      'InvalidQueryException',
      'invalid_subscription',
      `A maximum of ${MAX_AGGREGATIONS} aggregations are allowed in the select`,
    );
  }
}
