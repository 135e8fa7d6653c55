/**
 * Keeps DuckDB's copies of group state (`groupedmessage`, `group_attributes`) in step with the
 * SQLite groups, so SnQL joins see what the issue list shows.
 */
import { upsertGroupAttributes, upsertGroupedMessages } from '../store/duckdb/group_mirrors.ts';
import type { EventIndex } from '../store/duckdb/open_event_index.ts';
import type { SqliteDb } from '../store/sqlite.ts';

interface GroupStateRow {
  id: number;
  project_id: number;
  status: number;
  substatus: number | null;
  priority: number | null;
  first_seen: number;
  last_seen: number;
  active_at: number | null;
}

const CHUNK = 500;

export async function syncGroupMirrors(
  db: SqliteDb,
  index: EventIndex,
  projectId: number,
  groupIds: readonly number[],
  deleted = false,
): Promise<void> {
  for (let start = 0; start < groupIds.length; start += CHUNK) {
    const ids = groupIds.slice(start, start + CHUNK);
    const rows = deleted
      ? []
      : db
          .prepare<unknown[], GroupStateRow>(
            `SELECT id, project_id, status, substatus, priority, first_seen, last_seen, active_at FROM groups WHERE id IN (${ids.map(() => '?').join(',')})`,
          )
          .all(...ids);
    const present = new Set(rows.map((row) => row.id));
    const gone = ids.filter((id) => !present.has(id));
    await upsertGroupedMessages(index, [
      ...rows.map((row) => ({
        projectId: row.project_id,
        id: row.id,
        status: row.status,
        firstSeen: new Date(row.first_seen),
        lastSeen: new Date(row.last_seen),
        activeAt: row.active_at === null ? null : new Date(row.active_at),
      })),
      ...gone.map((id) => ({
        projectId,
        id,
        status: null,
        firstSeen: null,
        lastSeen: null,
        recordDeleted: true,
      })),
    ]);
    await upsertGroupAttributes(index, [
      ...rows.map((row) => ({
        projectId: row.project_id,
        groupId: row.id,
        groupStatus: row.status,
        groupSubstatus: row.substatus,
        groupPriority: row.priority,
        groupFirstSeen: new Date(row.first_seen),
      })),
      ...gone.map((id) => ({
        projectId,
        groupId: id,
        groupStatus: 0,
        groupFirstSeen: new Date(0),
        deleted: true,
      })),
    ]);
  }
}
