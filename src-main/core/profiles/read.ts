/**
 * Profiles read from `item_store` as they were stored, found by the columns the pipeline keeps
 * (`item-keys.ts`): a v1 profile by its id (`event_id`) or its transaction (`associated_event_id`,
 * `trace_id`); a continuous profiler's chunks by its id (`associated_event_id`, index
 * `item_store_associated`) among those received while and after a transaction ran.
 */
import { FaultlineError } from '../../../src-shared/errors.ts';
import type { ProfileFrame } from '../../../src-shared/profiles-api.ts';
import { storedBody } from '../store/item-json.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';
import { type DecodedProfile, type DecodedSample, decodeProfile } from './decode.ts';

/**
 * A chunk covering a transaction is received after the transaction started (it is sent when it ends,
 * at most about a minute later) and soon after the transaction ended: chunks received in this window
 * around the transaction are read, not every chunk of a long-lived profiler.
 */
export const CHUNK_WINDOW_BEFORE_MS = 60_000;
export const CHUNK_WINDOW_AFTER_MS = 10 * 60_000;
/** Chunks read for one transaction at most. */
const MAX_CHUNKS = 100;

export interface StoredProfileRow {
  id: number;
  project_id: number;
  type: string;
  received: number;
  event_id: string | null;
  associated_event_id: string | null;
  data: Buffer;
}

/** The stored item's body, decoded as a profile (a `ProfileError` says what is wrong with it). */
export function decodeStored(row: StoredProfileRow): DecodedProfile {
  const body = storedBody(row.data);
  if (!body) throw new FaultlineError('not_found', `profile item ${row.id} holds no JSON`);
  return decodeProfile(row.type, body);
}

const COLUMNS = 'id, project_id, type, received, event_id, associated_event_id, data';

/** A v1 profile by its id. */
export function profileRow(db: SqliteDb, projectId: number, profileId: string): StoredProfileRow | undefined {
  return stmt<[number, string], StoredProfileRow>(
    db,
    `SELECT ${COLUMNS} FROM item_store WHERE project_id = ? AND type = 'profile' AND event_id = ?
     ORDER BY id DESC LIMIT 1`,
  ).get(projectId, profileId);
}

/** The item id of a transaction's v1 profile, by the transaction's event id (no body is read). */
export function transactionProfileItem(
  db: SqliteDb,
  projectId: number,
  transactionId: string,
): number | undefined {
  return stmt<[string, number], { id: number }>(
    db,
    `SELECT id FROM item_store INDEXED BY item_store_associated
     WHERE associated_event_id = ? AND project_id = ? AND type = 'profile' ORDER BY id DESC LIMIT 1`,
  ).get(transactionId, projectId)?.id;
}

/** A profile item by its id. */
export function profileRowById(db: SqliteDb, id: number): StoredProfileRow | undefined {
  return stmt<[number], StoredProfileRow>(
    db,
    `SELECT ${COLUMNS} FROM item_store WHERE id = ? AND type IN ('profile', 'profile_chunk')`,
  ).get(id);
}

/** The chunks of a profiler received around a transaction running from `start` to `end`, oldest first. */
export function chunkRows(
  db: SqliteDb,
  projectId: number,
  profilerId: string,
  start: number,
  end: number,
): StoredProfileRow[] {
  return stmt<[string, number, number, number], StoredProfileRow>(
    db,
    `SELECT ${COLUMNS} FROM item_store INDEXED BY item_store_associated
     WHERE associated_event_id = ? AND project_id = ? AND type = 'profile_chunk' AND received BETWEEN ? AND ?
     ORDER BY received, id LIMIT ${MAX_CHUNKS}`,
  ).all(profilerId, projectId, start - CHUNK_WINDOW_BEFORE_MS, end + CHUNK_WINDOW_AFTER_MS);
}

/** Whether chunks of the profiler were received around the transaction (no chunk is decoded). */
export function hasChunks(
  db: SqliteDb,
  projectId: number,
  profilerId: string,
  start: number,
  end: number,
): boolean {
  return (
    stmt<[string, number, number, number], { found: number }>(
      db,
      `SELECT 1 AS found FROM item_store INDEXED BY item_store_associated
       WHERE associated_event_id = ? AND project_id = ? AND type = 'profile_chunk' AND received BETWEEN ? AND ?
       LIMIT 1`,
    ).get(profilerId, projectId, start - CHUNK_WINDOW_BEFORE_MS, end + CHUNK_WINDOW_AFTER_MS) !== undefined
  );
}

const frameKey = (frame: ProfileFrame) =>
  `${frame.name}\u0000${frame.file ?? ''}\u0000${frame.line ?? ''}\u0000${frame.column ?? ''}\u0000${frame.inApp}`;

/**
 * The chunks of one profiler as one profile: their frames made one list (a frame repeated across
 * chunks is one frame, so its calls add up in one node), stacks and samples renumbered to match, the
 * samples limited to `start`–`end` (milliseconds since the epoch).
 */
export function mergeChunks(chunks: readonly DecodedProfile[], start: number, end: number): DecodedProfile {
  const frames: ProfileFrame[] = [];
  const frameIndex = new Map<string, number>();
  const stacks: number[][] = [];
  const samples: DecodedSample[] = [];
  const threadNames = new Map<string, string>();
  for (const chunk of chunks) {
    const frameIds = chunk.frames.map((frame) => {
      const key = frameKey(frame);
      let at = frameIndex.get(key);
      if (at === undefined) {
        at = frames.length;
        frames.push(frame);
        frameIndex.set(key, at);
      }
      return at;
    });
    const stackOffset = stacks.length;
    for (const stack of chunk.stacks) stacks.push(stack.map((frame) => frameIds[frame] as number));
    for (const sample of chunk.samples)
      if (sample.at >= start && sample.at <= end)
        samples.push({ ...sample, stackId: sample.stackId + stackOffset });
    for (const [id, name] of chunk.threadNames) threadNames.set(id, name);
  }
  const first = chunks[0];
  return {
    version: '2',
    platform: first?.platform ?? 'unknown',
    id: null,
    profilerId: first?.profilerId ?? null,
    startedAt: null,
    transaction: null,
    frames,
    stacks,
    samples: samples.sort((a, b) => a.at - b.at),
    threadNames,
  };
}
