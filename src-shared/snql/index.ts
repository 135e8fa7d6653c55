/**
 * SnQL for Faultline: Snuba's grammar, post-processing and validation, plus the lexer and
 * completion helpers the console editor uses. Translation to DuckDB lives elsewhere and walks
 * the `ValidatedQuery` this module produces.
 */
export type * from './ast.ts';
export {
  type CompletionContext,
  type CompletionExpectation,
  completionContext,
  type SnqlClause,
} from './completion.ts';
export { DISCOVER, DISCOVER_EVENTS, EVENTS } from './entities/events.ts';
export { GROUP_ATTRIBUTES, GROUPASSIGNEE, GROUPEDMESSAGE } from './entities/groups.ts';
export { OUTCOMES } from './entities/outcomes.ts';
export { availableEntities, getEntity, isSnubaEntity, isSnubaStorage } from './entities/registry.ts';
export type { ColumnSource, EntityColumn, EntitySchema, JoinRelationshipDef } from './entities/schema.ts';
export {
  CLICKHOUSE_ERROR_CODES,
  ClickhouseError,
  type ClickhouseErrorName,
  isSnqlError,
  isSnqlErrorSubclass,
  SnqlError,
  type SnqlErrorClass,
  type SnqlErrorCode,
  type SnqlErrorPayload,
} from './errors.ts';
export { exprKey } from './exprKey.ts';
export { isAggregateFunction, isKnownFunction, knownFunctionNames } from './functions.ts';
export { parseSnql } from './parse.ts';
export { DEFAULT_LIMIT, MAX_LIMIT, processQuery } from './process.ts';
export { SNQL_KEYWORDS, type Token, type TokenKind, tokenize } from './tokenize.ts';
export { parseAndValidate, validateEntities, validateQuery } from './validate.ts';
export type * from './validatedQuery.ts';
export { children, forEachExpression, transformExpression } from './walk.ts';
