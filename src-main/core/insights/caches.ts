/**
 * `insights.caches` and `insights.cacheSamples`: a project's cache reads of a period as Sentry's Caches
 * module shows them — `cache_miss_rate()` and `spm()` over time, the transactions making the reads with
 * their `spm()`, `cache_miss_rate()`, `avg(cache.item_size)`, `sum(span.self_time)` (time spent, its
 * default order, with `time_spent_percentage()`) and `avg(transaction.duration)` — and one transaction's
 * figures with sample hits and misses.
 */
import type { ApiParsedParams } from '../../../src-shared/api.ts';
import {
  CACHE_READ_OPS,
  type CacheLanding,
  type CachePoint,
  type CacheSample,
  type CacheSort,
  type CacheStats,
  type CacheTransaction,
  type CacheTransactionDetail,
} from '../../../src-shared/caches-api.ts';
import { CHART_BUCKET_MS, PERIOD_MS } from '../issues/queries/periods.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import {
  averageOf,
  groupSpans,
  newestFirst,
  numberAttribute,
  type OpSpan,
  readOpSpans,
  textAttribute,
  transactionDurations,
  wordMatcher,
} from './op-spans.ts';

const READ_OPS: ReadonlySet<string> = new Set(CACHE_READ_OPS);

/** `cache.hit` as Relay tags it: only a boolean says (a string `"true"` is no tag there). */
export function cacheHit(span: OpSpan): boolean | null {
  const value = span.span.data?.['cache.hit'];
  return typeof value === 'boolean' ? value : null;
}

/** `cache.key` as Relay tags it: any value but a string is written as JSON (`["user:7"]`). */
export function cacheKey(span: OpSpan): string | null {
  const value = span.span.data?.['cache.key'];
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const itemSize = (span: OpSpan) => numberAttribute(span.span.data, 'cache.item_size');

export function cacheStats(spans: readonly OpSpan[], minutes: number): CacheStats {
  const count = spans.length;
  const misses = spans.filter((span) => cacheHit(span) === false).length;
  return {
    count,
    perMinute: count / minutes,
    missRate: count === 0 ? 0 : misses / count,
    avgItemSize: averageOf(spans, itemSize),
    totalMs: spans.reduce((sum, span) => sum + span.selfMs, 0),
  };
}

const SORT_KEYS: Record<CacheSort, (row: CacheTransaction) => number> = {
  time: (row) => row.totalMs,
  rpm: (row) => row.perMinute,
  miss: (row) => row.missRate,
  size: (row) => row.avgItemSize ?? -1,
  duration: (row) => row.avgTransactionMs ?? -1,
};

/** The reads of each chart bucket, from the one holding the period's start to the one holding `now`. */
function points(spans: readonly OpSpan[], since: number, now: number, bucketMs: number): CachePoint[] {
  const start = Math.floor(since / bucketMs) * bucketMs;
  const count = Math.floor(now / bucketMs) - Math.floor(since / bucketMs) + 1;
  const buckets = Array.from({ length: count }, () => ({ reads: 0, misses: 0 }));
  for (const span of spans) {
    const bucket = buckets[Math.floor((span.span.start - start) / bucketMs)];
    if (!bucket) continue;
    bucket.reads += 1;
    if (cacheHit(span) === false) bucket.misses += 1;
  }
  return buckets.map(({ reads, misses }, index) => ({
    time: new Date(start + index * bucketMs).toISOString(),
    missRate: reads === 0 ? null : misses / reads,
    perMinute: reads / (bucketMs / 60_000),
  }));
}

export function cacheLanding(
  db: SqliteDb,
  params: ApiParsedParams<'insights.caches'>,
  now = Date.now(),
): CacheLanding {
  const since = now - PERIOD_MS[params.period];
  const minutes = PERIOD_MS[params.period] / 60_000;
  const { spans, segments, partial } = readOpSpans(db, params.projectId, since, READ_OPS);
  const durations = transactionDurations(segments);
  const summary = cacheStats(spans, minutes);
  const matches = wordMatcher(params.query);
  const key = SORT_KEYS[params.sort];
  const transactions: CacheTransaction[] = [...groupSpans(spans, (span) => span.span.segmentName)]
    .filter(([name]) => matches(name ?? ''))
    .map(([transaction, list]) => {
      const stats = cacheStats(list, minutes);
      return {
        transaction,
        ...stats,
        timeShare: summary.totalMs === 0 ? 0 : stats.totalMs / summary.totalMs,
        avgTransactionMs: durations.get(transaction) ?? null,
      };
    })
    .sort((a, b) => key(b) - key(a) || (a.transaction ?? '').localeCompare(b.transaction ?? ''));
  const bucketMs = CHART_BUCKET_MS[params.period];
  return {
    summary,
    bucketMs,
    points: points(spans, since, now, bucketMs),
    transactions: transactions.slice(0, params.limit),
    total: transactions.length,
    partial,
  };
}

function sampleOf(span: OpSpan): CacheSample {
  return {
    spanId: span.span.spanId,
    op: span.span.op ?? '',
    description: span.span.name,
    key: cacheKey(span),
    hit: cacheHit(span),
    itemSize: itemSize(span),
    durationMs: span.durationMs,
    transactionMs: span.transactionMs,
    timestamp: new Date(span.span.start).toISOString(),
    traceId: span.traceId,
    transaction: span.span.segmentName,
    transactionSpanId: span.span.segmentId,
    peer: textAttribute(span.span.data, 'network.peer.address'),
  };
}

export function cacheSamples(
  db: SqliteDb,
  params: ApiParsedParams<'insights.cacheSamples'>,
  now = Date.now(),
): CacheTransactionDetail {
  const since = now - PERIOD_MS[params.period];
  const minutes = PERIOD_MS[params.period] / 60_000;
  const { spans: all, segments, partial } = readOpSpans(db, params.projectId, since, READ_OPS);
  const spans = all.filter((span) => span.span.segmentName === params.transaction).sort(newestFirst);
  // Sentry's panel asks for half its samples among hits and half among misses, unless one kind is chosen.
  const hitLimit = { all: params.limit / 2, hit: params.limit, miss: 0 }[params.status];
  const missLimit = { all: params.limit / 2, hit: 0, miss: params.limit }[params.status];
  const hits = spans.filter((span) => cacheHit(span) === true).slice(0, Math.floor(hitLimit));
  const misses = spans.filter((span) => cacheHit(span) === false).slice(0, Math.ceil(missLimit));
  return {
    summary: spans.length === 0 ? null : cacheStats(spans, minutes),
    avgTransactionMs: transactionDurations(segments).get(params.transaction) ?? null,
    samples: [...hits, ...misses].map(sampleOf),
    partial,
  };
}
