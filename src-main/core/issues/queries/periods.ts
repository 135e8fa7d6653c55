/** Stats periods of the issue pages and how each is cut into buckets (sparklines and charts). */
import type { StatsPeriod } from '../../../../src-shared/issues-api.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const PERIOD_MS: Record<StatsPeriod, number> = {
  '1h': HOUR,
  '24h': DAY,
  '7d': 7 * DAY,
  '14d': 14 * DAY,
  '30d': 30 * DAY,
  '90d': 90 * DAY,
};

/** Sparkline buckets: few enough to read at 80 px (Sentry's stream: hours over 24h, days over 14d). */
export const SPARKLINE_BUCKET_MS: Record<StatsPeriod, number> = {
  '1h': 5 * MINUTE,
  '24h': HOUR,
  '7d': 6 * HOUR,
  '14d': DAY,
  '30d': DAY,
  '90d': DAY,
};

/** Chart buckets of the issue page: finer, but whole hours past 1h (what `group_hourly` keeps). */
export const CHART_BUCKET_MS: Record<StatsPeriod, number> = {
  '1h': MINUTE,
  '24h': HOUR,
  '7d': 4 * HOUR,
  '14d': 6 * HOUR,
  '30d': 12 * HOUR,
  '90d': DAY,
};

export interface Buckets {
  /** Start of the first bucket. */
  start: number;
  bucketMs: number;
  count: number;
}

/**
 * Sentry's series of a period (tsdb's `get_optimal_rollup_series`, which the stream's and the issue
 * page's stats read): the buckets, aligned to their size in UTC, from the one holding the period's
 * start to the one holding `now`, both whole — so 25 hours over 24h, 15 days over 14d. An event of
 * the period's first hour is in the graph (with 24 buckets ending with now's, it fell before the
 * first one and the graph missed an event the row counted).
 */
export function bucketsFor(period: StatsPeriod, bucketMs: number, now: number): Buckets {
  const start = Math.floor((now - PERIOD_MS[period]) / bucketMs) * bucketMs;
  const end = Math.floor(now / bucketMs) * bucketMs + bucketMs;
  return { start, bucketMs, count: Math.round((end - start) / bucketMs) };
}
