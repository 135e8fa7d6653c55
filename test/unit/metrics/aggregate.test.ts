/** The aggregates of the Metrics page: sums, averages, last values and interpolated percentiles. */
import { describe, expect, it } from 'vitest';
import { aggregate, quantile } from '../../../src-main/core/metrics/aggregate.ts';

const points = (values: number[]) => values.map((value, index) => ({ timestamp: 1_000 + index, value }));

describe('metric aggregates', () => {
  it('sums a counter and counts and averages a distribution', () => {
    expect(aggregate('sum', points([1, 2, 3.5]))).toBe(6.5);
    expect(aggregate('count', points([4, 4, 4, 4]))).toBe(4);
    expect(aggregate('avg', points([2, 4, 9]))).toBe(5);
  });

  it('takes a gauge’s min, max and the newest value as last, whatever the order given', () => {
    const shuffled = [
      { timestamp: 30, value: 7 },
      { timestamp: 50, value: 3 },
      { timestamp: 10, value: 11 },
    ];
    expect(aggregate('min', shuffled)).toBe(3);
    expect(aggregate('max', shuffled)).toBe(11);
    expect(aggregate('last', shuffled)).toBe(3);
  });

  it('interpolates percentiles between the closest ranks', () => {
    const oneToTen = points([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(aggregate('p50', oneToTen)).toBe(5.5);
    expect(aggregate('p75', oneToTen)).toBeCloseTo(7.75, 10);
    expect(aggregate('p95', oneToTen)).toBeCloseTo(9.55, 10);
    expect(aggregate('p99', oneToTen)).toBeCloseTo(9.91, 10);
    expect(aggregate('p95', points([42]))).toBe(42);
    expect(quantile([0, 100], 0.25)).toBe(25);
  });

  it('has no value for an empty bucket', () => {
    for (const kind of ['sum', 'avg', 'min', 'max', 'last', 'p50', 'count'] as const)
      expect(aggregate(kind, [])).toBeNull();
  });
});
