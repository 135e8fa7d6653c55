/**
 * Sentry's issue priority (`sentry.issues.priority`, `Group.priority` / `priority_locked_at`): stored
 * on the group as Sentry's `PriorityLevel` numbers, set when the group is created from its first
 * event's level, raised one step when it escalates unless a user chose it (which locks it), and
 * changed by the user from the issue list or page. Each change is a `set_priority` activity.
 */
import type { PriorityValue } from '../../../src-shared/issue-search/types.ts';
import type { Migration } from '../store/migrations.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';
import { addActivity } from './activity.ts';
import { LEVELS } from './types.ts';

/** Sentry's `PriorityLevel`, as `groups.priority` and Snuba's `group_priority` hold it. */
export const PriorityLevel = { LOW: 25, MEDIUM: 50, HIGH: 75 } as const;

const BY_NAME: Record<PriorityValue, number> = {
  high: PriorityLevel.HIGH,
  medium: PriorityLevel.MEDIUM,
  low: PriorityLevel.LOW,
};

export function priorityNumber(name: PriorityValue): number {
  return BY_NAME[name];
}

/**
 * Sentry's initial priority where no severity model runs: fatal and error issues are high,
 * warnings medium, info and debug low.
 */
export function initialPriority(level: number): number {
  if (level >= LEVELS.error) return PriorityLevel.HIGH;
  return level >= LEVELS.warning ? PriorityLevel.MEDIUM : PriorityLevel.LOW;
}

/** The name of a stored priority; a group without one (none should be left) takes its level's. */
export function priorityName(priority: number | null, level: number): PriorityValue {
  const value = priority ?? initialPriority(level);
  if (value >= PriorityLevel.HIGH) return 'high';
  return value >= PriorityLevel.MEDIUM ? 'medium' : 'low';
}

/** SQL of the initial priority of `level` (a column), for inserts and the migration. */
export const INITIAL_PRIORITY_SQL = (level: string) =>
  `CASE WHEN ${level} >= ${LEVELS.error} THEN ${PriorityLevel.HIGH} WHEN ${level} >= ${LEVELS.warning}
    THEN ${PriorityLevel.MEDIUM} ELSE ${PriorityLevel.LOW} END`;

/**
 * A user sets the priority of some issues (Sentry's `handle_priority`): an issue whose priority
 * changes records `set_priority` with no reason, as Sentry's manual update; every one of them is
 * locked against automatic changes from now on, changed or not. Returns how many were found.
 */
export function setPriority(
  db: SqliteDb,
  projectId: number,
  groupIds: readonly number[],
  priority: PriorityValue,
  now: number,
): number {
  const value = priorityNumber(priority);
  let found = 0;
  const apply = db.transaction(() => {
    for (const groupId of groupIds) {
      const before = stmt<[number, number], { priority: number | null }>(
        db,
        'SELECT priority FROM groups WHERE id = ? AND project_id = ?',
      ).get(groupId, projectId);
      if (!before) continue;
      found++;
      stmt(db, 'UPDATE groups SET priority = ?, priority_locked_at = ? WHERE id = ?').run(
        value,
        now,
        groupId,
      );
      if (before.priority !== value)
        addActivity(db, projectId, groupId, 'set_priority', { priority, reason: null }, now);
    }
  });
  apply.immediate();
  return found;
}

/**
 * Sentry's `auto_update_priority` for an escalating issue: one step up (low to medium, else high),
 * unless a user locked it. Written in the transaction that escalates it.
 */
export function escalatePriority(db: SqliteDb, projectId: number, groupId: number, now: number): void {
  const group = stmt<[number], { priority: number | null; priority_locked_at: number | null; level: number }>(
    db,
    'SELECT priority, priority_locked_at, level FROM groups WHERE id = ?',
  ).get(groupId);
  if (!group || group.priority_locked_at !== null) return;
  const raised = group.priority === PriorityLevel.LOW ? PriorityLevel.MEDIUM : PriorityLevel.HIGH;
  if (raised === group.priority) return;
  stmt(db, 'UPDATE groups SET priority = ? WHERE id = ?').run(raised, groupId);
  const name = priorityName(raised, group.level);
  addActivity(db, projectId, groupId, 'set_priority', { priority: name, reason: 'escalating' }, now);
}

/**
 * Stored priority, its lock, and bookmarks. Groups made before get the priority they showed: the last
 * `set_priority` their activity records (an escalation), else their level's (the latest event's:
 * the first one's is not kept).
 */
export const PRIORITY_MIGRATION: Migration = {
  name: '0117_group_priority_and_bookmarks',
  sql: `
    ALTER TABLE groups ADD COLUMN priority_locked_at INTEGER;
    -- One user: an issue is bookmarked or not (Sentry's GroupBookmark's date_added).
    ALTER TABLE groups ADD COLUMN bookmarked_at INTEGER;
    UPDATE groups SET priority = coalesce(
        (SELECT CASE a.data ->> '$.priority' WHEN 'high' THEN ${PriorityLevel.HIGH}
                  WHEN 'medium' THEN ${PriorityLevel.MEDIUM} WHEN 'low' THEN ${PriorityLevel.LOW} END
           FROM activity a WHERE a.group_id = groups.id AND a.type = 'set_priority'
          ORDER BY a.created_at DESC, a.id DESC LIMIT 1),
        ${INITIAL_PRIORITY_SQL('level')})
      WHERE priority IS NULL;
  `,
};
