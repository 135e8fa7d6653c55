/**
 * The figures of the Performance page over a set of transaction events, as Sentry's discover
 * functions define them: `tpm()`, `pNN()` (Snuba's `quantile`, as `insights/queries.ts`'s `percentile`),
 * `failure_rate()`, `apdex()` and `count_unique(user)`; and the summary's duration histogram.
 */
import {
  APDEX_THRESHOLD_MS,
  type DurationBucket,
  type TransactionFigures,
} from '../../../src-shared/performance-api.ts';
import { percentile } from '../insights/queries.ts';
import type { TransactionEvent } from './transaction-events.ts';

/**
 * Statuses Sentry's `failure_rate()` does not count as failures. `unknown_error` is the same status
 * code as `unknown` in Relay's table; a transaction item without a status reads as `unknown`.
 */
const NOT_FAILURES = new Set(['ok', 'cancelled', 'unknown', 'unknown_error']);

export const isFailure = (status: string | null) => !NOT_FAILURES.has(status ?? 'unknown');

/** (satisfied + tolerated / 2) / count, satisfied at most T, tolerated at most 4T (Snuba's `apdex`). */
export function apdex(durations: readonly number[], threshold = APDEX_THRESHOLD_MS): number {
  if (durations.length === 0) return 0;
  const satisfied = durations.filter((ms) => ms <= threshold).length;
  const tolerated = durations.filter((ms) => ms > threshold && ms <= 4 * threshold).length;
  return (satisfied + tolerated / 2) / durations.length;
}

/** The figures of one name's events (at least one) over a period of `minutes`. */
export function transactionFigures(
  transaction: string,
  events: readonly TransactionEvent[],
  minutes: number,
): TransactionFigures {
  const durations = events.map((event) => event.durationMs).sort((a, b) => a - b);
  const newest = events.reduce((a, b) => (b.root.start > a.root.start ? b : a));
  const users = new Set(events.map((event) => event.root.user).filter((user) => user !== null));
  return {
    transaction,
    op: newest.root.op,
    count: events.length,
    tpm: events.length / minutes,
    p50Ms: percentile(durations, 0.5),
    p75Ms: percentile(durations, 0.75),
    p95Ms: percentile(durations, 0.95),
    failureRate: events.filter((event) => isFailure(event.root.status)).length / events.length,
    apdex: apdex(durations),
    users: users.size,
  };
}

/** A bucket width of 1, 2 or 5 times a power of ten (ms), so that the edges read as round numbers. */
function roundWidth(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  return [1, 2, 5, 10].map((step) => step * power).find((width) => width >= raw) ?? 10 * power;
}

/** Up to `buckets` contiguous buckets of round width from the fastest event to the slowest. */
export function durationHistogram(durations: readonly number[], buckets = 20): DurationBucket[] {
  if (durations.length === 0) return [];
  const min = Math.min(...durations);
  const max = Math.max(...durations);
  const width = roundWidth((max - min) / buckets);
  const first = Math.floor(min / width) * width;
  const count = Math.floor((max - first) / width) + 1;
  const histogram = Array.from({ length: count }, (_, i) => ({
    startMs: first + i * width,
    endMs: first + (i + 1) * width,
    count: 0,
  }));
  for (const ms of durations) {
    const bucket = histogram[Math.min(count - 1, Math.floor((ms - first) / width))];
    if (bucket) bucket.count++;
  }
  return histogram;
}
