/**
 * A monitor's schedule as Sentry reads `monitor_config`: its text, the next expected check-in
 * (`get_next_schedule`: for an interval the reference time plus the interval, as dateutil's rrule
 * steps it; for a crontab its next run after the reference in the monitor's time zone, `crontab.ts`;
 * cut to the minute) and the latest one accepted (plus `checkin_margin` minutes, 1 when unset); the
 * first run at or after a clock tick, where Sentry's clock expects a job next once it missed a run or
 * timed out (`get_prev_schedule` before the tick, then `get_next_schedule` from there).
 */
import type { MonitorSchedule } from '../../../src-shared/crons-api.ts';
import { obj, text } from '../store/item-json.ts';
import { parseCrontab } from './crontab.ts';
import { nextCrontabRun } from './crontab-next.ts';
import { floorMinute, MINUTE } from './minute.ts';

/** Sentry's `DEFAULT_CHECKIN_MARGIN`, minutes. */
const DEFAULT_CHECKIN_MARGIN = 1;
/** Sentry's `TIMEOUT`: an in-progress check-in's max runtime when the config sets none, minutes. */
export const DEFAULT_MAX_RUNTIME = 30;

const UNITS = ['year', 'month', 'week', 'day', 'hour', 'minute'] as const;
const UNIT_MS = { week: 7 * 24 * 60 * MINUTE, day: 24 * 60 * MINUTE, hour: 60 * MINUTE, minute: MINUTE };

export interface MonitorConfig {
  schedule: MonitorSchedule;
  timezone: string | null;
  checkinMargin: number | null;
  maxRuntime: number | null;
  /** Failures in a row that fail the monitor (Sentry's `failure_issue_threshold`, 1 when unset). */
  failureIssueThreshold: number | null;
  /** OK check-ins in a row that recover it (Sentry's `recovery_threshold`, 1 when unset). */
  recoveryThreshold: number | null;
}

const count = (value: unknown): number | null =>
  Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : null;

/** A check-in's `monitor_config` (which Relay has already checked), or undefined when it has none. */
export function monitorConfigOf(value: unknown): MonitorConfig | undefined {
  const config = obj(value);
  const schedule = obj(config?.schedule);
  if (!config || !schedule) return undefined;
  let parsed: MonitorSchedule | undefined;
  if (schedule.type === 'crontab' && typeof schedule.value === 'string')
    parsed = { type: 'crontab', value: schedule.value };
  const unit = UNITS.find((name) => name === schedule.unit);
  const interval = count(schedule.value);
  if (schedule.type === 'interval' && unit && interval !== null)
    parsed = { type: 'interval', value: interval, unit };
  if (!parsed) return undefined;
  return {
    schedule: parsed,
    timezone: text(config.timezone),
    checkinMargin: count(config.checkin_margin),
    maxRuntime: count(config.max_runtime),
    failureIssueThreshold: count(config.failure_issue_threshold),
    recoveryThreshold: count(config.recovery_threshold),
  };
}

export function scheduleText(schedule: MonitorSchedule): string {
  if (schedule.type === 'crontab') return schedule.value;
  return schedule.value === 1 ? `every ${schedule.unit}` : `every ${schedule.value} ${schedule.unit}s`;
}

/**
 * rrule's MONTHLY/YEARLY step: a date whose day the target month lacks (the 31st, 29 February) is
 * skipped, so it steps again until the day exists.
 */
function addMonths(ms: number, months: number): number | null {
  if (months <= 0) return null;
  const start = new Date(ms);
  for (let step = 1; step <= 48; step++) {
    const next = new Date(ms);
    next.setUTCDate(1);
    next.setUTCMonth(start.getUTCMonth() + months * step);
    const month = next.getUTCMonth();
    next.setUTCDate(start.getUTCDate());
    if (next.getUTCMonth() === month) return next.getTime();
  }
  return null;
}

function isUtc(timezone: string | null): boolean {
  return timezone === null || timezone === 'UTC' || timezone === 'Etc/UTC';
}

/** A crontab's next run, or null for one Sentry would refuse or a time zone the runtime lacks. */
function nextCrontab(crontab: string, timezone: string | null, reference: number): number | null {
  const parsed = parseCrontab(crontab);
  if (!parsed) return null;
  try {
    return nextCrontabRun(parsed, reference, isUtc(timezone) ? null : timezone);
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

/**
 * The next expected check-in after `reference` (the latest check-in's arrival), or null where it
 * is not computed: an invalid crontab, and month or year steps in another time zone than UTC
 * (their days are the zone's). Minutes, hours, days and weeks are fixed lengths, as pytz's
 * fixed-offset times step them.
 */
export function nextExpected(config: MonitorConfig, reference: number): number | null {
  const { schedule } = config;
  if (schedule.type === 'crontab') return nextCrontab(schedule.value, config.timezone, reference);
  if (schedule.value === 0) return null;
  if (schedule.unit === 'month' || schedule.unit === 'year') {
    if (!isUtc(config.timezone)) return null;
    const next = addMonths(reference, schedule.value * (schedule.unit === 'year' ? 12 : 1));
    return next === null ? null : floorMinute(next);
  }
  return floorMinute(reference + schedule.value * UNIT_MS[schedule.unit]);
}

/**
 * The first run at or after `tick` (a whole minute) of a schedule that ran at `anchor`: for a crontab
 * its first run from that minute on; for an interval the first `anchor` plus a whole number of
 * intervals at or after it, cut to the minute, as rrule steps from `anchor`. Null where
 * `nextExpected` is.
 */
export function firstRunAtOrAfter(config: MonitorConfig, anchor: number, tick: number): number | null {
  const { schedule } = config;
  if (schedule.type === 'crontab') return nextCrontab(schedule.value, config.timezone, tick - MINUTE);
  if (schedule.value === 0) return null;
  if (schedule.unit === 'month' || schedule.unit === 'year') {
    let run: number | null = anchor;
    // Steps from the anchor; a job missed for longer than 100 steps is expected at the next one.
    for (let step = 0; run !== null && run < tick && step < 100; step++) run = nextExpected(config, run);
    return run === null || run >= tick ? run : nextExpected(config, tick);
  }
  const length = schedule.value * UNIT_MS[schedule.unit];
  return floorMinute(anchor + Math.max(1, Math.ceil((tick - anchor) / length)) * length);
}

/** The latest time the next check-in may arrive before the monitor is `missed`. */
export function nextExpectedLatest(config: MonitorConfig, next: number): number {
  return next + (config.checkinMargin || DEFAULT_CHECKIN_MARGIN) * MINUTE;
}
