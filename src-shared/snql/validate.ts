/**
 * `validateQuery`: everything Snuba checks between the grammar and ClickHouse, in pipeline order:
 * parse-time post-processing (process.ts), then per entity the required columns, tag and datetime
 * conditions, known columns and no aggregates in WHERE, then function calls and alias shadowing.
 */
import { validateAliases } from './aliases.ts';
import type { Query } from './ast.ts';
import {
  checkColumnsExist,
  checkDatetimeConditions,
  checkNoAggregateInWhere,
  checkRequiredColumns,
  checkTagConditions,
} from './entityValidators.ts';
import { validateFunctionCalls } from './functionValidator.ts';
import { parseSnql } from './parse.ts';
import { boundEntities, processQuery } from './process.ts';
import { validateSubscription } from './subscription.ts';
import type { ValidatedQuery, ValidationOptions } from './validatedQuery.ts';

export function validateQuery(query: Query, options: ValidationOptions = {}): ValidatedQuery {
  const processed = processQuery(query, options);
  validateEntities(processed, options);
  return processed;
}

/** Entity-level validation of an already post-processed query (inner queries first). */
export function validateEntities(q: ValidatedQuery, options: ValidationOptions = {}): void {
  if (q.source.kind === 'subquery') validateEntities(q.source.query, options);
  if (options.subscription) validateSubscription(q);
  const entities = boundEntities(q.source);
  for (const entity of entities) {
    if (!options.subscription) checkRequiredColumns(q, entities, entity);
    checkTagConditions(q, entities, entity);
    checkDatetimeConditions(q, entities, entity);
    checkColumnsExist(q, entities, entity);
    checkNoAggregateInWhere(q, entity);
  }
  validateFunctionCalls(q, entities);
  validateAliases(q);
}

/** Parse and validate in one step; throws SnqlError. */
export function parseAndValidate(text: string, options: ValidationOptions = {}): ValidatedQuery {
  return validateQuery(parseSnql(text), options);
}
