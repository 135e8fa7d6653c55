/**
 * The retention sweep (Sentry's `sentry cleanup --days N` plus Snuba's TTL, and a size cap a
 * laptop needs): events older than the retention days go, then, while the data is over the size
 * limit, the oldest received events. Runs in the pipeline worker between batches, a chunk at a
 * time, so ingest never waits long behind it.
 */
import type { RetentionResult } from '../../../src-shared/settings-api.ts';
import type { PipelineStores } from '../pipeline/process-batch.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';
import {
  type DeleteOutcome,
  deleteEvents,
  type EventRef,
  emptyOutcome,
  mergeOutcome,
  removeUnreferencedFiles,
} from './delete-events.ts';
import { removeOrphanFiles } from './orphan-files.ts';
import { measureUsage } from './usage.ts';

const DAY_MS = 86_400_000;
/** Events per delete: one short SQLite transaction and one DuckDB statement each. */
const CHUNK = 2000;
/** The size pass re-measures after each round; a few rounds always reach the limit. */
const MAX_SIZE_ROUNDS = 8;
/** Delete a little more than the estimate, so one round usually suffices. */
const SIZE_MARGIN = 1.1;

export interface RetentionPolicy {
  retentionDays: number;
  maxSizeBytes: number;
}

/**
 * Old events of one project, found through their groups: a group first seen after the cutoff has
 * no event before it, so only old groups are visited (indexes `groups_first_seen`, `events_group`).
 */
function expiredEvents(db: SqliteDb, projectId: number, cutoff: number): EventRef[] {
  return stmt<[number, number, number, number], { event_id: string }>(
    db,
    `SELECT e.event_id FROM groups g JOIN events e ON e.group_id = g.id
      WHERE g.project_id = ? AND g.first_seen < ? AND e.timestamp < ? LIMIT ?`,
  )
    .all(projectId, cutoff, cutoff, CHUNK)
    .map((row) => ({ projectId, eventId: row.event_id }));
}

function oldestEvents(db: SqliteDb, limit: number): EventRef[] {
  return stmt<[number], { project_id: number; event_id: string }>(
    db,
    'SELECT project_id, event_id FROM events ORDER BY received LIMIT ?',
  )
    .all(limit)
    .map((row) => ({ projectId: row.project_id, eventId: row.event_id }));
}

function projectIds(db: SqliteDb): number[] {
  return stmt<[], { id: number }>(db, 'SELECT id FROM projects ORDER BY id')
    .all()
    .map((row) => row.id);
}

/** Items stored on their own (transactions, logs, sessions …) and attachments without an event. */
function expireOtherData(stores: PipelineStores, cutoff: number): { items: number; files: number } {
  const { db } = stores;
  const { items, hashes } = db
    .transaction(() => {
      let deleted = 0;
      const kinds = stmt<[], { project_id: number; type: string }>(
        db,
        'SELECT DISTINCT project_id, type FROM item_store',
      ).all();
      for (const kind of kinds) {
        deleted += stmt(db, 'DELETE FROM item_store WHERE project_id = ? AND type = ? AND received < ?').run(
          kind.project_id,
          kind.type,
          cutoff,
        ).changes;
      }
      const orphans = stmt<[number], { sha256: string }>(
        db,
        `DELETE FROM attachments WHERE created_at < ? AND NOT EXISTS
           (SELECT 1 FROM events e WHERE e.project_id = attachments.project_id AND e.event_id = attachments.event_id)
         RETURNING sha256`,
      )
        .all(cutoff)
        .map((row) => row.sha256);
      return { items: deleted, hashes: orphans };
    })
    .immediate();
  return { items, files: removeUnreferencedFiles(stores, hashes) };
}

async function expireByAge(stores: PipelineStores, cutoff: number): Promise<DeleteOutcome> {
  const outcome = emptyOutcome();
  for (const projectId of projectIds(stores.db)) {
    for (let refs = expiredEvents(stores.db, projectId, cutoff); refs.length > 0; ) {
      mergeOutcome(outcome, await deleteEvents(stores, refs));
      refs = expiredEvents(stores.db, projectId, cutoff);
    }
  }
  return outcome;
}

async function checkpoint(stores: PipelineStores): Promise<void> {
  // DuckDB hands fully deleted row groups back at a checkpoint.
  await stores.index.exclusive((writer) => writer.run('CHECKPOINT'));
}

async function evictBySize(stores: PipelineStores, maxSizeBytes: number): Promise<DeleteOutcome> {
  const outcome = emptyOutcome();
  // Measured after a checkpoint: the WAL is larger than the same rows in the file.
  await checkpoint(stores);
  for (let round = 0; round < MAX_SIZE_ROUNDS; round++) {
    const usage = await measureUsage(stores.db, stores.index);
    if (usage.totalBytes <= maxSizeBytes || usage.events === 0) break;
    const perEvent = usage.totalBytes / usage.events;
    let wanted = Math.ceil(((usage.totalBytes - maxSizeBytes) / perEvent) * SIZE_MARGIN);
    while (wanted > 0) {
      const refs = oldestEvents(stores.db, Math.min(wanted, CHUNK));
      if (refs.length === 0) break;
      mergeOutcome(outcome, await deleteEvents(stores, refs));
      wanted -= refs.length;
    }
    await checkpoint(stores);
  }
  return outcome;
}

export interface SweepReport extends RetentionResult {
  projects: Set<number>;
}

export async function sweepRetention(
  stores: PipelineStores,
  policy: RetentionPolicy,
  now: number,
): Promise<SweepReport> {
  const cutoff = now - policy.retentionDays * DAY_MS;
  const orphans = removeOrphanFiles(stores);
  const expired = await expireByAge(stores, cutoff);
  const other = expireOtherData(stores, cutoff);
  if (expired.events > 0) await checkpoint(stores);
  const evicted = await evictBySize(stores, policy.maxSizeBytes);
  const all = emptyOutcome();
  mergeOutcome(all, expired);
  mergeOutcome(all, evicted);
  const deleted = new Set(all.deletedGroups);
  return {
    expiredEvents: expired.events,
    evictedEvents: evicted.events,
    deletedGroups: deleted.size,
    recountedGroups: new Set(all.recountedGroups.filter((id) => !deleted.has(id))).size,
    deletedItems: all.items + other.items,
    deletedAttachmentFiles: all.attachmentFiles + other.files + orphans,
    usage: await measureUsage(stores.db, stores.index),
    projects: all.projects,
  };
}
