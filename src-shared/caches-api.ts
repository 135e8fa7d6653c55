/**
 * The Caches page, as Sentry's Insights → Caches: a project's cache reads (spans with op `cache.get` or
 * `cache.get_item`, Sentry's module filter; `cache.put` writes are not counted there either) — their
 * miss rate and reads a minute over time, and the transactions making them, each opening onto a panel
 * of its figures and sample hits and misses. Params schemas and result types of `insights.caches` and
 * `insights.cacheSamples`.
 */
import { z } from 'zod';
import { STATS_PERIODS, type StatsPeriod } from './issues-api.ts';

/** As the Requests page: over a day, a morning's reads still read as some a minute. */
export const DEFAULT_CACHES_PERIOD: StatsPeriod = '24h';

/** The ops Sentry's Caches module reads (its `BASE_FILTERS`). */
export const CACHE_READ_OPS = ['cache.get', 'cache.get_item'] as const;

/** The orders of Sentry's transactions table, each largest first; `time` (time spent) is its default. */
export const CACHE_SORTS = ['time', 'rpm', 'miss', 'size', 'duration'] as const;
export type CacheSort = (typeof CACHE_SORTS)[number];

/** The figures of a set of cache reads (the project's, or one transaction's). */
export interface CacheStats {
  count: number;
  /** Reads a minute over the period (Sentry's `spm()`). */
  perMinute: number;
  /**
   * Reads whose `cache.hit` is false over all reads (Sentry's `cache_miss_rate()`), 0 to 1; a read
   * that says neither counts in the whole only, as there.
   */
  missRate: number;
  /** Average `cache.item_size` in bytes of the reads that carry one (Sentry's `avg(cache.item_size)`). */
  avgItemSize: number | null;
  /** Sum of the reads' self time (Sentry's `sum(span.self_time)`, "time spent"). */
  totalMs: number;
}

/** The reads one transaction (by name) made. */
export interface CacheTransaction extends CacheStats {
  transaction: string | null;
  /** Its share of all reads' time spent, 0 to 1 (Sentry's `time_spent_percentage()`). */
  timeShare: number;
  /** Average duration of the transactions of that name in the period (Sentry's `avg(transaction.duration)`). */
  avgTransactionMs: number | null;
}

/** One bucket of the landing page's charts. */
export interface CachePoint {
  /** Start of the bucket, ISO 8601. */
  time: string;
  /** `cache_miss_rate()` of the bucket's reads; null when it has none. */
  missRate: number | null;
  /** `spm()` of the bucket: its reads over its minutes. */
  perMinute: number;
}

export interface CacheLanding {
  /** Every read of the period, all transactions together. */
  summary: CacheStats;
  bucketMs: number;
  points: CachePoint[];
  transactions: CacheTransaction[];
  /** Transactions found before `limit` cut the list. */
  total: number;
  /** Reading stopped at `MAX_QUERY_ITEMS_SCANNED` items: older spans were not counted. */
  partial: boolean;
}

export interface CacheSample {
  spanId: string;
  op: string;
  /** The span's description as sent (the SDK's key or keys). */
  description: string | null;
  /** `cache.key` as Relay tags it: a list of keys written as JSON, a single key as it is. */
  key: string | null;
  /** `cache.hit`; null when the span did not say. */
  hit: boolean | null;
  itemSize: number | null;
  durationMs: number;
  /** Its transaction's duration, when the transaction came in the same item. */
  transactionMs: number | null;
  timestamp: string;
  traceId: string;
  transaction: string | null;
  transactionSpanId: string | null;
  /** `network.peer.address` (the cache server), as sent. */
  peer: string | null;
}

export interface CacheTransactionDetail {
  /** Null when the transaction made no read in the period. */
  summary: CacheStats | null;
  avgTransactionMs: number | null;
  /** Hits then misses, each newest first: half of `limit` each, unless `status` asks for one kind. */
  samples: CacheSample[];
  partial: boolean;
}

export const CACHE_SAMPLE_STATUSES = ['all', 'hit', 'miss'] as const;

export const cachesParams = {
  landing: z
    .object({
      projectId: z.number().int().positive(),
      period: z.enum(STATS_PERIODS).default(DEFAULT_CACHES_PERIOD),
      /** Words each of which the transaction's name must contain (case-insensitive). */
      query: z.string().max(1_000).optional(),
      sort: z.enum(CACHE_SORTS).default('time'),
      limit: z.number().int().min(1).max(500).default(100),
    })
    .strict(),
  samples: z
    .object({
      projectId: z.number().int().positive(),
      period: z.enum(STATS_PERIODS).default(DEFAULT_CACHES_PERIOD),
      transaction: z.string().min(1).max(1_000),
      status: z.enum(CACHE_SAMPLE_STATUSES).default('all'),
      limit: z.number().int().min(2).max(100).default(10),
    })
    .strict(),
};
