/**
 * Applies a merge's, unmerge's or delete's replacement to the event index (Snuba's replacer:
 * `group_id`, `deleted`) and copies the groups it touched to the mirrors; and, when the worker
 * starts, those a crash left pending (issues/pending-replacements.ts).
 */
import {
  clearReplacement,
  type PendingReplacement,
  pendingReplacements,
  type Replacement,
} from '../issues/pending-replacements.ts';
import * as replacer from '../store/duckdb/errors_replacer.ts';
import type { EventIndex } from '../store/duckdb/open_event_index.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { syncGroupMirrors } from './mirrors.ts';

async function applyReplacement(db: SqliteDb, index: EventIndex, r: Replacement): Promise<void> {
  switch (r.kind) {
    case 'merge':
      await replacer.mergeGroups(index, r.projectId, r.mergedIds, r.primaryId);
      await syncGroupMirrors(db, index, r.projectId, [r.primaryId, ...r.mergedIds]);
      return;
    case 'unmerge':
      await replacer.unmergeHashes(index, r.projectId, r.sourceId, r.destinationId, r.hashes);
      await syncGroupMirrors(db, index, r.projectId, [r.sourceId, r.destinationId]);
      return;
    case 'delete':
      await replacer.deleteGroups(index, r.projectId, r.groupIds);
      await syncGroupMirrors(db, index, r.projectId, r.groupIds, true);
      return;
  }
}

/** Applies a recorded replacement, then clears it (nothing when the change called for none). */
export async function completeReplacement(
  db: SqliteDb,
  index: EventIndex,
  pending: PendingReplacement | undefined,
): Promise<void> {
  if (!pending) return;
  await applyReplacement(db, index, pending.replacement);
  clearReplacement(db, pending.id);
}

/** Applies, oldest first, what a crash left pending; returns the projects they touched. */
export async function replayPendingReplacements(db: SqliteDb, index: EventIndex): Promise<number[]> {
  const projects = new Set<number>();
  for (const pending of pendingReplacements(db)) {
    await completeReplacement(db, index, pending);
    projects.add(pending.replacement.projectId);
  }
  return [...projects];
}
