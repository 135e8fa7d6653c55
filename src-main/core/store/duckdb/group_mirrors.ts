/**
 * Upserts for the mirrors of Sentry's group state that SnQL joins with (`-[grouped]->`,
 * `-[attributes]->`). SQLite stays the source of truth; these follow it (pipeline/mirrors.ts
 * decides what to copy). Faultline's groups have no assignees, so `groupassignee` stays empty.
 */
import { BIGINT, type DuckDBConnection, LIST, listValue } from '@duckdb/node-api';
import type { EventIndex } from './open_event_index.ts';

/** A group as the mirrors hold it: times in milliseconds (null for a gone group), `deleted` 1 when gone. */
export interface GroupMirrorRow {
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

export type GroupMirror = 'groupedmessage' | 'group_attributes';

/**
 * The rows of a write, bound as lists (one value per group), unnested: a write costs the same few
 * round trips to DuckDB for one group or a thousand.
 */
const SOURCE = `(SELECT unnest($project) AS project_id, unnest($id) AS id, unnest($status) AS status,
                        unnest($substatus) AS substatus, unnest($priority) AS priority,
                        unnest($first) AS first_seen, unnest($last) AS last_seen,
                        unnest($active) AS active_at, unnest($deleted) AS deleted)`;

const UPSERT: Record<GroupMirror, string> = {
  groupedmessage: `INSERT OR REPLACE INTO groupedmessage
       (project_id, id, status, first_seen, last_seen, active_at, first_release_id, record_deleted)
     SELECT project_id, id, status, epoch_ms(first_seen), epoch_ms(last_seen), epoch_ms(active_at), NULL, deleted
     FROM ${SOURCE}`,
  group_attributes: `INSERT OR REPLACE INTO group_attributes
       (project_id, group_id, group_status, group_substatus, group_priority, group_first_seen,
        group_num_comments, assignee_user_id, assignee_team_id, deleted, message_timestamp)
     SELECT project_id, id, coalesce(status, 0), substatus, priority, epoch_ms(coalesce(first_seen, 0)),
            0, NULL, NULL, deleted, now()::TIMESTAMP
     FROM ${SOURCE}`,
};

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
} as const satisfies Record<string, keyof GroupMirrorRow>;
const COLUMN_TYPES = Object.fromEntries(Object.keys(COLUMNS).map((name) => [name, LIST(BIGINT)]));

const columnsOf = (rows: readonly GroupMirrorRow[]) =>
  Object.fromEntries(
    Object.entries(COLUMNS).map(([name, key]) => [name, listValue(rows.map((row) => row[key]))]),
  );

/**
 * Writes each mirror's rows in one transaction on DuckDB's writer connection, queued after what
 * it was given before. Resolves at once when there is nothing to write.
 */
export function writeGroupMirrors(
  index: EventIndex,
  rows: Partial<Record<GroupMirror, readonly GroupMirrorRow[]>>,
): Promise<void> {
  const writes = Object.entries(rows).filter(([, some]) => some.length > 0) as Array<
    [GroupMirror, readonly GroupMirrorRow[]]
  >;
  if (writes.length === 0) return Promise.resolve();
  return index.exclusive(async (writer: DuckDBConnection) => {
    await writer.run('BEGIN TRANSACTION');
    try {
      for (const [mirror, some] of writes) await writer.run(UPSERT[mirror], columnsOf(some), COLUMN_TYPES);
      await writer.run('COMMIT');
    } catch (error) {
      await writer.run('ROLLBACK');
      throw error;
    }
  });
}
