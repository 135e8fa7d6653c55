/**
 * SnQL errors, shaped like Snuba's: every one is an `invalid_query` (HTTP 400 in Snuba), carries
 * Snuba's exception class name (snuba/query/exceptions.py, snuba/query/parser/exceptions.py) and
 * Snuba's message text, plus where in the query text the console should underline.
 */
import { FaultlineError } from '../errors.ts';
import type { Span } from './ast.ts';

export const SNQL_ERROR_CLASSES = [
  'InvalidQueryException',
  'ParsingException',
  'ValidationException',
  'InvalidExpressionException',
  'AliasShadowingException',
  'CyclicAliasException',
  'ColumnTypeError',
  'InvalidGranularityException',
  'MismatchedAggregationException',
] as const;

export type SnqlErrorClass = (typeof SNQL_ERROR_CLASSES)[number];

/** Stable machine-readable reasons, finer than the class (the class is what Snuba would raise). */
export type SnqlErrorCode =
  | 'syntax'
  | 'invalid_entity'
  | 'entity_not_available'
  | 'invalid_relationship'
  | 'unqualified_column'
  | 'limit_too_high'
  | 'missing_time_range'
  | 'invalid_time_range'
  | 'invalid_literal'
  | 'alias_shadowing'
  | 'cyclic_alias'
  | 'undefined_lambda_identifier'
  | 'missing_required_condition'
  | 'invalid_tag_condition'
  | 'invalid_datetime_condition'
  | 'unknown_column'
  | 'aggregate_in_where'
  | 'invalid_function'
  | 'invalid_subscription';

export interface SnqlErrorPayload {
  type: 'invalid_query';
  message: string;
  errorClass: SnqlErrorClass;
  code: SnqlErrorCode;
  span?: Span;
}

export class SnqlError extends FaultlineError {
  readonly errorClass: SnqlErrorClass;
  readonly code: SnqlErrorCode;
  /** What to underline; absent when the error is about the query as a whole. */
  readonly span: Span | undefined;

  constructor(errorClass: SnqlErrorClass, code: SnqlErrorCode, message: string, span?: Span) {
    super('invalid_query', message);
    this.name = 'SnqlError';
    this.errorClass = errorClass;
    this.code = code;
    this.span = span;
  }

  override toPayload(): SnqlErrorPayload {
    const payload: SnqlErrorPayload = {
      type: 'invalid_query',
      message: this.message,
      errorClass: this.errorClass,
      code: this.code,
    };
    if (this.span) payload.span = this.span;
    return payload;
  }
}

export function isSnqlError(value: unknown): value is SnqlError {
  return value instanceof SnqlError;
}

/** Entity validators wrap their failures the way `snuba/datasets/plans/entity_validation.py` does. */
export function entityValidationError(
  entity: string,
  code: SnqlErrorCode,
  message: string,
  span?: Span,
): SnqlError {
  return new SnqlError(
    'ValidationException',
    code,
    `Validation failed for entity ${entity}: ${message}`,
    span,
  );
}
