/**
 * A monitor environment's status as Sentry's incidents set it (`try_incident_threshold`,
 * `try_incident_resolution`): a failure (an error, a missed run, a timeout) fails a monitor that is
 * waiting or OK unless one of its latest `failure_issue_threshold` check-ins (by start, up to the
 * failed one) is OK; an OK check-in recovers a failed or waiting monitor once its latest
 * `recovery_threshold` check-ins are all OK. Anything else (a check-in in progress, a late close of a
 * timed-out one) changes nothing.
 */
import type { MonitorEnvironmentStatus } from '../../../src-shared/crons-api.ts';
import type { FoldedCheckIn } from './fold.ts';
import type { MonitorConfig } from './schedule.ts';

export interface IncidentState {
  monitorStatus: MonitorEnvironmentStatus;
  /** Oldest first (mostly: a check-in sent with its duration starts earlier than it arrived). */
  checkIns: FoldedCheckIn[];
}

/** The latest `count` check-ins started at or before `until`, newest first. */
function latestStarted(checkIns: readonly FoldedCheckIn[], until: number, count: number): FoldedCheckIn[] {
  const newer = (a: FoldedCheckIn, b: FoldedCheckIn) => a.timestamp - b.timestamp || a.itemId - b.itemId;
  // The thresholds are small: keep the best `count` in one pass rather than sorting them all.
  const latest: FoldedCheckIn[] = [];
  for (const checkIn of checkIns) {
    if (checkIn.timestamp > until) continue;
    if (latest.length === count && newer(checkIn, latest[count - 1] as FoldedCheckIn) <= 0) continue;
    let at = latest.length === count ? count - 1 : latest.length;
    while (at > 0 && newer(checkIn, latest[at - 1] as FoldedCheckIn) > 0) {
      latest[at] = latest[at - 1] as FoldedCheckIn;
      at -= 1;
    }
    latest[at] = checkIn;
  }
  return latest;
}

export function applyFailure(state: IncidentState, failed: FoldedCheckIn, config?: MonitorConfig): void {
  if (state.monitorStatus === 'error') return;
  const threshold = config?.failureIssueThreshold || 1;
  if (
    threshold > 1 &&
    latestStarted(state.checkIns, failed.timestamp, threshold).some((checkIn) => checkIn.status === 'ok')
  )
    return;
  state.monitorStatus = 'error';
}

export function applySuccess(state: IncidentState, checkIn: FoldedCheckIn, config?: MonitorConfig): void {
  if (state.monitorStatus === 'ok' || checkIn.status !== 'ok') return;
  const threshold = config?.recoveryThreshold || 1;
  if (
    threshold > 1 &&
    !latestStarted(state.checkIns, Number.POSITIVE_INFINITY, threshold).every((c) => c.status === 'ok')
  )
    return;
  state.monitorStatus = 'ok';
}
