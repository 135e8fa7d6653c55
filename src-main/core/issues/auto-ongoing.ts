/**
 * Sentry's auto-ongoing sweep (`tasks/auto_ongoing_issues.py`): an unresolved issue stays New,
 * Regressed or Escalating for 7 days, then becomes Ongoing, with an `auto_set_ongoing` activity
 * `{after_days: 7}`. New counts from the first seen; Regressed and Escalating from when it
 * became so (`active_at`, which the regression and the escalation set, as Sentry counts from its
 * GroupHistory entry). Issues leave the For Review inbox (`is:for_review`) that way.
 *
 * Groups are taken in chunks of 1,000, each in a transaction of its own, with the cutoff fixed
 * for the whole sweep.
 */
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';
import { addActivity } from './activity.ts';
import { GroupStatus, GroupSubStatus, SUBSTATUS_AGE_MS } from './types.ts';

export const AUTO_ONGOING_CHUNK = 1000;
const AFTER_DAYS = SUBSTATUS_AGE_MS / (24 * 3600 * 1000);

/** Which issues have waited long enough: New by first seen, Regressed and Escalating by since when. */
const DUE = `status = ${GroupStatus.UNRESOLVED} AND (
    (substatus = ${GroupSubStatus.NEW} AND first_seen <= @cutoff)
    OR (substatus IN (${GroupSubStatus.REGRESSED}, ${GroupSubStatus.ESCALATING}) AND active_at <= @cutoff))`;

/** Moves every project's due issues to Ongoing; returns their ids by project. */
export function autoOngoing(
  db: SqliteDb,
  now: number,
  chunkSize = AUTO_ONGOING_CHUNK,
): Map<number, number[]> {
  const cutoff = now - SUBSTATUS_AGE_MS;
  const changed = new Map<number, number[]>();
  const chunk = db.transaction(() => {
    const rows = stmt<[{ cutoff: number; limit: number }], { id: number; project_id: number }>(
      db,
      `SELECT id, project_id FROM groups WHERE ${DUE} LIMIT @limit`,
    ).all({ cutoff, limit: chunkSize });
    for (const row of rows) {
      stmt(db, 'UPDATE groups SET substatus = ? WHERE id = ?').run(GroupSubStatus.ONGOING, row.id);
      addActivity(db, row.project_id, row.id, 'auto_set_ongoing', { after_days: AFTER_DAYS }, now);
      const ids = changed.get(row.project_id) ?? [];
      ids.push(row.id);
      changed.set(row.project_id, ids);
    }
    return rows.length;
  });
  // A full chunk may leave more behind; the next takes them with the same cutoff.
  for (let taken = chunkSize; taken === chunkSize; ) taken = chunk.immediate();
  return changed;
}
