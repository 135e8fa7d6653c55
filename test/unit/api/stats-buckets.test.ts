/**
 * Sentry's events-stats buckets: the interval it defaults to for a range, its refusals, the buckets
 * of a range (epoch-aligned, the single-window fudge, `partial`), and a top event's series name.
 */
import { describe, expect, it } from 'vitest';
import { SentryApiError } from '../../../src-main/core/http/sentry-api/request.ts';
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

  it('refuses a zero interval and more buckets than Sentry answers, fewer with top events', () => {
    const refusal = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return error instanceof SentryApiError ? [error.status, error.message] : error;
      }
      return undefined;
    };
    expect(refusal(() => rollupOf('0h', range(0, HOUR), 0))).toEqual([
      400,
      'Interval cannot result in a zero duration.',
    ]);
    expect(rollupOf('1m', range(0, 10_000 * 60), 0)).toBe(60);
    expect(refusal(() => rollupOf('1m', range(0, 10_001 * 60), 0))?.toString()).toMatch(/too many results/);
    expect(refusal(() => rollupOf('1m', range(0, 2_001 * 60), 5))?.toString()).toMatch(/too many results/);
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
