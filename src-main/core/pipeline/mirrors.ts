/**
 * Keeps DuckDB's copies of group state (`groupedmessage`, `group_attributes`) in step with the
 * SQLite groups, so SnQL joins see what the issue list shows. SQLite is the source of truth: a
 * write copies the groups' rows as SQLite has them, on DuckDB's writer connection, which runs
 * writes in the order they were queued. The pipeline copies the groups its batches created or
 * counted on (`mirrorGroups`), the group commands and retention those they changed or removed
 * (`syncGroupMirrors`). Faultline's groups have no assignees, so `groupassignee` stays empty.
 *
 * Times are copied in whole seconds, the precision of Snuba's `DateTime` columns, and a group is
 * copied to a mirror only when what that mirror holds of it changed: a write costs DuckDB milliseconds
 * of CPU whatever it carries (~8 ms measured for both mirrors' statements and their commit), and
 * most events move their group's last_seen (which only `groupedmessage` holds) within the same
 * second, if at all.
 */
import { type GroupMirror, type GroupMirrorRow, writeGroupMirrors } from '../store/duckdb/group_mirrors.ts';
import type { EventIndex } from '../store/duckdb/open_event_index.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';

const toSecond = (ms: number | null): number | null => (ms === null ? null : Math.floor(ms / 1000) * 1000);

/** The groups among `groupIds` as SQLite has them now; groups that no longer exist are left out. */
function groupStates(db: SqliteDb, groupIds: readonly number[]): GroupMirrorRow[] {
  if (groupIds.length === 0) return [];
  return stmt<[string], Omit<GroupMirrorRow, 'deleted'>>(
    db,
    `SELECT id, project_id, status, substatus, priority, first_seen, last_seen, active_at
       FROM groups WHERE id IN (SELECT value FROM json_each(?))`,
  )
    .all(JSON.stringify(groupIds))
    .map((row) => ({
      ...row,
      first_seen: toSecond(row.first_seen),
      last_seen: toSecond(row.last_seen),
      active_at: toSecond(row.active_at),
      deleted: 0,
    }));
}

/** A gone group keeps its row, flagged deleted, as Snuba's mirrors keep it. */
const goneRow = (projectId: number, id: number): GroupMirrorRow => ({
  project_id: projectId,
  id,
  status: null,
  substatus: null,
  priority: null,
  first_seen: null,
  last_seen: null,
  active_at: null,
  deleted: 1,
});

/**
 * What each mirror holds of a group: it is copied again when this changes. `groupedmessage` moves
 * with every new second of last_seen, `group_attributes` seldom.
 */
const HELD: Record<GroupMirror, (row: GroupMirrorRow) => string> = {
  groupedmessage: (row) =>
    `${row.project_id}|${row.status}|${row.first_seen}|${row.last_seen}|${row.active_at}`,
  group_attributes: (row) =>
    `${row.project_id}|${row.status}|${row.substatus}|${row.priority}|${row.first_seen}`,
};
const MIRRORS = Object.keys(HELD) as GroupMirror[];

/** Per mirror, what it holds of each group this process copied, as committed. */
const copied = new WeakMap<EventIndex, Record<GroupMirror, Map<number, string>>>();
/** Groups remembered per mirror and index at most (forgetting one costs a copy that changes nothing). */
const MAX_COPIED = 100_000;

function copiedOf(index: EventIndex): Record<GroupMirror, Map<number, string>> {
  let known = copied.get(index);
  if (!known) {
    known = { groupedmessage: new Map(), group_attributes: new Map() };
    copied.set(index, known);
  }
  return known;
}

/** Forgets what this process copied of `groupIds`: their next copy is not skipped. */
function forget(index: EventIndex, groupIds: readonly number[]): void {
  for (const held of Object.values(copiedOf(index))) for (const id of groupIds) held.delete(id);
}

/**
 * Copies the groups whose mirrored state changed since this process last copied them, as SQLite
 * has them now, in one write queued on DuckDB's writer: what is queued after it runs after it.
 * Resolves once it committed (at once when nothing changed); a group that no longer exists is
 * skipped (what removed it marked it deleted).
 */
export async function mirrorGroups(
  db: SqliteDb,
  index: EventIndex,
  groupIds: readonly number[],
): Promise<void> {
  const known = copiedOf(index);
  const states = groupStates(db, groupIds);
  const changed = Object.fromEntries(
    MIRRORS.map((mirror) => [
      mirror,
      states.filter((row) => known[mirror].get(row.id) !== HELD[mirror](row)),
    ]),
  ) as Record<GroupMirror, GroupMirrorRow[]>;
  await writeGroupMirrors(index, changed);
  for (const mirror of MIRRORS) {
    const held = known[mirror];
    if (held.size + changed[mirror].length > MAX_COPIED) held.clear();
    for (const row of changed[mirror]) held.set(row.id, HELD[mirror](row));
  }
}

/**
 * Copies the groups of a project after a command changed them; those no longer in SQLite (or all
 * of them, when `deleted`) are marked deleted.
 */
export async function syncGroupMirrors(
  db: SqliteDb,
  index: EventIndex,
  projectId: number,
  groupIds: readonly number[],
  deleted = false,
): Promise<void> {
  // Until this write commits, the pipeline's next copy of these groups is not skipped.
  forget(index, groupIds);
  const rows = deleted ? [] : groupStates(db, groupIds);
  const present = new Set(rows.map((row) => row.id));
  for (const id of groupIds) if (!present.has(id)) rows.push(goneRow(projectId, id));
  await writeGroupMirrors(index, { groupedmessage: rows, group_attributes: rows });
}

/**
 * Copies the groups SQLite has and `groupedmessage` does not: issues of a data dir written before
 * the pipeline copied its groups, or whose copy a crash lost with no later event to repeat it.
 * Run once as the worker starts, before any batch. Resolves to the number of groups copied.
 */
export async function backfillGroupMirrors(db: SqliteDb, index: EventIndex): Promise<number> {
  const groups = stmt<[], { n: number }>(db, 'SELECT count(*) AS n FROM groups').get()?.n ?? 0;
  if (groups === 0) return 0;
  const reader = await index.connect();
  let mirrored: Set<number>;
  try {
    const live = 'FROM groupedmessage WHERE record_deleted = 0';
    // Every start runs this: when the mirror holds as many groups as SQLite, nothing is read further.
    const counted = await reader.runAndReadAll(`SELECT count(*) ${live}`);
    if (Number(counted.getRows()[0]?.[0]) === groups) return 0;
    const result = await reader.runAndReadAll(`SELECT id ${live}`);
    mirrored = new Set(result.getRows().map((row) => Number(row[0])));
  } finally {
    reader.closeSync();
  }
  const missing = stmt<[], { id: number }>(db, 'SELECT id FROM groups')
    .all()
    .map((row) => row.id)
    .filter((id) => !mirrored.has(id));
  // What this process believes it copied does not count: the mirror says otherwise.
  forget(index, missing);
  for (let start = 0; start < missing.length; start += 10_000) {
    await mirrorGroups(db, index, missing.slice(start, start + 10_000));
  }
  return missing.length;
}
