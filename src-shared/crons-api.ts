/**
 * Cron Monitors, as Sentry's Crons page shows them: the monitors a project's check-ins name
 * (`Sentry.captureCheckIn`, `Sentry.withMonitor`, Python's `sentry_sdk.crons`, the cron HTTP
 * endpoint), one per monitor slug and environment, and each one's check-ins. Params schemas and
 * result types of `crons.list` and `crons.checkIns`.
 */
import { z } from 'zod';

/**
 * Stored check-in items read by one call at most, newest first. The read runs on the main thread,
 * which also answers SDKs, and the page polls it; a check-in item is small (~0.5 KB of JSON).
 */
export const MAX_CHECK_IN_ITEMS_SCANNED = 2_000;

/** Check-ins of a monitor's timeline strip on the list. */
export const RECENT_CHECK_INS = 30;

/**
 * Sentry's check-in statuses: the ones SDKs send, and the ones Sentry's clock sets: `missed` (a
 * check-in it records at an expected time that passed its margin with none) and `timeout` (in progress
 * past its max runtime).
 */
export const CHECK_IN_STATUSES = ['ok', 'error', 'in_progress', 'missed', 'timeout', 'unknown'] as const;
export type CheckInStatus = (typeof CHECK_IN_STATUSES)[number];

/**
 * Sentry's monitor environment status, which its incidents set: `active` until the first OK check-in
 * or failure, `error` once `failure_issue_threshold` failures (error, missed, timeout) came in a row,
 * `ok` again after `recovery_threshold` OK check-ins in a row. A check-in in progress changes nothing.
 */
export type MonitorEnvironmentStatus = 'active' | 'ok' | 'error';

export type MonitorSchedule =
  | { type: 'crontab'; value: string }
  | { type: 'interval'; value: number; unit: 'year' | 'month' | 'week' | 'day' | 'hour' | 'minute' };

export interface CronMonitor {
  projectId: number;
  slug: string;
  /** Sentry's monitor environment: the check-ins' `environment`, `production` when none was sent. */
  environment: string;
  /** From the latest `monitor_config` a check-in carried; null when none carried one. */
  schedule: MonitorSchedule | null;
  /** The schedule as Sentry writes it: the crontab, or `every 2 hours`. */
  scheduleText: string | null;
  timezone: string | null;
  /** Minutes, as sent in `monitor_config`. */
  checkinMargin: number | null;
  maxRuntime: number | null;
  /** Sentry's status of the monitor environment (the list's badge). */
  monitorStatus: MonitorEnvironmentStatus;
  /** The latest check-in's status (a missed one included). */
  status: CheckInStatus;
  /**
   * Milliseconds since the epoch: when the job's latest check-in started (received, less its
   * duration); missed check-ins are not the job's.
   */
  lastCheckIn: number;
  /**
   * When the next check-in is expected, as Sentry's clock has it now (after a missed run, the first
   * run after it); null without a schedule, for an invalid crontab, and for month or year intervals
   * outside UTC.
   */
  nextCheckIn: number | null;
  /** The statuses of the latest `RECENT_CHECK_INS` check-ins, oldest first. */
  recent: Array<{ status: CheckInStatus; timestamp: number }>;
  /** Check-ins among the items read. */
  checkIns: number;
}

export interface CronMonitorList {
  monitors: CronMonitor[];
  /** `MAX_CHECK_IN_ITEMS_SCANNED` items were read: older check-ins (and monitors) were not. */
  partial: boolean;
}

export interface CronCheckIn {
  /**
   * The check-in id (32 hex digits) the SDK sent; for a nil one, and a missed check-in, an id
   * Faultline made up, as Sentry does.
   */
  id: string;
  status: CheckInStatus;
  /** Milliseconds: the one sent (seconds × 1000) or, on closing without one, the time since it started. */
  duration: number | null;
  /** When the check-in started (Sentry's `date_added`; a missed one's expected time), milliseconds since the epoch. */
  timestamp: number;
  /** When its last item was received (a missed one: the clock tick that found it missing). */
  received: number;
  environment: string;
  release: string | null;
  traceId: string | null;
}

export interface CronCheckInList {
  checkIns: CronCheckIn[];
  /** Where the next (older) page starts; null when the items read hold no more. */
  nextCursor: string | null;
  partial: boolean;
}

export const cronParams = {
  list: z.object({ projectId: z.number().int().positive() }).strict(),
  checkIns: z
    .object({
      projectId: z.number().int().positive(),
      monitorSlug: z.string().min(1).max(50),
      environment: z.string().max(64).optional(),
      /** How many of the monitor's check-ins (newest first) the previous pages had. */
      cursor: z.string().regex(/^\d+$/, 'not a cursor of crons.checkIns').optional(),
      limit: z.number().int().min(1).max(500).default(50),
    })
    .strict(),
};
