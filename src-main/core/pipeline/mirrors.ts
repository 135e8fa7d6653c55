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
import { BIGINT, type DuckDBConnection, LIST, listValue } from '@duckdb/node-api';
import type { EventIndex } from '../store/duckdb/open_event_index.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';

/** A group as the mirrors hold it (times in milliseconds, whole seconds); gone groups are `deleted`. */
interface MirrorRow {
  project_id: number;
  id: number;
  status: number | null;
  substatus: number | null;
  priority: number | null;
  first_seen: number | null;
  last_seen: number | null;
  active_at: number | null;
  deleted: 0 | 1;
}

const toSecond = (ms: number | null): number | null => (ms === null ? null : Math.floor(ms / 1000) * 1000);

/** The groups among `groupIds` as SQLite has them now; groups that no longer exist are left out. */
function groupStates(db: SqliteDb, groupIds: readonly number[]): MirrorRow[] {
  if (groupIds.length === 0) return [];
  return stmt<[string], Omit<MirrorRow, 'deleted'>>(
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
const goneRow = (projectId: number, id: number): MirrorRow => ({
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
 * The rows of a write, bound as lists (one value per group), unnested: a write costs the same few
 * round trips to DuckDB for one group or a thousand.
 */
const SOURCE = `(SELECT unnest($project) AS project_id, unnest($id) AS id, unnest($status) AS status,
                        unnest($substatus) AS substatus, unnest($priority) AS priority,
                        unnest($first) AS first_seen, unnest($last) AS last_seen,
                        unnest($active) AS active_at, unnest($deleted) AS deleted)`;

interface Mirror {
  upsert: string;
  /** What the mirror holds of a group: it is copied again when this changes. */
  held(row: MirrorRow): string;
}

/** `groupedmessage` moves with every new second of last_seen, `group_attributes` seldom. */
const MIRRORS: readonly Mirror[] = [
  {
    upsert: `INSERT OR REPLACE INTO groupedmessage
       (project_id, id, status, first_seen, last_seen, active_at, first_release_id, record_deleted)
     SELECT project_id, id, status, epoch_ms(first_seen), epoch_ms(last_seen), epoch_ms(active_at), NULL, deleted
     FROM ${SOURCE}`,
    held: (row) => `${row.project_id}|${row.status}|${row.first_seen}|${row.last_seen}|${row.active_at}`,
  },
  {
    upsert: `INSERT OR REPLACE INTO group_attributes
       (project_id, group_id, group_status, group_substatus, group_priority, group_first_seen,
        group_num_comments, assignee_user_id, assignee_team_id, deleted, message_timestamp)
     SELECT project_id, id, coalesce(status, 0), substatus, priority, epoch_ms(coalesce(first_seen, 0)),
            0, NULL, NULL, deleted, now()::TIMESTAMP
     FROM ${SOURCE}`,
    held: (row) => `${row.project_id}|${row.status}|${row.substatus}|${row.priority}|${row.first_seen}`,
  },
];

const COLUMNS = {
  project: 'project_id',
  id: 'id',
  status: 'status',
  substatus: 'substatus',
  priority: 'priority',
  first: 'first_seen',
  last: 'last_seen',
  active: 'active_at',
  deleted: 'deleted',
} as const satisfies Record<string, keyof MirrorRow>;
const COLUMN_TYPES = Object.fromEntries(Object.keys(COLUMNS).map((name) => [name, LIST(BIGINT)]));

const columnsOf = (rows: readonly MirrorRow[]) =>
  Object.fromEntries(
    Object.entries(COLUMNS).map(([name, key]) => [name, listValue(rows.map((row) => row[key]))]),
  );

/**
 * Writes each mirror's rows (`rows[i]` to MIRRORS[i]) in one transaction on DuckDB's writer
 * connection, queued after what it was given before.
 */
function writeMirrors(index: EventIndex, rows: ReadonlyArray<readonly MirrorRow[]>): Promise<void> {
  if (rows.every((some) => some.length === 0)) return Promise.resolve();
  return index.exclusive(async (writer: DuckDBConnection) => {
    await writer.run('BEGIN TRANSACTION');
    try {
      for (const [i, mirror] of MIRRORS.entries()) {
        const some = rows[i] ?? [];
        if (some.length > 0) await writer.run(mirror.upsert, columnsOf(some), COLUMN_TYPES);
      }
      await writer.run('COMMIT');
    } catch (error) {
      await writer.run('ROLLBACK');
      throw error;
    }
  });
}

/** Per mirror, what it holds of each group this process copied, as committed. */
const copied = new WeakMap<EventIndex, Array<Map<number, string>>>();
/** Groups remembered per mirror and index at most (forgetting one costs a copy that changes nothing). */
const MAX_COPIED = 100_000;

function copiedOf(index: EventIndex): Array<Map<number, string>> {
  let known = copied.get(index);
  if (!known) {
    known = MIRRORS.map(() => new Map());
    copied.set(index, known);
  }
  return known;
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
  const changed = MIRRORS.map((mirror, i) =>
    states.filter((row) => known[i]?.get(row.id) !== mirror.held(row)),
  );
  await writeMirrors(index, changed);
  MIRRORS.forEach((mirror, i) => {
    const held = known[i] as Map<number, string>;
    const rows = changed[i] ?? [];
    if (held.size + rows.length > MAX_COPIED) held.clear();
    for (const row of rows) held.set(row.id, mirror.held(row));
  });
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
  for (const held of copiedOf(index)) for (const id of groupIds) held.delete(id);
  const rows = deleted ? [] : groupStates(db, groupIds);
  const present = new Set(rows.map((row) => row.id));
  for (const id of groupIds) if (!present.has(id)) rows.push(goneRow(projectId, id));
  await writeMirrors(
    index,
    MIRRORS.map(() => rows),
  );
}

/**
 * Copies the groups SQLite has and `groupedmessage` does not: issues of a data dir written before
 * the pipeline copied its groups, or whose copy a crash lost with no later event to repeat it.
 * Run once as the worker starts, before any batch. Resolves to the number of groups copied.
 */
export async function backfillGroupMirrors(db: SqliteDb, index: EventIndex): Promise<number> {
  const ids = stmt<[], { id: number }>(db, 'SELECT id FROM groups')
    .all()
    .map((row) => row.id);
  if (ids.length === 0) return 0;
  const reader = await index.connect();
  let mirrored: Set<number>;
  try {
    const result = await reader.runAndReadAll('SELECT id FROM groupedmessage WHERE record_deleted = 0');
    mirrored = new Set(result.getRows().map((row) => Number(row[0])));
  } finally {
    reader.closeSync();
  }
  const missing = ids.filter((id) => !mirrored.has(id));
  // What this process believes it copied does not count: the mirror says otherwise.
  for (const held of copiedOf(index)) for (const id of missing) held.delete(id);
  for (let start = 0; start < missing.length; start += 10_000) {
    await mirrorGroups(db, index, missing.slice(start, start + 10_000));
  }
  return missing.length;
}
