/**
 * SnQL errors, shaped like Snuba's: every one is an `invalid_query` (HTTP 400 in Snuba), carries
 * Snuba's exception class name (snuba/query/exceptions.py, snuba/query/parser/exceptions.py) and
 * Snuba's message text, plus where in the query text the console should underline.
 * `ClickhouseError` is the other kind Snuba reports: a query its validators let through that
 * the engine refuses (`{"type": "clickhouse", "code"}`).
 */
import { errorFromPayload, FaultlineError } from '../errors.ts';
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
  | 'invalid_granularity'
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

/**
 * `errorFromPayload` for an error that may be an invalid query: its class, code and position
 * survive the crossing (a thread or HTTP), so the query can still be underlined where it fails.
 */
export function errorFromQueryPayload(payload: unknown): FaultlineError {
  const body = payload as Partial<SnqlErrorPayload> | null;
  if (
    body?.type === 'invalid_query' &&
    typeof body.message === 'string' &&
    (SNQL_ERROR_CLASSES as readonly string[]).includes(String(body.errorClass)) &&
    typeof body.code === 'string'
  ) {
    return new SnqlError(body.errorClass as SnqlErrorClass, body.code, body.message, body.span);
  }
  return errorFromPayload(payload);
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

/** Snuba's exception tree (snuba/query/exceptions.py): each class's parent, up to the root. */
const SNQL_ERROR_PARENT: Readonly<Partial<Record<SnqlErrorClass, SnqlErrorClass>>> = {
  ParsingException: 'InvalidQueryException',
  ValidationException: 'InvalidQueryException',
  InvalidExpressionException: 'ValidationException',
  AliasShadowingException: 'ValidationException',
  CyclicAliasException: 'ValidationException',
  ColumnTypeError: 'ValidationException',
  InvalidGranularityException: 'InvalidQueryException',
  MismatchedAggregationException: 'InvalidQueryException',
};

/** True when `errorClass` is `ancestor` or one of its subclasses (`except ancestor:` catches it). */
export function isSnqlErrorSubclass(errorClass: string, ancestor: string): boolean {
  let current: string | undefined = errorClass;
  while (current !== undefined) {
    if (current === ancestor) return true;
    current = SNQL_ERROR_PARENT[current as SnqlErrorClass];
  }
  return false;
}

/**
 * The ClickHouse error codes a query can meet once Snuba lets it through (snuba/clickhouse/errors.py
 * `ClickhouseError`, reported as `{"type": "clickhouse", "code": n}`). Faultline raises these where
 * ClickHouse would: its translation checks the types ClickHouse checks, and DuckDB's own failures
 * are mapped to the nearest code.
 */
export const CLICKHOUSE_ERROR_CODES = {
  CANNOT_PARSE_TEXT: 6,
  NUMBER_OF_COLUMNS_DOESNT_MATCH: 20,
  BAD_ARGUMENTS: 36,
  CANNOT_PARSE_DATETIME: 41,
  ILLEGAL_TYPE_OF_ARGUMENT: 43,
  UNKNOWN_FUNCTION: 46,
  UNKNOWN_IDENTIFIER: 47,
  TYPE_MISMATCH: 53,
  ARGUMENT_OUT_OF_BOUND: 69,
  CANNOT_CONVERT_TYPE: 70,
  ILLEGAL_DIVISION: 153,
  ILLEGAL_AGGREGATION: 184,
  NOT_AN_AGGREGATE: 215,
  MEMORY_LIMIT_EXCEEDED: 241,
  NO_COMMON_TYPE: 386,
  UNKNOWN_EXCEPTION: 1002,
} as const;

export type ClickhouseErrorName = keyof typeof CLICKHOUSE_ERROR_CODES;

/** snuba/web/constants.py: the codes that are the caller's fault answer 400, every other 500. */
const CLIENT_ERROR_CODES: ReadonlySet<ClickhouseErrorName> = new Set([
  'ILLEGAL_TYPE_OF_ARGUMENT',
  'TYPE_MISMATCH',
  'MEMORY_LIMIT_EXCEEDED',
]);

/** A query Snuba accepts but its engine refuses; the message reads like ClickHouse's. */
export class ClickhouseError extends FaultlineError {
  readonly errorClass = 'ClickhouseError';
  readonly code: ClickhouseErrorName;
  /** The HTTP status Snuba answers with. */
  readonly status: 400 | 500;
  readonly span: Span | undefined;

  constructor(code: ClickhouseErrorName, detail: string, span?: Span) {
    const status = CLIENT_ERROR_CODES.has(code) ? 400 : 500;
    super(status === 400 ? 'invalid_query' : 'internal', `DB::Exception: ${detail}. (${code})`);
    this.name = 'ClickhouseError';
    this.code = code;
    this.status = status;
    this.span = span;
  }
}
