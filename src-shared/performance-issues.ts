/**
 * Sentry's performance issue types (`sentry/issues/grouptype.py`): the group type id, slug and
 * title of each problem Faultline detects in transactions, and the evidence an occurrence keeps
 * (Sentry's `evidence_data`), which the issue page shows as Sentry's span evidence. Pure: shared
 * by the pipeline, the issue search, the web API and the renderer.
 */

export type IssueCategory = 'error' | 'performance';

export interface GroupTypeInfo {
  typeId: number;
  slug: string;
  /** Sentry's `description`, the issue's title. */
  title: string;
  category: IssueCategory;
}

/** Sentry's `ErrorGroupType`. */
export const ERROR_GROUP_TYPE: GroupTypeInfo = {
  typeId: 1,
  slug: 'error',
  title: 'Error',
  category: 'error',
};

const performance = (typeId: number, slug: string, title: string): GroupTypeInfo => ({
  typeId,
  slug,
  title,
  category: 'performance',
});

/** The performance group types Faultline creates, by type id. */
export const PERFORMANCE_GROUP_TYPES = {
  slowDbQuery: performance(1001, 'performance_slow_db_query', 'Slow DB Query'),
  renderBlockingAsset: performance(
    1004,
    'performance_render_blocking_asset_span',
    'Large Render Blocking Asset',
  ),
  nPlusOneDbQueries: performance(1006, 'performance_n_plus_one_db_queries', 'N+1 Query'),
  consecutiveDbQueries: performance(1007, 'performance_consecutive_db_queries', 'Consecutive DB Queries'),
  consecutiveHttp: performance(1009, 'performance_consecutive_http', 'Consecutive HTTP'),
  nPlusOneApiCalls: performance(1010, 'performance_n_plus_one_api_calls', 'N+1 API Call'),
  uncompressedAssets: performance(1012, 'performance_uncompressed_assets', 'Uncompressed Asset'),
  largeHttpPayload: performance(1015, 'performance_large_http_payload', 'Large HTTP payload'),
  httpOverhead: performance(1016, 'performance_http_overhead', 'HTTP/1.1 Overhead'),
} as const satisfies Record<string, GroupTypeInfo>;

export type PerformanceGroupTypeKey = keyof typeof PERFORMANCE_GROUP_TYPES;

const BY_ID = new Map<number, GroupTypeInfo>(
  [ERROR_GROUP_TYPE, ...Object.values(PERFORMANCE_GROUP_TYPES)].map((info) => [info.typeId, info]),
);

/** A group's type by its id; an unknown id is an error group (every group before types were kept). */
export function groupTypeOf(typeId: number | null | undefined): GroupTypeInfo {
  return BY_ID.get(typeId ?? ERROR_GROUP_TYPE.typeId) ?? ERROR_GROUP_TYPE;
}

/** The type ids of a slug or category among the types Faultline creates (none for the others). */
export function typeIdsOf(key: 'issue.type' | 'issue.category', value: string): number[] {
  return [...BY_ID.values()]
    .filter((info) => (key === 'issue.type' ? info.slug === value : info.category === value))
    .map((info) => info.typeId);
}

/** A span as the evidence names it. */
export interface EvidenceSpan {
  spanId: string;
  op: string | null;
  description: string | null;
  durationMs: number;
  /** Milliseconds after the transaction started. */
  offsetMs: number;
}

/**
 * What an occurrence of a performance issue keeps: Sentry's `evidence_data` (transaction, op,
 * the parent, cause and offender span ids, the repeating spans as text) plus the spans themselves
 * with their durations, as Sentry's span evidence reads them from the transaction.
 */
export interface PerformanceEvidence {
  typeId: number;
  fingerprint: string;
  /** The transaction's event id (a transaction item), or its segment span id when streamed. */
  transactionEventId: string | null;
  transactionName: string;
  traceId: string | null;
  transactionDurationMs: number;
  op: string;
  parentSpanIds: string[];
  causeSpanIds: string[];
  offenderSpanIds: string[];
  /** Sentry's `repeating_spans` (`op - description`) and `num_repeating_spans`. */
  repeatingSpans: string;
  numRepeatingSpans: number;
  parentSpan: EvidenceSpan | null;
  causeSpans: EvidenceSpan[];
  offenderSpans: EvidenceSpan[];
}
