/** The next expected check-in of an interval schedule, stepped as dateutil's rrule steps it in Sentry. */
import { describe, expect, it } from 'vitest';
import {
  type MonitorConfig,
  nextExpected,
  nextExpectedLatest,
} from '../../../src-main/core/crons/schedule.ts';

const interval = (
  value: number,
  unit: 'month' | 'year' | 'week' | 'hour',
  timezone: string | null = null,
): MonitorConfig => ({
  schedule: { type: 'interval', value, unit },
  timezone,
  checkinMargin: null,
  maxRuntime: null,
});

describe('nextExpected', () => {
  it('steps hours and weeks by their length and cuts to the minute', () => {
    expect(nextExpected(interval(2, 'hour'), Date.UTC(2026, 0, 1, 5, 35, 42))).toBe(
      Date.UTC(2026, 0, 1, 7, 35),
    );
    expect(nextExpected(interval(1, 'week'), Date.UTC(2026, 0, 1, 5, 35))).toBe(Date.UTC(2026, 0, 8, 5, 35));
  });

  it('skips a month that lacks the day, as rrule does (31 January + 1 month is 31 March)', () => {
    expect(nextExpected(interval(1, 'month'), Date.UTC(2026, 0, 31, 9, 0))).toBe(Date.UTC(2026, 2, 31, 9, 0));
    expect(nextExpected(interval(1, 'month'), Date.UTC(2026, 0, 15, 9, 0))).toBe(Date.UTC(2026, 1, 15, 9, 0));
    expect(nextExpected(interval(1, 'year'), Date.UTC(2028, 1, 29))).toBe(Date.UTC(2032, 1, 29));
  });

  it('has no next time for crontabs, nor for months in another zone than UTC', () => {
    const crontab: MonitorConfig = {
      ...interval(1, 'hour'),
      schedule: { type: 'crontab', value: '0 * * * *' },
    };
    expect(nextExpected(crontab, Date.UTC(2026, 0, 1))).toBeNull();
    expect(nextExpected(interval(1, 'month', 'Europe/Vienna'), Date.UTC(2026, 0, 1))).toBeNull();
  });

  it('accepts the next check-in until the margin (1 minute when unset) has passed', () => {
    const next = Date.UTC(2026, 0, 1, 7, 35);
    expect(nextExpectedLatest(interval(2, 'hour'), next)).toBe(next + 60_000);
    expect(nextExpectedLatest({ ...interval(2, 'hour'), checkinMargin: 5 }, next)).toBe(next + 5 * 60_000);
  });
});
