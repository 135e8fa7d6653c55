/**
 * Deletes stored events everywhere they live (Sentry's `cleanup` and Snuba's TTL, for one data
 * dir): the DuckDB `errors` rows first, then in one SQLite transaction the events, their
 * nodestore JSON, attachments and associated items, and the groups they leave behind, recounted
 * (`recount`) or, when no event is left, deleted. Attachment files go last, once nothing
 * references them. Replaying after a crash at any point deletes what is left, nothing more.
 */
import fs from 'node:fs';
import { ITEMS_OF_PROJECT, recount } from '../issues/merge.ts';
import { syncGroupMirrors } from '../pipeline/mirrors.ts';
import type { PipelineStores } from '../pipeline/process-batch.ts';
import { deleteEventRows } from '../store/duckdb/errors_replacer.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';

export interface EventRef {
  projectId: number;
  eventId: string;
}

export interface DeleteOutcome {
  events: number;
  items: number;
  recountedGroups: number[];
  deletedGroups: number[];
  attachmentFiles: number;
  projects: Set<number>;
}

export function emptyOutcome(): DeleteOutcome {
  return {
    events: 0,
    items: 0,
    recountedGroups: [],
    deletedGroups: [],
    attachmentFiles: 0,
    projects: new Set(),
  };
}

function byProject(refs: readonly EventRef[]): Map<number, string[]> {
  const map = new Map<number, string[]>();
  for (const ref of refs) {
    const ids = map.get(ref.projectId) ?? [];
    ids.push(ref.eventId);
    map.set(ref.projectId, ids);
  }
  return map;
}

/** Deletes a group that has no event left, with its hashes and activity (tombstones stay). */
export function deleteEmptyGroup(db: SqliteDb, groupId: number): void {
  stmt(db, 'DELETE FROM group_hashes WHERE group_id = ? AND tombstone_id IS NULL').run(groupId);
  stmt(db, 'DELETE FROM activity WHERE group_id = ?').run(groupId);
  stmt(db, 'DELETE FROM groups WHERE id = ?').run(groupId);
}

interface SqliteOutcome {
  events: number;
  items: number;
  groups: number[];
  hashes: string[];
}

function deleteSqliteRows(db: SqliteDb, projectId: number, eventIds: string[]): SqliteOutcome {
  const ids = JSON.stringify(eventIds);
  const inList = 'IN (SELECT value FROM json_each(?))';
  return db
    .transaction((): SqliteOutcome => {
      const groups = stmt<[number, string], { group_id: number }>(
        db,
        `SELECT DISTINCT group_id FROM events WHERE project_id = ? AND event_id ${inList} AND group_id IS NOT NULL`,
      )
        .all(projectId, ids)
        .map((row) => row.group_id);
      const hashes = stmt<[number, string], { sha256: string }>(
        db,
        `DELETE FROM attachments WHERE project_id = ? AND event_id ${inList} RETURNING sha256`,
      )
        .all(projectId, ids)
        .map((row) => row.sha256);
      const items = stmt(
        db,
        `DELETE FROM item_store WHERE ${ITEMS_OF_PROJECT} AND associated_event_id ${inList}`,
      ).run(projectId, ids).changes;
      stmt(db, `DELETE FROM nodestore WHERE project_id = ? AND event_id ${inList}`).run(projectId, ids);
      const events = stmt(db, `DELETE FROM events WHERE project_id = ? AND event_id ${inList}`).run(
        projectId,
        ids,
      ).changes;
      return { events, items, groups, hashes };
    })
    .immediate();
}

/** Recounts each group, or deletes it when it has no event left; returns the deleted ones. */
function settleGroups(db: SqliteDb, groupIds: readonly number[]): { recounted: number[]; deleted: number[] } {
  const recounted: number[] = [];
  const deleted: number[] = [];
  db.transaction(() => {
    for (const groupId of groupIds) {
      const left = stmt<[number], { one: number }>(
        db,
        'SELECT 1 AS one FROM events WHERE group_id = ? LIMIT 1',
      ).get(groupId);
      if (left) {
        recount(db, groupId);
        recounted.push(groupId);
      } else {
        deleteEmptyGroup(db, groupId);
        deleted.push(groupId);
      }
    }
  }).immediate();
  return { recounted, deleted };
}

/** Unlinks the files of these hashes that no attachment row references any more. */
export function removeUnreferencedFiles(stores: PipelineStores, hashes: Iterable<string>): number {
  let removed = 0;
  for (const sha256 of new Set(hashes)) {
    const referenced = stmt<[string], { one: number }>(
      stores.db,
      'SELECT 1 AS one FROM attachments WHERE sha256 = ? LIMIT 1',
    ).get(sha256);
    if (referenced) continue;
    try {
      fs.unlinkSync(stores.attachments.pathFor(sha256));
      removed++;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return removed;
}

export async function deleteEvents(
  stores: PipelineStores,
  refs: readonly EventRef[],
): Promise<DeleteOutcome> {
  const outcome = emptyOutcome();
  for (const [projectId, eventIds] of byProject(refs)) {
    // The index first: should we stop here, the SQLite rows still name these events and the
    // next sweep deletes them again; the other order could leave index rows nothing points at.
    await deleteEventRows(stores.index, projectId, eventIds);
    // One transaction: a crash between the two left issues counting events that were gone (or
    // issues without any), which no later sweep would find, their events being gone.
    const { deleted, groups } = stores.db
      .transaction(() => {
        const rows = deleteSqliteRows(stores.db, projectId, eventIds);
        return { deleted: rows, groups: settleGroups(stores.db, rows.groups) };
      })
      .immediate();
    outcome.events += deleted.events;
    outcome.items += deleted.items;
    outcome.recountedGroups.push(...groups.recounted);
    outcome.deletedGroups.push(...groups.deleted);
    outcome.attachmentFiles += removeUnreferencedFiles(stores, deleted.hashes);
    outcome.projects.add(projectId);
    // SnQL joins read first_seen/last_seen and deletions from DuckDB's mirrors of the groups.
    await syncGroupMirrors(stores.db, stores.index, projectId, groups.recounted);
    if (groups.deleted.length > 0)
      await syncGroupMirrors(stores.db, stores.index, projectId, groups.deleted, true);
  }
  return outcome;
}

export function mergeOutcome(into: DeleteOutcome, from: DeleteOutcome): void {
  into.events += from.events;
  into.items += from.items;
  into.recountedGroups.push(...from.recountedGroups);
  into.deletedGroups.push(...from.deletedGroups);
  into.attachmentFiles += from.attachmentFiles;
  for (const project of from.projects) into.projects.add(project);
}
