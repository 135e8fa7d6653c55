/**
 * `crons.list`: a project's monitors as Sentry's Crons page lists them, one per monitor slug and
 * environment, derived from the check-ins read (`read.ts`, `fold.ts`, with Sentry's clock run up to
 * now): the schedule from the latest `monitor_config`, the monitor environment's status, the latest
 * check-in's status (a missed one included), the next expected check-in, and a strip of the recent
 * check-ins. Monitors with the most recent check-in first.
 */
import type { ApiParsedParams } from '../../../src-shared/api.ts';
import {
  type CheckInStatus,
  type CronMonitor,
  type CronMonitorList,
  RECENT_CHECK_INS,
} from '../../../src-shared/crons-api.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { type FoldedCheckIn, foldCheckIns, type MonitorEnvironmentState, timedOut } from './fold.ts';
import { readCheckInItems } from './read.ts';
import { type MonitorConfig, scheduleText } from './schedule.ts';

/** A check-in's status as shown at `now`: an in-progress one past its max runtime has timed out. */
export function statusAt(checkIn: FoldedCheckIn, now: number): CheckInStatus {
  return timedOut(checkIn, now) ? 'timeout' : checkIn.status;
}

/**
 * Newest first, by when each started, as Sentry orders a monitor's check-ins; those of one batch
 * (stored at the same millisecond) in the order they were sent.
 */
export function newestFirst(checkIns: readonly FoldedCheckIn[]): FoldedCheckIn[] {
  return [...checkIns].sort((a, b) => b.timestamp - a.timestamp || b.itemId - a.itemId);
}

function monitorOf(
  projectId: number,
  state: MonitorEnvironmentState,
  config: MonitorConfig | undefined,
  now: number,
): CronMonitor {
  const checkIns = newestFirst(state.checkIns);
  const last = checkIns[0] as FoldedCheckIn;
  return {
    projectId,
    slug: state.slug,
    environment: state.environment,
    schedule: config?.schedule ?? null,
    scheduleText: config ? scheduleText(config.schedule) : null,
    timezone: config?.timezone ?? null,
    checkinMargin: config?.checkinMargin ?? null,
    maxRuntime: config?.maxRuntime ?? null,
    monitorStatus: state.monitorStatus,
    status: statusAt(last, now),
    // Sentry's `last_checkin`: a missed check-in is none of the job's.
    lastCheckIn: (checkIns.find((checkIn) => checkIn.status !== 'missed') ?? last).timestamp,
    nextCheckIn: state.next,
    recent: checkIns
      .slice(0, RECENT_CHECK_INS)
      .reverse()
      .map((checkIn) => ({ status: statusAt(checkIn, now), timestamp: checkIn.timestamp })),
    checkIns: checkIns.length,
  };
}

export function listMonitors(
  db: SqliteDb,
  params: ApiParsedParams<'crons.list'>,
  now = Date.now(),
): CronMonitorList {
  const { items, partial } = readCheckInItems(db, params.projectId);
  const { environments, configs } = foldCheckIns(items, now);
  const monitors = [...environments.values()]
    .filter((state) => state.checkIns.length > 0)
    .map((state) => monitorOf(params.projectId, state, configs.get(state.slug), now))
    .sort((a, b) => b.lastCheckIn - a.lastCheckIn || a.slug.localeCompare(b.slug));
  return { monitors, partial };
}
