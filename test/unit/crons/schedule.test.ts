/**
 * The next expected check-in, as Sentry's `get_next_schedule` finds it: an interval stepped as
 * dateutil's rrule steps it, a crontab's next run in the monitor's time zone; and the first run at or
 * after a clock tick, where Sentry's clock expects a job after a missed run or a timeout.
 */
import { describe, expect, it } from 'vitest';
import {
  firstRunAtOrAfter,
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
  failureIssueThreshold: null,
  recoveryThreshold: null,
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

  it('has no next time for months in another zone than UTC', () => {
    expect(nextExpected(interval(1, 'month', 'Europe/Vienna'), Date.UTC(2026, 0, 1))).toBeNull();
  });

  it("gives a crontab's next run in the monitor's zone, and none for an invalid crontab or zone", () => {
    const crontab = (value: string, timezone: string | null = null): MonitorConfig => ({
      ...interval(1, 'hour', timezone),
      schedule: { type: 'crontab', value },
    });
    expect(nextExpected(crontab('0 * * * *'), Date.UTC(2026, 0, 1, 5, 30, 12))).toBe(Date.UTC(2026, 0, 1, 6));
    expect(nextExpected(crontab('@daily', 'UTC'), Date.UTC(2026, 0, 1, 5, 30))).toBe(Date.UTC(2026, 0, 2));
    // 09:00 in New York in January is 14:00 UTC.
    expect(nextExpected(crontab('0 9 * * *', 'America/New_York'), Date.UTC(2026, 0, 1))).toBe(
      Date.UTC(2026, 0, 1, 14),
    );
    expect(nextExpected(crontab('0 25 * * *'), Date.UTC(2026, 0, 1))).toBeNull();
    expect(nextExpected(crontab('0 9 * * *', 'Mars/Olympus_Mons'), Date.UTC(2026, 0, 1))).toBeNull();
  });

  it('accepts the next check-in until the margin (1 minute when unset) has passed', () => {
    const next = Date.UTC(2026, 0, 1, 7, 35);
    expect(nextExpectedLatest(interval(2, 'hour'), next)).toBe(next + 60_000);
    expect(nextExpectedLatest({ ...interval(2, 'hour'), checkinMargin: 5 }, next)).toBe(next + 5 * 60_000);
  });
});

describe('firstRunAtOrAfter', () => {
  const crontab = (value: string, timezone: string | null = null): MonitorConfig => ({
    ...interval(1, 'hour', timezone),
    schedule: { type: 'crontab', value },
  });

  it("is a crontab's run at the tick itself, or its first one after", () => {
    expect(firstRunAtOrAfter(crontab('0 * * * *'), 0, Date.UTC(2026, 0, 1, 14))).toBe(
      Date.UTC(2026, 0, 1, 14),
    );
    expect(firstRunAtOrAfter(crontab('0 * * * *'), 0, Date.UTC(2026, 0, 1, 14, 1))).toBe(
      Date.UTC(2026, 0, 1, 15),
    );
    expect(firstRunAtOrAfter(crontab('0 9 * * *', 'America/New_York'), 0, Date.UTC(2026, 0, 1, 15))).toBe(
      Date.UTC(2026, 0, 2, 14),
    );
  });

  it('steps an interval from its anchor, as rrule from the last expected time before the tick', () => {
    // Started 10:30:40, hourly: the runs before 13:30 are 12:30:40 at the latest, so 13:30 is next.
    const anchor = Date.UTC(2026, 0, 1, 10, 30, 40);
    expect(firstRunAtOrAfter(interval(1, 'hour'), anchor, Date.UTC(2026, 0, 1, 13, 30))).toBe(
      Date.UTC(2026, 0, 1, 13, 30),
    );
    expect(
      firstRunAtOrAfter(interval(2, 'hour'), Date.UTC(2026, 0, 1, 10), Date.UTC(2026, 0, 1, 10, 1)),
    ).toBe(Date.UTC(2026, 0, 1, 12));
    expect(firstRunAtOrAfter(interval(1, 'month'), Date.UTC(2026, 0, 31), Date.UTC(2026, 1, 1))).toBe(
      Date.UTC(2026, 2, 31),
    );
    expect(firstRunAtOrAfter(interval(1, 'month', 'Europe/Vienna'), 0, Date.UTC(2026, 1, 1))).toBeNull();
  });
});
