/**
 * `profiles.list`: a project's recent profiles, newest first, as Sentry's Profiling page lists them.
 * Two kinds are read, each bounded by `MAX_PROFILES_SCANNED` items (the read runs on the main thread):
 * the newest v1 `profile` items, decoded for their transaction and samples; and the profilers of the
 * newest `profile_chunk` items (read from the index, not decoded), each with the transactions it ran
 * during (`profiled-transactions.ts`) and their samples in its chunks.
 */
import {
  MAX_PROFILES_SCANNED,
  type ProfileList,
  type ProfileSummary,
} from '../../../src-shared/profiles-api.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';
import { type DecodedProfile, ProfileError } from './decode.ts';
import { continuousProfileSummary, profilerChunks, transactionProfileSummary } from './detail.ts';
import { profilerTransactions } from './profiled-transactions.ts';
import { decodeStored, mergeChunks, type StoredProfileRow } from './read.ts';

function transactionProfiles(
  db: SqliteDb,
  projectId: number,
): { profiles: ProfileSummary[]; partial: boolean } {
  const rows = stmt<[number], StoredProfileRow>(
    db,
    `SELECT id, project_id, type, received, event_id, associated_event_id, data FROM item_store
     WHERE project_id = ? AND type = 'profile' ORDER BY received DESC, id DESC LIMIT ${MAX_PROFILES_SCANNED + 1}`,
  ).all(projectId);
  const profiles: ProfileSummary[] = [];
  for (const row of rows.slice(0, MAX_PROFILES_SCANNED)) {
    try {
      profiles.push(transactionProfileSummary(projectId, decodeStored(row), row.received));
    } catch (error) {
      // A profile of a format Faultline does not read (kept as sent) is not listed.
      if (!(error instanceof ProfileError)) throw error;
    }
  }
  return { profiles, partial: rows.length > MAX_PROFILES_SCANNED };
}

/** The profilers of the newest chunks, with when their oldest of those chunks was received. */
function recentProfilers(
  db: SqliteDb,
  projectId: number,
): { profilers: Map<string, number>; partial: boolean } {
  const rows = stmt<[number], { profiler_id: string; received: number }>(
    db,
    `SELECT associated_event_id AS profiler_id, received FROM item_store
     WHERE project_id = ? AND type = 'profile_chunk' AND associated_event_id IS NOT NULL
     ORDER BY received DESC, id DESC LIMIT ${MAX_PROFILES_SCANNED + 1}`,
  ).all(projectId);
  const profilers = new Map<string, number>();
  for (const row of rows.slice(0, MAX_PROFILES_SCANNED)) profilers.set(row.profiler_id, row.received);
  return { profilers, partial: rows.length > MAX_PROFILES_SCANNED };
}

function continuousProfiles(
  db: SqliteDb,
  projectId: number,
  limit: number,
): { profiles: ProfileSummary[]; partial: boolean } {
  const { profilers, partial } = recentProfilers(db, projectId);
  const profiles: ProfileSummary[] = [];
  const decoded = new Map<number, DecodedProfile | null>();
  for (const [profilerId, oldestChunk] of profilers) {
    // A transaction ends before the chunk holding its end is received, within a chunk's length.
    const transactions = profilerTransactions(db, projectId, profilerId, oldestChunk - 2 * 60_000).slice(
      0,
      limit,
    );
    for (const transaction of transactions) {
      const chunks = profilerChunks(db, projectId, profilerId, transaction.start, transaction.end, decoded);
      if (chunks.length === 0) continue;
      const profile = mergeChunks(chunks, transaction.start, transaction.end);
      profiles.push(
        continuousProfileSummary(projectId, profilerId, transaction, profile, {
          name: transaction.name,
          eventId: transaction.eventId,
          traceId: transaction.traceId,
        }),
      );
    }
  }
  return { profiles, partial };
}

export function listProfiles(db: SqliteDb, projectId: number, limit: number): ProfileList {
  const v1 = transactionProfiles(db, projectId);
  const continuous = continuousProfiles(db, projectId, limit);
  const profiles = [...v1.profiles, ...continuous.profiles].sort(
    (a, b) =>
      b.timestamp.localeCompare(a.timestamp) || (a.transactionId ?? '').localeCompare(b.transactionId ?? ''),
  );
  return { profiles: profiles.slice(0, limit), partial: v1.partial || continuous.partial };
}
