/**
 * Sentry's Auto Resolve (`sentry:resolve_age`, `tasks/auto_resolve_issues.py`): an unresolved issue
 * not seen for the project's resolve age (hours) is resolved, with substatus none, `resolved_at`
 * now and a `set_resolved_by_age` activity naming the age. Archived (ignored) issues are left
 * alone, as Sentry's task only takes unresolved ones. The issue then regresses like any resolved
 * one: an event after it comes back makes it unresolved (regressed) again (record.ts).
 *
 * Groups are taken in chunks of 1,000 (Sentry's `chunk_size`), each in a transaction of its own,
 * with the cutoff fixed for the whole sweep; the `(project_id, status, last_seen)` index finds them
 * without reading the other issues.
 */
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';
import { addActivity } from './activity.ts';
import { GroupStatus } from './types.ts';

export const AUTO_RESOLVE_CHUNK = 1000;
const HOUR_MS = 3600 * 1000;

/** Options that are not a JSON object are read as none. */
const OPTIONS = "CASE WHEN json_valid(options) AND json_type(options) = 'object' THEN options ELSE '{}' END";

/** A stored age Sentry would act on: a whole number of hours above 0; anything else is off. */
function usableAge(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : 0;
}

/** The projects with Auto Resolve on, with their age in hours (of `projectId` only, when given). */
export function projectsWithResolveAge(
  db: SqliteDb,
  projectId?: number,
): { projectId: number; resolveAge: number }[] {
  const rows = stmt<[], { id: number; age: unknown }>(
    db,
    `SELECT id, json_extract(${OPTIONS}, '$.resolveAge') AS age FROM projects`,
  ).all();
  return rows
    .filter((row) => projectId === undefined || row.id === projectId)
    .map((row) => ({ projectId: row.id, resolveAge: usableAge(row.age) }))
    .filter((row) => row.resolveAge > 0);
}

/** The project's resolve age in hours, 0 when Auto Resolve is off. */
export function readResolveAge(db: SqliteDb, projectId: number): number {
  const row = stmt<[number], { age: unknown }>(
    db,
    `SELECT json_extract(${OPTIONS}, '$.resolveAge') AS age FROM projects WHERE id = ?`,
  ).get(projectId);
  return usableAge(row?.age);
}

/**
 * Resolves the project's unresolved issues last seen at or before `now` minus `resolveAge` hours;
 * returns their ids.
 */
export function autoResolveProject(
  db: SqliteDb,
  projectId: number,
  resolveAge: number,
  now: number,
  chunkSize = AUTO_RESOLVE_CHUNK,
): number[] {
  const cutoff = now - resolveAge * HOUR_MS;
  const resolved: number[] = [];
  const chunk = db.transaction(() => {
    const ids = stmt<[number, number, number, number], { id: number }>(
      db,
      'SELECT id FROM groups WHERE project_id = ? AND status = ? AND last_seen <= ? LIMIT ?',
    )
      .all(projectId, GroupStatus.UNRESOLVED, cutoff, chunkSize)
      .map((row) => row.id);
    for (const id of ids) {
      stmt(db, 'UPDATE groups SET status = ?, substatus = NULL, resolved_at = ? WHERE id = ?').run(
        GroupStatus.RESOLVED,
        now,
        id,
      );
      addActivity(db, projectId, id, 'set_resolved_by_age', { age: resolveAge }, now);
      resolved.push(id);
    }
    return ids.length;
  });
  // A full chunk may leave more behind; the next takes them with the same cutoff.
  for (let taken = chunkSize; taken === chunkSize; ) taken = chunk.immediate();
  return resolved;
}
