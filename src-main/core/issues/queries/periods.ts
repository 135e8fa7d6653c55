/** Stats periods of the issue pages and how each is cut into buckets (sparklines and charts). */
import type { StatsPeriod, TimeRange } from '../../../../src-shared/issues-api.ts';

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
  return bucketsOver(now - PERIOD_MS[period], now, bucketMs);
}

function bucketsOver(since: number, until: number, bucketMs: number): Buckets {
  const start = Math.floor(since / bucketMs) * bucketMs;
  const end = Math.floor(until / bucketMs) * bucketMs + bucketMs;
  return { start, bucketMs, count: Math.round((end - start) / bucketMs) };
}

/**
 * The time an issue list or chart counts: `[since, until)`, `until` null for a period (up to now,
 * as before: no bound), a time for an absolute range.
 */
export interface Span {
  since: number;
  until: number | null;
}

/**
 * The issue page's time filter on what it lists (its events, its tags): the range, else the period,
 * else none (every event).
 */
export function timeFilterOf(
  input: { period?: StatsPeriod | undefined } & Partial<TimeRange>,
  now: number,
): Span | null {
  if (input.start !== undefined && input.end !== undefined)
    return { since: Date.parse(input.start), until: Date.parse(input.end) };
  return input.period ? { since: now - PERIOD_MS[input.period], until: null } : null;
}

/** What a list or chart with a period counts: its range, else its period. */
export const spanOf = (input: { period: StatsPeriod } & Partial<TimeRange>, now: number): Span =>
  timeFilterOf(input, now) as Span;

/**
 * Sentry's TSDB rollups (`SENTRY_TSDB_ROLLUPS`: 10 s kept for 1 hour, an hour for 7 days, a day
 * for 90), of which `get_optimal_rollup` picks the finest that holds the range.
 */
const ROLLUPS: ReadonlyArray<readonly [bucketMs: number, samples: number]> = [
  [10_000, 360],
  [HOUR, 24 * 7],
  [DAY, 90],
];

/** `get_optimal_rollup`: the finest rollup whose kept samples span the range, else the coarsest. */
export function optimalRollup(since: number, until: number): number {
  const seconds = Math.trunc(until / 1000) - Math.trunc(since / 1000);
  const fit = ROLLUPS.find(([bucketMs, samples]) => (bucketMs / 1000) * samples >= seconds);
  return (fit ?? (ROLLUPS[ROLLUPS.length - 1] as readonly [number, number]))[0];
}

/**
 * The buckets of a list's sparklines or an issue's chart: the period's own sizes, or for an absolute
 * range Sentry's optimal rollup over it, from the bucket holding its start to the one holding its end.
 */
export function bucketsOf(
  input: { period: StatsPeriod } & Partial<TimeRange>,
  sizes: Record<StatsPeriod, number>,
  now: number,
): Buckets {
  const span = spanOf(input, now);
  if (span.until === null) return bucketsFor(input.period, sizes[input.period], now);
  return bucketsOver(span.since, span.until, optimalRollup(span.since, span.until));
}
