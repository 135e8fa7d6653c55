/**
 * Status changes a user makes from the issue list or page, as Sentry's group-index bulk update:
 * resolve (now, or in the next release), archive (forever, until N more events, until
 * escalating), and unresolve. Each records an activity.
 */
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';
import { addActivity, setUnresolved } from './record.ts';
import { GroupStatus, GroupSubStatus } from './types.ts';

export type StatusUpdate =
  | { status: 'resolved' }
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
    for (const groupId of groupIds) {
      const group = stmt<[number, number], { id: number; times_seen: number }>(
        db,
        'SELECT id, times_seen FROM groups WHERE id = ? AND project_id = ?',
      ).get(groupId, projectId);
      if (!group) continue;
      stmt(db, 'DELETE FROM group_snoozes WHERE group_id = ?').run(groupId);
      stmt(db, 'DELETE FROM group_resolutions WHERE group_id = ?').run(groupId);
      applyOne(db, groupId, group.times_seen, update, now);
      addActivity(db, projectId, groupId, activityType(update), { ...update }, now);
      changed++;
    }
  });
  apply.immediate();
  return changed;
}

function applyOne(db: SqliteDb, groupId: number, timesSeen: number, update: StatusUpdate, now: number): void {
  const set = (status: number, substatus: number | null, resolvedAt: number | null) =>
    stmt(db, 'UPDATE groups SET status = ?, substatus = ?, resolved_at = ? WHERE id = ?').run(
      status,
      substatus,
      resolvedAt,
      groupId,
    );
  switch (update.status) {
    case 'resolved':
      set(GroupStatus.RESOLVED, null, now);
      stmt(
        db,
        'INSERT INTO group_resolutions (group_id, type, release, created_at) VALUES (?, ?, NULL, ?)',
      ).run(groupId, 'now', now);
      return;
    case 'resolvedInNextRelease': {
      // "The next release" is any release other than the latest one this issue was seen in.
      const latest = latestRelease(db, groupId);
      set(GroupStatus.RESOLVED, null, now);
      stmt(db, 'INSERT INTO group_resolutions (group_id, type, release, created_at) VALUES (?, ?, ?, ?)').run(
        groupId,
        latest === null ? 'now' : 'in_next_release',
        latest,
        now,
      );
      return;
    }
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

function latestRelease(db: SqliteDb, groupId: number): string | null {
  const row = stmt<[number], { last_release: string | null }>(
    db,
    'SELECT last_release FROM groups WHERE id = ?',
  ).get(groupId);
  return row?.last_release ?? null;
}

function activityType(update: StatusUpdate): string {
  switch (update.status) {
    case 'resolved':
      return 'set_resolved';
    case 'resolvedInNextRelease':
      return 'set_resolved_in_release';
    case 'unresolved':
      return 'set_unresolved';
    case 'ignored':
      return 'set_ignored';
  }
}
