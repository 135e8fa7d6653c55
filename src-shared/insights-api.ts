/**
 * The Queries page, as Sentry's Insights → Queries module and Spotlight's Queries tab: a project's
 * database spans grouped by their normalized query (Sentry's `span.group`), with how often each ran,
 * how long it took and how many times one transaction ran it. Params schemas and result types of
 * `insights.queries` and `insights.querySamples`.
 */
import { z } from 'zod';

/**
 * Stored items (a transaction, or a container of streamed spans) read for one answer at most, newest
 * first: the read runs on the main thread, which also answers SDKs, and the page polls it.
 */
export const MAX_QUERY_ITEMS_SCANNED = 500;

/** The orders Sentry's Queries table sorts by, each largest first; `time` (time spent) is its default. */
export const QUERY_SORTS = ['time', 'count', 'avg', 'p95'] as const;
export type QuerySort = (typeof QUERY_SORTS)[number];

/** One normalized query: every database span whose description normalizes to it. */
export interface QueryGroup {
  /** Sentry's `span.group`: 16 hex digits of the normalized description's MD5. */
  group: string;
  /** The query with its values replaced by `%s` (Sentry's `sentry.normalized_description`). */
  description: string;
  /** The op of its newest span (`db`, `db.sql.query` …). */
  op: string;
  /** `db.system` of its newest span that said (`postgresql`, `mysql`, `sqlite` …). */
  dbSystem: string | null;
  count: number;
  totalMs: number;
  avgMs: number;
  p95Ms: number;
  /** The most spans of it in one transaction: above 1, the same query ran N times (an N+1 hint). */
  maxPerTransaction: number;
  /** Its newest span's trace and transaction. */
  traceId: string;
  transaction: string | null;
}

export interface QueryGroupList {
  queries: QueryGroup[];
  /** Groups found before `limit` cut the list. */
  total: number;
  /** Reading stopped at `MAX_QUERY_ITEMS_SCANNED` items: older spans were not counted. */
  partial: boolean;
}

/** One database span of a group, as sent. */
export interface QuerySample {
  spanId: string;
  /** The description as the SDK sent it, values and all. */
  description: string;
  op: string;
  durationMs: number;
  /** When it started, ISO 8601. */
  timestamp: string;
  traceId: string;
  transaction: string | null;
  /** The span id of its transaction (or streamed segment), which the trace view opens. */
  transactionSpanId: string | null;
}

export interface QuerySampleList {
  /** Newest start first. */
  samples: QuerySample[];
  partial: boolean;
}

export const insightsParams = {
  queries: z
    .object({
      projectId: z.number().int().positive(),
      /** Words of the normalized query, each of which it must contain (case-insensitive). */
      query: z.string().max(1_000).optional(),
      sort: z.enum(QUERY_SORTS).default('time'),
      limit: z.number().int().min(1).max(500).default(100),
    })
    .strict(),
  samples: z
    .object({
      projectId: z.number().int().positive(),
      group: z.string().regex(/^[0-9a-f]{16}$/, 'a query group is 16 hex digits'),
      limit: z.number().int().min(1).max(100).default(20),
    })
    .strict(),
};
