/**
 * The aggregates of Sentry's Metrics explorer over a set of data points: a counter's sum; a gauge's
 * avg, min, max and last (the newest point's value); a distribution's avg, percentiles, max and count.
 * Percentiles interpolate linearly between the two closest ranks (as ClickHouse's `quantile` and
 * numpy's default do), so p50 of 1…10 is 5.5.
 */
import type { MetricAggregate } from '../../../src-shared/metrics-api.ts';

export interface Point {
  timestamp: number;
  value: number;
}

/** The `q`-quantile (0…1) of values sorted ascending; null when there are none. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const rank = (sorted.length - 1) * q;
  const below = Math.floor(rank);
  const low = sorted[below] as number;
  const high = sorted[Math.min(below + 1, sorted.length - 1)] as number;
  return low + (high - low) * (rank - below);
}

const PERCENTILES: Partial<Record<MetricAggregate, number>> = { p50: 0.5, p75: 0.75, p95: 0.95, p99: 0.99 };

/** The aggregate of the points; null when there are none (a bucket with no data point). */
export function aggregate(kind: MetricAggregate, points: readonly Point[]): number | null {
  if (points.length === 0) return null;
  const values = points.map((point) => point.value);
  switch (kind) {
    case 'sum':
      return values.reduce((sum, value) => sum + value, 0);
    case 'count':
      return values.length;
    case 'avg':
      return values.reduce((sum, value) => sum + value, 0) / values.length;
    case 'min':
      return values.reduce((min, value) => Math.min(min, value), Infinity);
    case 'max':
      return values.reduce((max, value) => Math.max(max, value), -Infinity);
    case 'last': {
      let newest = points[0] as Point;
      for (const point of points) if (point.timestamp >= newest.timestamp) newest = point;
      return newest.value;
    }
    case 'p50':
    case 'p75':
    case 'p95':
    case 'p99':
      return quantile(
        values.sort((a, b) => a - b),
        PERCENTILES[kind] as number,
      );
  }
}
