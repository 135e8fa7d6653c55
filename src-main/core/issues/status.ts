/**
 * Status changes a user makes from the issue list or page, as Sentry's group-index bulk update:
 * resolve (now, in the next release, or in a given release: see resolution.ts), archive (forever,
 * until N more events, until escalating), and unresolve. Each records an activity.
 */
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';
import { addActivity } from './activity.ts';
import { setUnresolved } from './record.ts';
import {
  inReleaseResolution,
  nextReleaseResolver,
  type ReleaseResolution,
  saveResolution,
} from './resolution.ts';
import { GroupStatus, GroupSubStatus } from './types.ts';

export type StatusUpdate =
  | { status: 'resolved'; inRelease?: string }
  | { status: 'resolvedInNextRelease' }
  | { status: 'unresolved' }
  | { status: 'ignored'; until: 'forever' }
  | { status: 'ignored'; until: 'count'; count: number }
  | { status: 'ignored'; until: 'escalating' };

const HOUR_MS = 3600 * 1000;

export function updateStatus(
  db: SqliteDb,
  projectId: number,
  groupIds: readonly number[],
  update: StatusUpdate,
  now: number,
): number {
  let changed = 0;
  const apply = db.transaction(() => {
    // "In release X" names the same release for every group (and fails, changing none, without it).
    const inRelease =
      update.status === 'resolved' && update.inRelease !== undefined
        ? inReleaseResolution(db, projectId, update.inRelease)
        : undefined;
    const nextRelease =
      update.status === 'resolvedInNextRelease' ? nextReleaseResolver(db, projectId) : undefined;
    for (const groupId of groupIds) {
      const group = stmt<
        [number, number],
        { id: number; status: number; times_seen: number; last_release: string | null }
      >(db, 'SELECT id, status, times_seen, last_release FROM groups WHERE id = ? AND project_id = ?').get(
        groupId,
        projectId,
      );
      if (!group) continue;
      stmt(db, 'DELETE FROM group_snoozes WHERE group_id = ?').run(groupId);
      stmt(db, 'DELETE FROM group_resolutions WHERE group_id = ?').run(groupId);
      const resolution = nextRelease ? nextRelease(group.last_release) : inRelease;
      applyOne(db, groupId, group.times_seen, update, resolution, now);
      if (recordsActivity(update, group.status))
        addActivity(db, projectId, groupId, activityType(update), activityData(update, resolution), now);
      changed++;
    }
  });
  apply.immediate();
  return changed;
}

function applyOne(
  db: SqliteDb,
  groupId: number,
  timesSeen: number,
  update: StatusUpdate,
  resolution: ReleaseResolution | undefined,
  now: number,
): void {
  const set = (status: number, substatus: number | null, resolvedAt: number | null) =>
    stmt(db, 'UPDATE groups SET status = ?, substatus = ?, resolved_at = ? WHERE id = ?').run(
      status,
      substatus,
      resolvedAt,
      groupId,
    );
  switch (update.status) {
    case 'resolved':
    case 'resolvedInNextRelease':
      // Without a release to tie it to, the issue is simply resolved.
      set(GroupStatus.RESOLVED, null, now);
      saveResolution(db, groupId, resolution ?? null, now);
      return;
    case 'unresolved':
      setUnresolved(db, groupId, GroupSubStatus.ONGOING, now);
      return;
    case 'ignored':
      switch (update.until) {
        case 'forever':
          set(GroupStatus.IGNORED, GroupSubStatus.FOREVER, null);
          return;
        case 'count':
          set(GroupStatus.IGNORED, GroupSubStatus.UNTIL_CONDITION_MET, null);
          stmt(
            db,
            'INSERT INTO group_snoozes (group_id, until_count, count_at_snooze, created_at) VALUES (?, ?, ?, ?)',
          ).run(groupId, update.count, timesSeen, now);
          return;
        case 'escalating': {
          set(GroupStatus.IGNORED, GroupSubStatus.UNTIL_ESCALATING, null);
          const busiest = stmt<[number, number], { events: number | null }>(
            db,
            'SELECT max(events) AS events FROM group_hourly WHERE group_id = ? AND hour >= ?',
          ).get(groupId, now - 7 * 24 * HOUR_MS);
          stmt(
            db,
            'INSERT INTO group_snoozes (group_id, until_escalating, escalation_threshold, created_at) VALUES (?, 1, ?, ?)',
          ).run(groupId, Math.max(10, 2 * (busiest?.events ?? 0)), now);
          return;
        }
      }
  }
}

function activityType(update: StatusUpdate): string {
  switch (update.status) {
    case 'resolved':
      return update.inRelease === undefined ? 'set_resolved' : 'set_resolved_in_release';
    case 'resolvedInNextRelease':
      return 'set_resolved_in_release';
    case 'unresolved':
      return 'set_unresolved';
    case 'ignored':
      return 'set_ignored';
  }
}

/**
 * Sentry records a resolve every time, but an unresolve or archive only for an issue whose status
 * it changes (`handle_other_status_updates`: archiving an archived issue again changes how, silently).
 */
function recordsActivity(update: StatusUpdate, statusBefore: number): boolean {
  switch (update.status) {
    case 'resolved':
    case 'resolvedInNextRelease':
      return true;
    case 'unresolved':
      return statusBefore !== GroupStatus.UNRESOLVED;
    case 'ignored':
      return statusBefore !== GroupStatus.IGNORED;
  }
}

/**
 * Sentry's activity data (`handle_resolve_in_release`, `process_group_resolution`,
 * `handle_status_update`). In the next release: no version while it is not known; by date, the
 * release already seen after the issue's; with semver, the version a release must exceed.
 */
function activityData(
  update: StatusUpdate,
  resolution: ReleaseResolution | undefined,
): Record<string, unknown> {
  switch (update.status) {
    case 'resolved':
      return update.inRelease === undefined ? {} : { version: resolution?.release ?? update.inRelease };
    case 'resolvedInNextRelease':
      if (resolution?.followsSemver && resolution.currentReleaseVersion !== null)
        return { version: '', current_release_version: resolution.currentReleaseVersion };
      return { version: resolution?.type === 'in_release' ? resolution.release : '' };
    case 'unresolved':
      return {};
    case 'ignored':
      return {
        ignoreCount: update.until === 'count' ? update.count : null,
        ignoreDuration: null,
        ignoreUntil: null,
        ignoreUserCount: null,
        ignoreUserWindow: null,
        ignoreWindow: null,
        ignoreUntilEscalating: update.until === 'escalating' ? true : null,
      };
  }
}
