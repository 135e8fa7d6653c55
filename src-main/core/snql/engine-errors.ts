/**
 * DuckDB's failures, reported the way Snuba reports ClickHouse's: a `ClickhouseError` with the
 * nearest ClickHouse code (400 for type errors, 500 otherwise). The translation already refuses
 * the type errors it can see (engine-types.ts); these are the ones only the engine finds: a
 * function over a type it does not take, arguments with no common type, a value in the data
 * that does not convert. ClickHouse refuses the same queries. A failure that maps to no code is
 * UNKNOWN_EXCEPTION: for a validated query that is a translation bug, and the fuzz tests look for
 * exactly those.
 */
import { ClickhouseError, type ClickhouseErrorName } from '../../../src-shared/snql/errors.ts';

const RULES: ReadonlyArray<readonly [RegExp, ClickhouseErrorName]> = [
  [/^Conversion Error: Unimplemented type for cast/i, 'CANNOT_CONVERT_TYPE'],
  [/^Conversion Error: .*(timestamp|date)/i, 'CANNOT_PARSE_DATETIME'],
  [/^Conversion Error/i, 'CANNOT_PARSE_TEXT'],
  [/^Binder Error: (Cannot combine types|Cannot mix values|Cannot deduce template type)/i, 'NO_COMMON_TYPE'],
  [
    /^Binder Error: (No function matches|Cannot compare|Could not choose a best candidate)/i,
    'ILLEGAL_TYPE_OF_ARGUMENT',
  ],
  [/must appear in the GROUP BY clause|must be an aggregate/i, 'NOT_AN_AGGREGATE'],
  [/aggregate function calls cannot be nested|cannot contain aggregates/i, 'ILLEGAL_AGGREGATION'],
  [/division by zero|Division of minimal signed number by minus one/i, 'ILLEGAL_DIVISION'],
  [/^Out of Range Error/i, 'ARGUMENT_OUT_OF_BOUND'],
  // The sizes duckdb-fn-sizes.ts checks as the query runs (`range`, `repeat` …).
  [/^Invalid Input Error: Too large /i, 'ARGUMENT_OUT_OF_BOUND'],
  [/^Out of Memory/i, 'MEMORY_LIMIT_EXCEEDED'],
];

/** The ClickhouseError Snuba would report for this DuckDB failure. */
export function engineError(error: unknown): ClickhouseError {
  const message = error instanceof Error ? error.message : String(error);
  const code = RULES.find(([pattern]) => pattern.test(message))?.[1] ?? 'UNKNOWN_EXCEPTION';
  // The refusals the translation raises itself (`error('Division by zero')`) read as ClickHouse's.
  const text = (message.split('\n')[0] ?? message).replace(
    /^Invalid Input Error: (?=Division|Too large )/,
    '',
  );
  return new ClickhouseError(code, text.replace(/\.$/, ''));
}

/**
 * The codes ClickHouse itself raises for such a query (types, or data that does not parse):
 * the query's fault. Any other engine failure of a validated query is Faultline's.
 */
export const QUERY_FAULT_CODES: ReadonlySet<ClickhouseErrorName> = new Set([
  'ILLEGAL_TYPE_OF_ARGUMENT',
  'NO_COMMON_TYPE',
  'TYPE_MISMATCH',
  'CANNOT_PARSE_TEXT',
  'CANNOT_PARSE_DATETIME',
  'CANNOT_CONVERT_TYPE',
  'NOT_AN_AGGREGATE',
  'ILLEGAL_AGGREGATION',
  'ILLEGAL_DIVISION',
  'ARGUMENT_OUT_OF_BOUND',
]);
