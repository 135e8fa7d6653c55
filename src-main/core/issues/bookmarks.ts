/**
 * Sentry's bookmarks (`GroupBookmark`, the star of the issue stream and page), for Faultline's one
 * user: a group is bookmarked or not (`groups.bookmarked_at`). Sentry records no activity for them.
 */
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';

/** Bookmarks or unbookmarks some issues of the project; returns how many were found. */
export function setBookmarked(
  db: SqliteDb,
  projectId: number,
  groupIds: readonly number[],
  bookmarked: boolean,
  now: number,
): number {
  let found = 0;
  const apply = db.transaction(() => {
    for (const groupId of groupIds)
      found += stmt(
        db,
        // A bookmark kept keeps its time, as Sentry's get_or_create.
        `UPDATE groups SET bookmarked_at = CASE WHEN @bookmarked THEN coalesce(bookmarked_at, @now) END
           WHERE id = @groupId AND project_id = @projectId`,
      ).run({ bookmarked: bookmarked ? 1 : 0, now, groupId, projectId }).changes;
  });
  apply.immediate();
  return found;
}
