/**
 * Sentry's events-stats buckets: the interval it defaults to for a range (also in the place of one it cannot answer), the buckets
 * of a range (epoch-aligned, the single-window fudge, `partial`), and a top event's series name.
 */
import { describe, expect, it } from 'vitest';
import {
  bucketsOf,
  defaultInterval,
  rollupOf,
  topEventKey,
} from '../../../src-main/core/http/sentry-api/stats-buckets.ts';

const HOUR = 3600;
const range = (startSeconds: number, endSeconds: number) => ({
  start: startSeconds * 1000,
  end: endSeconds * 1000,
});

describe('events-stats buckets', () => {
  it("defaults to Sentry's chart intervals for the range", () => {
    expect(defaultInterval(HOUR)).toBe('15m');
    expect(defaultInterval(24 * HOUR)).toBe('5m');
    expect(defaultInterval(7 * 24 * HOUR)).toBe('1h');
    expect(defaultInterval(30 * 24 * HOUR)).toBe('4h');
    expect(defaultInterval(90 * 24 * HOUR)).toBe('1d');
    expect(rollupOf(null, range(0, 14 * 24 * HOUR), 0)).toBe(HOUR);
    expect(rollupOf('not a period', range(0, HOUR), 0)).toBe(HOUR);
    expect(rollupOf('30', range(0, HOUR), 0)).toBe(30);
  });

  it("falls back to the range's default for a zero interval or more buckets than Sentry answers, fewer with top events", () => {
    // A zero interval: the default of an hour's range (15 minutes).
    expect(rollupOf('0h', range(0, HOUR), 0)).toBe(15 * 60);
    // 10,000 buckets are answered; one more and the range's default (an hour for about 7 days) is used.
    expect(rollupOf('1m', range(0, 10_000 * 60), 0)).toBe(60);
    expect(rollupOf('1m', range(0, 10_001 * 60), 0)).toBe(HOUR);
    // With the top 5, 2,000 buckets each.
    expect(rollupOf('1m', range(0, 2_000 * 60), 5)).toBe(60);
    expect(rollupOf('1m', range(0, 2_001 * 60), 5)).toBe(HOUR);
    expect(rollupOf('1m', range(0, 90 * 24 * HOUR), 0)).toBe(24 * HOUR);
  });

  it('answers the whole buckets of the range, the one holding the end only with partial', () => {
    const start = 10 * HOUR + 600;
    const end = 13 * HOUR + 900;
    expect(bucketsOf(range(start, end), HOUR, false)).toEqual({
      keys: [10 * HOUR, 11 * HOUR, 12 * HOUR],
      start: 10 * HOUR,
      end: 13 * HOUR,
    });
    expect(bucketsOf(range(start, end), HOUR, true).keys).toEqual([
      10 * HOUR,
      11 * HOUR,
      12 * HOUR,
      13 * HOUR,
    ]);
    // An end on a boundary has no partial bucket.
    expect(bucketsOf(range(start, 13 * HOUR), HOUR, true).keys).toEqual([10 * HOUR, 11 * HOUR, 12 * HOUR]);
    // A range across two buckets: both, the end one second past the second's start (Sentry's fudge).
    expect(bucketsOf(range(10 * HOUR + 600, 11 * HOUR + 600), HOUR, false)).toEqual({
      keys: [10 * HOUR, 11 * HOUR],
      start: 10 * HOUR,
      end: 11 * HOUR + 1,
    });
  });

  it("names a top event as Sentry's create_result_key does", () => {
    expect(topEventKey(['step', 'level'], { step: 'pay', level: 'error' })).toBe('error,pay');
    expect(topEventKey(['error.type'], { 'error.type': ['A', 'B'] })).toBe('B');
    expect(topEventKey(['release'], { release: null })).toBe('None');
    expect(topEventKey(['is_transaction'], { is_transaction: true })).toBe('True');
    expect(topEventKey(['step'], { step: 'Other' })).toBe('Other (step)');
  });
});
