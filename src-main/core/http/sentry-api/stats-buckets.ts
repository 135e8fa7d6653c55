/**
 * The time buckets of Sentry's events-stats (`utils/dates.py` `get_rollup_from_request`, the
 * serializer's `zerofill` and `calculate_time_frame`): the rollup from `interval` (or the default for
 * the range's length), and the bucket keys a series is answered with — epoch-aligned multiples of the
 * rollup, in seconds, from the one holding the start up to the one holding the end, that last
 * (incomplete) bucket only with `partial=1`.
 */
import { parseStatsPeriod, type TimeRange } from './time-range.ts';

/** Sentry's `MAX_ROLLUP_POINTS`: buckets a series may have (shared among the top events' series). */
const MAX_ROLLUP_POINTS = 10_000;

const HOUR = 3600;
const DAY = 24 * HOUR;

/** Sentry's `get_interval_from_range` (not high fidelity): the interval its charts ask for a range. */
export function defaultInterval(rangeSeconds: number): string {
  if (rangeSeconds >= 60 * DAY) return '1d';
  if (rangeSeconds >= 30 * DAY) return '4h';
  if (rangeSeconds > DAY) return '1h';
  if (rangeSeconds > HOUR) return '5m';
  return '15m';
}

/**
 * The rollup in seconds: `interval` (`1m`, `1h`, `1d`, a bare number of seconds), the range's default
 * when absent, an hour when it is no period. An interval Sentry cannot answer — a zero duration, or
 * more buckets than {@link MAX_ROLLUP_POINTS} (shared among the top events' series) — is not refused:
 * as Sentry's events-stats does since it stopped answering 400 there, the range's default is used.
 */
export function rollupOf(interval: string | null, range: TimeRange, topEvents: number): number {
  const rangeSeconds = (range.end - range.start) / 1000;
  const fallback = (parseStatsPeriod(defaultInterval(rangeSeconds)) ?? HOUR * 1000) / 1000;
  const ms = parseStatsPeriod(interval || defaultInterval(rangeSeconds)) ?? HOUR * 1000;
  const rollup = ms / 1000;
  if (rollup <= 0) return fallback;
  const maxPoints = topEvents > 0 ? MAX_ROLLUP_POINTS / topEvents : MAX_ROLLUP_POINTS;
  if (rangeSeconds / rollup > maxPoints) return fallback;
  return rollup;
}

/** The bucket (its start, epoch seconds) a time in milliseconds falls in. */
export const bucketOf = (ms: number, rollup: number) => Math.floor(Math.floor(ms / 1000) / rollup) * rollup;

export interface Buckets {
  /** The bucket keys of the answer, oldest first. */
  keys: number[];
  /** The answer's `start` and `end` (Sentry's `calculate_time_frame`). */
  start: number;
  end: number;
}

/**
 * The buckets of a range: the complete ones from the start's; when the range fits in two buckets,
 * both (Sentry's single-window fudge, whose `end` is one second past the second's start); with
 * `partial`, also the bucket the end falls in when the end is not on its boundary.
 */
export function bucketsOf(range: TimeRange, rollup: number, partial: boolean): Buckets {
  const endSeconds = Math.floor(range.end / 1000);
  const start = bucketOf(range.start, rollup);
  let end = bucketOf(range.end, rollup);
  const singleWindow = end - start === rollup;
  if (singleWindow) end += 1;
  const keys: number[] = [];
  for (let key = start; key < end; key += rollup) keys.push(key);
  const last = bucketOf(range.end, rollup);
  if (partial && !singleWindow && last < endSeconds) keys.push(last);
  return { keys, start, end };
}

/** A value of a series' bucket: a count, a rate, a duration, a date (`last_seen()`) … */
export type SeriesValue = string | number | boolean | null;

/** A series: each bucket with data (its key) and the value of each `yAxis` there. */
export type Series = Map<number, SeriesValue[]>;

/** The top events' series: each group's, in order, and Other's when Sentry adds it. */
export interface TopSeries {
  groups: { key: string; series: Series }[];
  other: Series | null;
}

/** The meta Sentry describes a series' columns with. */
export interface SeriesColumn {
  name: string;
  type: string;
  unit: string | null;
}

/**
 * How a dataset answers events-stats: its `yAxis` columns, the series of all that matches over a range,
 * and the top events' series (the `field`s not functions grouping, sorted by `orderby`).
 */
export interface StatsReader {
  axes: SeriesColumn[];
  /** The `field`s not functions, for the top events' meta. */
  groupColumns: () => SeriesColumn[];
  series: (range: TimeRange) => Promise<Series>;
  top: (limit: number, withOther: boolean) => Promise<TopSeries>;
  /** A dataset read a bounded number of items and older ones were left unread. */
  partial: () => boolean;
}

/**
 * A top event's series name (Sentry's `create_result_key`): its group's values joined by commas in the
 * order of the fields' names, an array as its last element, as Python writes them (`None`, `True`); a group named `Other`
 * says its field, not to be read as the other events.
 */
export function topEventKey(fields: string[], values: Record<string, unknown>): string {
  const names = [...fields].sort();
  const text = names
    .map((name) => {
      const value = values[name];
      if (Array.isArray(value)) return value.length > 0 ? String(value[value.length - 1]) : '';
      if (value === null || value === undefined) return 'None';
      if (typeof value === 'boolean') return value ? 'True' : 'False';
      return String(value);
    })
    .join(',');
  return text === 'Other' ? `Other (${names[0]})` : text;
}
