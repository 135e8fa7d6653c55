import { type DuckDBType, type DuckDBValue, LIST, listValue, UBIGINT, VARCHAR } from '@duckdb/node-api';
import type { EventIndex } from './open_event_index.ts';

// Snuba's errors replacer (snql.md §5). ClickHouse re-inserts rows with a higher `deleted`
// version; DuckDB rows are mutable, so each replacement is one UPDATE on the writer. Reads keep
// Snuba's `deleted = 0` condition, so soft deletes behave as in Snuba (no FINAL, no exclusion sets).

export interface ReplacementResult {
  /** Rows the replacement changed. */
  rows: number;
}

function uuidList(hashes: readonly string[]): string[] {
  return hashes.map((hash) => hash.replaceAll('-', '').toLowerCase());
}

/**
 * The rows of the listed event ids (`$ids`, a list of 32-hex strings): a hash join. Written as
 * `list_contains(list_transform($ids, …), event_id)`, each row converted and searched the whole
 * list: 2,000 ids over 300k rows took 0.75 s, this 15-30 ms.
 */
const EVENT_ID_LISTED = 'event_id IN (SELECT unnest($ids)::UUID)';

/** The `$project` and `$ids` (for EVENT_ID_LISTED) of a write on listed events, with their types. */
function listedEvents(projectId: number, eventIds: readonly string[]) {
  return {
    values: { project: projectId, ids: listValue(uuidList(eventIds)) },
    types: { project: UBIGINT, ids: LIST(VARCHAR) },
  };
}

async function update(
  index: EventIndex,
  sql: string,
  values: Record<string, DuckDBValue>,
  types: Record<string, DuckDBType>,
): Promise<ReplacementResult> {
  return index.exclusive(async (writer) => {
    const result = await writer.run(sql, values, types);
    return { rows: Number(result.rowsChanged) };
  });
}

/** `end_merge`: every row of the previous groups moves to the new group. */
export function mergeGroups(
  index: EventIndex,
  projectId: number,
  previousGroupIds: readonly number[],
  newGroupId: number,
): Promise<ReplacementResult> {
  return update(
    index,
    `UPDATE errors SET group_id = $new
     WHERE project_id = $project AND deleted = 0 AND list_contains($previous, group_id)`,
    { project: projectId, new: newGroupId, previous: listValue([...previousGroupIds]) },
    { project: UBIGINT, new: UBIGINT, previous: LIST(UBIGINT) },
  );
}

/** `end_unmerge`: rows of the previous group whose primary hash is listed move to the new group. */
export function unmergeHashes(
  index: EventIndex,
  projectId: number,
  previousGroupId: number,
  newGroupId: number,
  hashes: readonly string[],
): Promise<ReplacementResult> {
  return update(
    index,
    `UPDATE errors SET group_id = $new
     WHERE project_id = $project AND deleted = 0 AND group_id = $previous
       AND list_contains(list_transform($hashes, h -> h::UUID), primary_hash)`,
    { project: projectId, new: newGroupId, previous: previousGroupId, hashes: listValue(uuidList(hashes)) },
    { project: UBIGINT, new: UBIGINT, previous: UBIGINT, hashes: LIST(VARCHAR) },
  );
}

/** `end_delete_groups`: every row of the groups is soft-deleted. */
export function deleteGroups(
  index: EventIndex,
  projectId: number,
  groupIds: readonly number[],
): Promise<ReplacementResult> {
  return update(
    index,
    `UPDATE errors SET deleted = 1
     WHERE project_id = $project AND deleted = 0 AND list_contains($groups, group_id)`,
    { project: projectId, groups: listValue([...groupIds]) },
    { project: UBIGINT, groups: LIST(UBIGINT) },
  );
}

/** `tombstone_events`: the listed events are soft-deleted. */
export function tombstoneEvents(
  index: EventIndex,
  projectId: number,
  eventIds: readonly string[],
): Promise<ReplacementResult> {
  const listed = listedEvents(projectId, eventIds);
  return update(
    index,
    `UPDATE errors SET deleted = 1
     WHERE project_id = $project AND deleted = 0 AND ${EVENT_ID_LISTED}`,
    listed.values,
    listed.types,
  );
}

/** `replace_group`: the listed events move to another group. */
export function replaceGroup(
  index: EventIndex,
  projectId: number,
  eventIds: readonly string[],
  newGroupId: number,
): Promise<ReplacementResult> {
  const listed = listedEvents(projectId, eventIds);
  return update(
    index,
    `UPDATE errors SET group_id = $new
     WHERE project_id = $project AND deleted = 0 AND ${EVENT_ID_LISTED}`,
    { ...listed.values, new: newGroupId },
    { ...listed.types, new: UBIGINT },
  );
}

/** Retention: the listed events' rows are deleted for good (not soft-deleted: their data is gone). */
export function deleteEventRows(
  index: EventIndex,
  projectId: number,
  eventIds: readonly string[],
): Promise<ReplacementResult> {
  const listed = listedEvents(projectId, eventIds);
  return update(
    index,
    `DELETE FROM errors WHERE project_id = $project AND ${EVENT_ID_LISTED}`,
    listed.values,
    listed.types,
  );
}
