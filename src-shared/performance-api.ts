/**
 * The Performance page, as Sentry's Performance landing and transaction summary: a project's
 * transactions of a period (transaction items, and the segment spans of SDKs that stream spans)
 * grouped by name — transactions a minute, p50/p75/p95 duration, failure rate, Apdex and users — and
 * one name's summary: its figures, a duration histogram, its slowest or newest events and the time
 * its spans spent per operation (Relay's `span_ops` breakdown). Params schemas and result types of
 * `performance.transactions` and `performance.summary`.
 */
import { z } from 'zod';
import { STATS_PERIODS, type StatsPeriod } from './issues-api.ts';

/** The period counted when none is chosen, as the Requests page's. */
export const DEFAULT_PERFORMANCE_PERIOD: StatsPeriod = '24h';

/** Sentry's default Apdex threshold T (ms): satisfied at most T, tolerated at most 4T. */
export const APDEX_THRESHOLD_MS = 300;

/**
 * The prefixes of Relay's default `span_ops` breakdown (`ops.http`, `ops.db` …): the time a
 * transaction's spans whose op starts with one spent, overlapping spans counted once.
 */
export const SPAN_OPS_BREAKDOWN = ['http', 'db', 'browser', 'resource'] as const;
export type SpanOpsPrefix = (typeof SPAN_OPS_BREAKDOWN)[number];

/** The columns the table sorts by; `tpm`, largest first, is Sentry's default. */
export const TRANSACTION_SORTS = ['tpm', 'p50', 'p75', 'p95', 'failure', 'apdex', 'users'] as const;
export type TransactionSort = (typeof TRANSACTION_SORTS)[number];

/** Largest first (the default), or smallest first. */
export const SORT_ORDERS = ['desc', 'asc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** The figures of a set of transactions of one name. */
export interface TransactionFigures {
  transaction: string;
  /** The op of its newest event (`http.server`, `pageload` …). */
  op: string | null;
  count: number;
  /** Transactions a minute over the period (Sentry's `tpm()`). */
  tpm: number;
  /** Percentiles of the duration (ms), interpolated as ClickHouse's `quantile` (Snuba's `pNN()`). */
  p50Ms: number;
  p75Ms: number;
  p95Ms: number;
  /** The share whose status is not `ok`, `cancelled` or `unknown` (Sentry's `failure_rate()`), 0 to 1. */
  failureRate: number;
  /** Sentry's `apdex()` with T = `APDEX_THRESHOLD_MS`: (satisfied + tolerated / 2) / count. */
  apdex: number;
  /** Distinct users (Sentry's `count_unique(user)`): id, else username, email or IP address. */
  users: number;
}

export interface TransactionList {
  transactions: TransactionFigures[];
  /** Names found before `limit` cut the list. */
  total: number;
  /** Reading stopped at `MAX_QUERY_ITEMS_SCANNED` items: older transactions were not counted. */
  partial: boolean;
}

/** One bucket of the duration histogram: events with start ≤ duration < end. */
export interface DurationBucket {
  startMs: number;
  endMs: number;
  count: number;
}

/** One event of the transaction (a transaction item, or a streamed segment). */
export interface TransactionSample {
  /** The transaction event's id; null for a streamed segment. */
  eventId: string | null;
  /** Its span id, which the trace view opens. */
  spanId: string;
  traceId: string;
  durationMs: number;
  /** Its `timestamp`, as Sentry's: when it ended, ISO 8601. */
  timestamp: string;
  status: string | null;
  user: string | null;
  /** Its `span_ops` breakdown (ms per prefix). */
  opsBreakdown: Record<SpanOpsPrefix, number>;
}

/** Time spent in the spans of one op prefix, over the period's events of the transaction. */
export interface OpsBreakdownRow {
  op: SpanOpsPrefix;
  /** Its average per event (ms). */
  avgMs: number;
  /** Its share of the events' total duration, 0 to 1. */
  share: number;
}

export const SAMPLE_ORDERS = ['slowest', 'newest'] as const;
export type SampleOrder = (typeof SAMPLE_ORDERS)[number];

export interface TransactionSummary {
  /** Null when the period has no event of the transaction. */
  figures: TransactionFigures | null;
  /** Contiguous buckets from the fastest to the slowest event; empty without events. */
  histogram: DurationBucket[];
  /** Slowest or newest first, as asked. */
  samples: TransactionSample[];
  opsBreakdown: OpsBreakdownRow[];
  partial: boolean;
}

const transaction = z.string().min(1).max(1_000);

export const performanceParams = {
  transactions: z
    .object({
      projectId: z.number().int().positive(),
      period: z.enum(STATS_PERIODS).default(DEFAULT_PERFORMANCE_PERIOD),
      /** Words each of which the transaction's name must contain (case-insensitive). */
      query: z.string().max(1_000).optional(),
      sort: z.enum(TRANSACTION_SORTS).default('tpm'),
      order: z.enum(SORT_ORDERS).default('desc'),
      limit: z.number().int().min(1).max(500).default(100),
    })
    .strict(),
  summary: z
    .object({
      projectId: z.number().int().positive(),
      period: z.enum(STATS_PERIODS).default(DEFAULT_PERFORMANCE_PERIOD),
      transaction,
      samples: z.enum(SAMPLE_ORDERS).default('slowest'),
      limit: z.number().int().min(1).max(100).default(20),
    })
    .strict(),
};
