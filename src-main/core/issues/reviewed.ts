/**
 * Sentry's "Mark Reviewed" (`update_inbox` with `inbox: false`): an issue For Review (unresolved and
 * New, Regressed or Escalating; Sentry's GroupInbox) leaves the inbox. Sentry moves such an issue to
 * Ongoing and records `mark_reviewed`; Faultline's inbox is the substatus, so the move is the
 * removal. An issue already Ongoing, or resolved or archived, is not in the inbox and is left alone.
 */
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';
import { addActivity } from './activity.ts';
import { GroupStatus, GroupSubStatus } from './types.ts';

/** The issues For Review (`is:for_review`), as SQL over `groups` aliased `g`. */
export const FOR_REVIEW_SQL = `(g.status = ${GroupStatus.UNRESOLVED} AND g.substatus IN (${GroupSubStatus.NEW}, ${GroupSubStatus.REGRESSED}, ${GroupSubStatus.ESCALATING}))`;

/** Marks the issues reviewed; returns how many of them were For Review. */
export function markReviewed(
  db: SqliteDb,
  projectId: number,
  groupIds: readonly number[],
  now: number,
): number {
  let reviewed = 0;
  const apply = db.transaction(() => {
    for (const groupId of groupIds) {
      const changed = stmt(
        db,
        `UPDATE groups AS g SET substatus = ${GroupSubStatus.ONGOING}
           WHERE g.id = @groupId AND g.project_id = @projectId AND ${FOR_REVIEW_SQL}`,
      ).run({ groupId, projectId }).changes;
      if (changed === 0) continue;
      addActivity(db, projectId, groupId, 'mark_reviewed', {}, now);
      reviewed += 1;
    }
  });
  apply.immediate();
  return reviewed;
}
