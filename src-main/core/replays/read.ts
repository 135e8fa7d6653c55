/**
 * Replays read from `item_store` as they were stored (`pipeline/other-items.ts` keeps the replay id
 * of each replay item in `associated_event_id`): the list walks a project's newest
 * `replay_event` items along `item_store_project_type` (at most `MAX_REPLAY_EVENTS_SCANNED`: it runs on
 * the main thread), groups them by replay and consolidates each; one replay's items are found along
 * `item_store_associated`.
 */
import {
  MAX_REPLAY_EVENTS_SCANNED,
  type ReplayList,
  type ReplaySummary,
} from '../../../src-shared/replays-api.ts';
import { type Json, storedBody } from '../store/item-json.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';
import { consolidateReplay } from './consolidate.ts';

interface ItemRow {
  replay_id: string;
  data: Buffer;
}

function byReplay(rows: readonly ItemRow[]): Map<string, Json[]> {
  const replays = new Map<string, Json[]>();
  for (const row of rows) {
    const body = storedBody(row.data);
    if (!body) continue;
    const segments = replays.get(row.replay_id) ?? [];
    segments.push(body);
    replays.set(row.replay_id, segments);
  }
  return replays;
}

export function listReplays(db: SqliteDb, projectId: number, limit: number): ReplayList {
  const rows = stmt<[number], ItemRow>(
    db,
    `SELECT associated_event_id AS replay_id, data FROM item_store
     WHERE project_id = ? AND type = 'replay_event' AND associated_event_id IS NOT NULL
     ORDER BY received DESC, id DESC LIMIT ${MAX_REPLAY_EVENTS_SCANNED + 1}`,
  ).all(projectId);
  const partial = rows.length > MAX_REPLAY_EVENTS_SCANNED;
  const replays: ReplaySummary[] = [];
  for (const [replayId, segments] of byReplay(rows.slice(0, MAX_REPLAY_EVENTS_SCANNED))) {
    const replay = consolidateReplay(projectId, replayId, segments);
    if (replay) replays.push(replay);
  }
  // Newest first, as Sentry's default `-started_at`.
  replays.sort((a, b) => b.startedAt.localeCompare(a.startedAt) || a.id.localeCompare(b.id));
  return { replays: replays.slice(0, limit), partial };
}

/** The stored items of one replay of these types, oldest first. */
export function replayItems(db: SqliteDb, projectId: number, replayId: string, type: string): Buffer[] {
  return stmt<[string, number, string], { data: Buffer }>(
    db,
    `SELECT data FROM item_store
     WHERE associated_event_id = ? AND project_id = ? AND type = ? ORDER BY received, id`,
  )
    .all(replayId, projectId, type)
    .map((row) => row.data);
}

export function readReplay(db: SqliteDb, projectId: number, replayId: string): ReplaySummary | undefined {
  const segments = replayItems(db, projectId, replayId, 'replay_event')
    .map(storedBody)
    .filter((body): body is Json => body !== undefined);
  return consolidateReplay(projectId, replayId, segments);
}

/** Which of these replays Faultline has, as the Replays page shows them (with their segment 0). */
export function storedReplayIds(db: SqliteDb, projectId: number, replayIds: readonly string[]): Set<string> {
  return new Set(replayIds.filter((replayId) => readReplay(db, projectId, replayId) !== undefined));
}
