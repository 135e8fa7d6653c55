/**
 * Crontab schedules as Sentry accepts and evaluates them (its validator, then CronSim, which
 * follows Debian cron). The expected runs are worked out by hand from the calendar: 1 January 2026
 * is a Thursday; Vienna's clocks go forward on 29 March 2026 at 01:00 UTC (02:00 CET becomes 03:00
 * CEST) and back on 25 October 2026 at 01:00 UTC (03:00 CEST becomes 02:00 CET); New York's go
 * forward on 8 March 2026 at 07:00 UTC and back on 1 November 2026 at 06:00 UTC.
 */
import { describe, expect, it } from 'vitest';
import { parseCrontab } from '../../../src-main/core/crons/crontab.ts';
import { nextCrontabRun } from '../../../src-main/core/crons/crontab-next.ts';

/** The next run strictly after `reference`, as an ISO string. */
function next(expression: string, reference: string, timeZone: string | null = null): string | null {
  const crontab = parseCrontab(expression);
  if (!crontab) throw new Error(`refused: ${expression}`);
  const run = nextCrontabRun(crontab, Date.parse(reference), timeZone);
  return run === null ? null : new Date(run).toISOString();
}

describe('crontab fields', () => {
  it('runs at the next matching minute strictly after the reference, cut to its minute', () => {
    // Sentry's own examples: 05:30 → 06:00 for `0 * * * *`, 06:30 for `30 * * * *`.
    expect(next('0 * * * *', '2026-01-01T05:30:00Z')).toBe('2026-01-01T06:00:00.000Z');
    expect(next('30 * * * *', '2026-01-01T05:30:00Z')).toBe('2026-01-01T06:30:00.000Z');
    expect(next('30 * * * *', '2026-01-01T05:30:59.999Z')).toBe('2026-01-01T06:30:00.000Z');
    expect(next('* * * * *', '2026-01-01T05:30:45Z')).toBe('2026-01-01T05:31:00.000Z');
    expect(next('59 23 31 12 *', '2026-12-31T23:58:00Z')).toBe('2026-12-31T23:59:00.000Z');
    expect(next('59 23 31 12 *', '2026-12-31T23:59:00Z')).toBe('2027-12-31T23:59:00.000Z');
  });

  it('reads lists, ranges and steps', () => {
    expect(next('5,10 * * * *', '2026-01-01T05:07:00Z')).toBe('2026-01-01T05:10:00.000Z');
    expect(next('5,10 * * * *', '2026-01-01T05:10:00Z')).toBe('2026-01-01T06:05:00.000Z');
    expect(next('0 9-17 * * *', '2026-01-01T17:30:00Z')).toBe('2026-01-02T09:00:00.000Z');
    expect(next('*/15 * * * *', '2026-01-01T05:46:00Z')).toBe('2026-01-01T06:00:00.000Z');
    expect(next('0 */6 * * *', '2026-01-01T18:00:00Z')).toBe('2026-01-02T00:00:00.000Z');
    expect(next('10-30/10 * * * *', '2026-01-01T05:21:00Z')).toBe('2026-01-01T05:30:00.000Z');
    expect(next('10-30/10 * * * *', '2026-01-01T05:30:00Z')).toBe('2026-01-01T06:10:00.000Z');
    // A single start steps to the field's end: 5, 25, 45.
    expect(next('5/20 * * * *', '2026-01-01T05:46:00Z')).toBe('2026-01-01T06:05:00.000Z');
    // Days 1, 11, 21 and 31: after 21 February comes 1 March.
    expect(next('0 0 */10 * *', '2026-01-21T00:00:00Z')).toBe('2026-01-31T00:00:00.000Z');
    expect(next('0 0 */10 * *', '2026-02-21T00:00:00Z')).toBe('2026-03-01T00:00:00.000Z');
    expect(next('0,30 8-10/2,20 * * *', '2026-01-01T08:30:00Z')).toBe('2026-01-01T10:00:00.000Z');
  });

  it('reads month and weekday names in any case', () => {
    expect(next('0 12 * JAN,jul *', '2026-02-01T00:00:00Z')).toBe('2026-07-01T12:00:00.000Z');
    // Friday 2 January 10:00 → Monday 5 January.
    expect(next('0 9 * * mon-fri', '2026-01-02T10:00:00Z')).toBe('2026-01-05T09:00:00.000Z');
    expect(next('0 9 * * Sat', '2026-01-01T00:00:00Z')).toBe('2026-01-03T09:00:00.000Z');
    expect(next('0 0 1 mar-may/2 *', '2026-03-01T00:00:00Z')).toBe('2026-05-01T00:00:00.000Z');
  });

  it('takes weekday 0 and 7 both as Sunday', () => {
    expect(next('0 8 * * 0', '2026-01-01T00:00:00Z')).toBe('2026-01-04T08:00:00.000Z');
    expect(next('0 8 * * 7', '2026-01-01T00:00:00Z')).toBe('2026-01-04T08:00:00.000Z');
    // Friday to Sunday, from Saturday 3 January 09:00.
    expect(next('0 8 * * 5-7', '2026-01-03T09:00:00Z')).toBe('2026-01-04T08:00:00.000Z');
    expect(next('0 8 * * SUN', '2026-01-04T08:00:00Z')).toBe('2026-01-11T08:00:00.000Z');
  });

  it('runs on a day matching either day field when both are restricted, on both when one starts with *', () => {
    // The 13th or any Friday: Friday 2 January, then Tuesday 13 January before Friday 16.
    expect(next('0 0 13 * 5', '2026-01-01T00:00:00Z')).toBe('2026-01-02T00:00:00.000Z');
    expect(next('0 0 13 * 5', '2026-01-09T00:00:00Z')).toBe('2026-01-13T00:00:00.000Z');
    // An odd day that is a Friday: of 2, 9, 16, 23, 30 January the 9th and 23rd, then 13 February.
    expect(next('0 0 */2 * 5', '2026-01-01T00:00:00Z')).toBe('2026-01-09T00:00:00.000Z');
    expect(next('0 0 */2 * 5', '2026-01-23T00:00:00Z')).toBe('2026-02-13T00:00:00.000Z');
    expect(next('0 0 1 * *', '2026-01-01T00:00:00Z')).toBe('2026-02-01T00:00:00.000Z');
  });

  it('skips months without the day, finds the last day and 29 February', () => {
    expect(next('0 0 31 * *', '2026-01-31T00:00:00Z')).toBe('2026-03-31T00:00:00.000Z');
    expect(next('0 0 31 * *', '2026-03-31T00:00:00Z')).toBe('2026-05-31T00:00:00.000Z');
    expect(next('0 0 30 1,2 *', '2026-02-01T00:00:00Z')).toBe('2027-01-30T00:00:00.000Z');
    expect(next('0 0 L * *', '2026-01-31T00:00:00Z')).toBe('2026-02-28T00:00:00.000Z');
    expect(next('0 0 L 2 *', '2027-03-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
    expect(next('0 0 29 2 *', '2026-01-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
    expect(next('0 0 29 2 *', '2028-02-29T00:00:00Z')).toBe('2032-02-29T00:00:00.000Z');
  });

  it("reads CronSim's nth and last weekday of the month", () => {
    // Mondays of January 2026: 5, 12; its last Friday is the 30th.
    expect(next('0 0 * * MON#2', '2026-01-01T00:00:00Z')).toBe('2026-01-12T00:00:00.000Z');
    expect(next('0 0 * * 5L', '2026-01-01T00:00:00Z')).toBe('2026-01-30T00:00:00.000Z');
    // A fifth Monday in February comes with a 29 February that is a Monday.
    expect(next('0 0 * 2 MON#5', '2026-01-01T00:00:00Z')).toBe('2044-02-29T00:00:00.000Z');
  });

  it("reads the nicknames Sentry's validator accepts, and squeezes whitespace", () => {
    expect(next('@hourly', '2026-01-01T05:30:00Z')).toBe('2026-01-01T06:00:00.000Z');
    expect(next('@daily', '2026-01-01T05:30:00Z')).toBe('2026-01-02T00:00:00.000Z');
    expect(next('@weekly', '2026-01-01T05:30:00Z')).toBe('2026-01-04T00:00:00.000Z');
    expect(next('@monthly', '2026-01-01T05:30:00Z')).toBe('2026-02-01T00:00:00.000Z');
    expect(next('@yearly', '2026-01-01T05:30:00Z')).toBe('2027-01-01T00:00:00.000Z');
    expect(next('@annually', '2026-01-01T05:30:00Z')).toBe('2027-01-01T00:00:00.000Z');
    expect(next('  0\t*  * *   * ', '2026-01-01T05:30:00Z')).toBe('2026-01-01T06:00:00.000Z');
  });

  it('refuses what Sentry refuses', () => {
    const refused = [
      '',
      '* * * *',
      '* * * * * *',
      '@reboot',
      '@HOURLY',
      '@every 5m',
      '60 * * * *',
      '* 24 * * *',
      '* * 0 * *',
      '* * 32 * *',
      '* * * 0 *',
      '* * * 13 *',
      '* * * * 8',
      '*/0 * * * *',
      '5-1 * * * *',
      '1,,2 * * * *',
      '-1 * * * *',
      'a * * * *',
      '* * ? * *',
      '* * * JANUARY *',
      '* * * * MONDAY',
      '* * * * MON#6',
      '* * * * FRIL',
      // No chosen month has the day.
      '0 0 30 2 *',
      '0 0 31 4,6,9,11 *',
    ];
    for (const expression of refused)
      expect([expression, parseCrontab(expression)]).toEqual([expression, null]);
  });
});

describe('crontab runs in the time zone', () => {
  it("runs at the zone's wall-clock time, summer and winter", () => {
    expect(next('0 9 * * *', '2026-01-01T00:00:00Z', 'America/New_York')).toBe('2026-01-01T14:00:00.000Z');
    expect(next('0 9 * * *', '2026-07-01T00:00:00Z', 'America/New_York')).toBe('2026-07-01T13:00:00.000Z');
    // 23:30 UTC on 31 December is already 1 January in Vienna: its next midnight is 2 January's.
    expect(next('0 0 * * *', '2026-12-31T23:30:00Z', 'Europe/Vienna')).toBe('2027-01-01T23:00:00.000Z');
    // Friday 2 January 23:30 UTC is Saturday in Vienna.
    expect(next('0 6 * * 6', '2026-01-02T23:30:00Z', 'Europe/Vienna')).toBe('2026-01-03T05:00:00.000Z');
  });

  it('a set time skipped when clocks go forward runs at the first minute after the gap', () => {
    expect(next('30 2 * * *', '2026-03-28T12:00:00Z', 'Europe/Vienna')).toBe('2026-03-29T01:00:00.000Z');
    expect(next('30 2 * * *', '2026-03-29T01:00:00Z', 'Europe/Vienna')).toBe('2026-03-30T00:30:00.000Z');
    expect(next('30 2 * * *', '2026-03-07T12:00:00Z', 'America/New_York')).toBe('2026-03-08T07:00:00.000Z');
  });

  it('a set time repeated when clocks go back runs once, at its first occurrence', () => {
    expect(next('30 2 * * *', '2026-10-24T12:00:00Z', 'Europe/Vienna')).toBe('2026-10-25T00:30:00.000Z');
    expect(next('30 2 * * *', '2026-10-25T00:30:00Z', 'Europe/Vienna')).toBe('2026-10-26T01:30:00.000Z');
    expect(next('30 1 * * *', '2026-10-31T12:00:00Z', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
    expect(next('30 1 * * *', '2026-11-01T05:30:00Z', 'America/New_York')).toBe('2026-11-02T06:30:00.000Z');
  });

  it('a schedule with a * hour runs at every real minute that matches: none skipped, both repeated', () => {
    // 01:45 CET; 02:30 does not exist that night, 03:30 CEST is 01:30 UTC.
    expect(next('30 * * * *', '2026-03-29T00:45:00Z', 'Europe/Vienna')).toBe('2026-03-29T01:30:00.000Z');
    // 02:30 CEST, then 02:30 CET an hour later.
    expect(next('30 * * * *', '2026-10-25T00:30:00Z', 'Europe/Vienna')).toBe('2026-10-25T01:30:00.000Z');
    // 02:10 CEST: 02:45 CEST comes before the repeated 02:00 CET.
    expect(next('0,45 * * * *', '2026-10-25T00:10:00Z', 'Europe/Vienna')).toBe('2026-10-25T00:45:00.000Z');
    expect(next('0,45 * * * *', '2026-10-25T00:45:00Z', 'Europe/Vienna')).toBe('2026-10-25T01:00:00.000Z');
    // 02:00 CET, then 02:45 CET.
    expect(next('0,45 * * * *', '2026-10-25T01:00:00Z', 'Europe/Vienna')).toBe('2026-10-25T01:45:00.000Z');
  });
});
