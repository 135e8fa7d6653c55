import type { DuckDBConnection } from '@duckdb/node-api';
import type { EventIndex } from './open_event_index.ts';

// Upserts for the mirrors of Sentry's group state that SnQL joins with (`-[grouped]->`,
// `-[assigned]->`, `-[attributes]->`). SQLite stays the source of truth; these follow it.

export interface GroupedMessageRow {
  projectId: number;
  id: number;
  /** Sentry's GroupStatus: 0 unresolved, 1 resolved, 2 ignored, … */
  status: number | null;
  firstSeen: Date | null;
  lastSeen: Date | null;
  activeAt?: Date | null;
  firstReleaseId?: number | null;
  recordDeleted?: boolean;
}

export interface GroupAssigneeRow {
  projectId: number;
  groupId: number;
  userId: number | null;
  teamId: number | null;
  dateAdded: Date | null;
  recordDeleted?: boolean;
}

export interface GroupAttributesRow {
  projectId: number;
  groupId: number;
  groupStatus: number;
  groupSubstatus?: number | null;
  groupPriority?: number | null;
  groupFirstSeen: Date;
  groupNumComments?: number;
  assigneeUserId?: number | null;
  assigneeTeamId?: number | null;
  deleted?: boolean;
}

type Param = number | string | boolean | null;

/** DuckDB's node binding infers types from JS values; dates go in as ISO text cast in SQL. */
const ts = (date: Date | null | undefined): string | null => (date ? date.toISOString() : null);

async function upsertEach(
  conn: DuckDBConnection,
  sql: string,
  rows: Array<Record<string, Param>>,
): Promise<void> {
  if (rows.length === 0) return;
  const statement = await conn.prepare(sql);
  await conn.run('BEGIN TRANSACTION');
  try {
    for (const row of rows) {
      statement.clearBindings();
      statement.bind(row);
      await statement.run();
    }
    await conn.run('COMMIT');
  } catch (error) {
    await conn.run('ROLLBACK');
    throw error;
  }
}

export function upsertGroupedMessages(index: EventIndex, rows: readonly GroupedMessageRow[]): Promise<void> {
  return index.exclusive((conn) =>
    upsertEach(
      conn,
      `INSERT OR REPLACE INTO groupedmessage
         (project_id, id, status, first_seen, last_seen, active_at, first_release_id, record_deleted)
       VALUES ($project, $id, $status, $first::TIMESTAMP, $last::TIMESTAMP, $active::TIMESTAMP, $release, $deleted)`,
      rows.map((row) => ({
        project: row.projectId,
        id: row.id,
        status: row.status,
        first: ts(row.firstSeen),
        last: ts(row.lastSeen),
        active: ts(row.activeAt),
        release: row.firstReleaseId ?? null,
        deleted: row.recordDeleted ? 1 : 0,
      })),
    ),
  );
}

export function upsertGroupAssignees(index: EventIndex, rows: readonly GroupAssigneeRow[]): Promise<void> {
  return index.exclusive((conn) =>
    upsertEach(
      conn,
      `INSERT OR REPLACE INTO groupassignee (project_id, group_id, user_id, team_id, date_added, record_deleted)
       VALUES ($project, $group, $user, $team, $added::TIMESTAMP, $deleted)`,
      rows.map((row) => ({
        project: row.projectId,
        group: row.groupId,
        user: row.userId,
        team: row.teamId,
        added: ts(row.dateAdded),
        deleted: row.recordDeleted ? 1 : 0,
      })),
    ),
  );
}

export function upsertGroupAttributes(index: EventIndex, rows: readonly GroupAttributesRow[]): Promise<void> {
  return index.exclusive((conn) =>
    upsertEach(
      conn,
      `INSERT OR REPLACE INTO group_attributes
         (project_id, group_id, group_status, group_substatus, group_priority, group_first_seen,
          group_num_comments, assignee_user_id, assignee_team_id, deleted, message_timestamp)
       VALUES ($project, $group, $status, $substatus, $priority, $first::TIMESTAMP,
               $comments, $user, $team, $deleted, now()::TIMESTAMP)`,
      rows.map((row) => ({
        project: row.projectId,
        group: row.groupId,
        status: row.groupStatus,
        substatus: row.groupSubstatus ?? null,
        priority: row.groupPriority ?? null,
        first: ts(row.groupFirstSeen),
        comments: row.groupNumComments ?? 0,
        user: row.assigneeUserId ?? null,
        team: row.assigneeTeamId ?? null,
        deleted: row.deleted ? 1 : 0,
      })),
    ),
  );
}
