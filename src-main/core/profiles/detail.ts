/**
 * `profiles.get`: one profile's call tree for the flame graph. A v1 profile is read from its item; a
 * continuous profiler's chunks received around the transaction are merged and cut to its start and
 * end, as Sentry's flame graph of a transaction profiled continuously shows it.
 */
import type { ApiParsedParams } from '../../../src-shared/api.ts';
import { FaultlineError } from '../../../src-shared/errors.ts';
import type { ProfileDetail, ProfileSummary } from '../../../src-shared/profiles-api.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { buildCallTree, defaultThread, profileThreads } from './call-tree.ts';
import { type DecodedProfile, ProfileError } from './decode.ts';
import { profilerTransactions } from './profiled-transactions.ts';
import { chunkRows, decodeStored, mergeChunks, profileRow } from './read.ts';

/** A v1 profile's summary: its transaction's name, ids and span (samples within it). */
export function transactionProfileSummary(
  projectId: number,
  profile: DecodedProfile,
  received: number,
): ProfileSummary {
  const transaction = profile.transaction;
  const startedAt = (profile.startedAt ?? received) + (transaction?.relativeStartMs ?? 0);
  return {
    ref: { kind: 'transaction', profileId: profile.id ?? '' },
    projectId,
    transactionName: transaction?.name ?? null,
    transactionId: transaction?.id ?? null,
    traceId: transaction?.traceId ?? null,
    platform: profile.platform,
    timestamp: new Date(startedAt).toISOString(),
    durationMs: transaction ? transaction.relativeEndMs - transaction.relativeStartMs : 0,
    samples: profile.samples.length,
  };
}

/** The transaction a continuous profile's samples were cut to, as far as it is known. */
export interface ProfiledSpan {
  name: string | null;
  eventId: string | null;
  traceId: string | null;
}

/** A continuous profiler's samples over a transaction (`profile`: its chunks merged and cut to it). */
export function continuousProfileSummary(
  projectId: number,
  profilerId: string,
  span: { start: number; end: number },
  profile: DecodedProfile,
  transaction: ProfiledSpan,
): ProfileSummary {
  return {
    ref: {
      kind: 'continuous',
      profilerId,
      start: new Date(span.start).toISOString(),
      end: new Date(span.end).toISOString(),
    },
    projectId,
    transactionName: transaction.name,
    transactionId: transaction.eventId,
    traceId: transaction.traceId,
    platform: profile.platform,
    timestamp: new Date(span.start).toISOString(),
    durationMs: Math.max(0, span.end - span.start),
    samples: profile.samples.length,
  };
}

/**
 * The chunks of a profiler around a transaction, decoded; a chunk that cannot be read is left out.
 * `decoded`: chunks already decoded, by item id (a list reads one chunk for many transactions).
 */
export function profilerChunks(
  db: SqliteDb,
  projectId: number,
  profilerId: string,
  start: number,
  end: number,
  decoded = new Map<number, DecodedProfile | null>(),
): DecodedProfile[] {
  const chunks: DecodedProfile[] = [];
  for (const row of chunkRows(db, projectId, profilerId, start, end)) {
    if (!decoded.has(row.id)) {
      try {
        decoded.set(row.id, decodeStored(row));
      } catch (error) {
        if (!(error instanceof ProfileError)) throw error;
        decoded.set(row.id, null);
      }
    }
    const chunk = decoded.get(row.id);
    if (chunk) chunks.push(chunk);
  }
  return chunks;
}

function detailOf(
  profile: DecodedProfile,
  summary: ProfileSummary,
  threadId: string | undefined,
): ProfileDetail {
  const threads = profileThreads(profile, profile.samples);
  if (threadId !== undefined && !threads.some((thread) => thread.id === threadId))
    throw new FaultlineError('not_found', `the profile has no samples on thread ${threadId}`);
  const shown = threadId ?? defaultThread(profile, threads) ?? '0';
  return { summary, threads, threadId: shown, tree: buildCallTree(profile, profile.samples, shown) };
}

function transactionProfile(
  db: SqliteDb,
  params: ApiParsedParams<'profiles.get'>,
  profileId: string,
): ProfileDetail {
  const row = profileRow(db, params.projectId, profileId);
  if (!row) throw new FaultlineError('not_found', `project ${params.projectId} has no profile ${profileId}`);
  const profile = decodeStored(row);
  return detailOf(
    profile,
    transactionProfileSummary(params.projectId, profile, row.received),
    params.threadId,
  );
}

function continuousProfile(
  db: SqliteDb,
  params: ApiParsedParams<'profiles.get'>,
  profilerId: string,
): ProfileDetail {
  const start = Date.parse(params.start ?? '');
  const end = Date.parse(params.end ?? '');
  if (!(start <= end)) throw new FaultlineError('invalid_params', 'start must not be after end');
  const chunks = profilerChunks(db, params.projectId, profilerId, start, end);
  if (chunks.length === 0)
    throw new FaultlineError(
      'not_found',
      `no profile chunk of profiler ${profilerId} was received around ${params.start} – ${params.end}`,
    );
  const profile = mergeChunks(chunks, start, end);
  // The transaction it profiled, for the header: the one of this profiler that ran from `start`.
  const transaction = profilerTransactions(db, params.projectId, profilerId, start - 60_000).find(
    // The link carries its times in whole milliseconds.
    (candidate) => Math.abs(candidate.start - start) < 1 && Math.abs(candidate.end - end) < 1,
  );
  const summary = continuousProfileSummary(params.projectId, profilerId, { start, end }, profile, {
    name: transaction?.name ?? null,
    eventId: transaction?.eventId ?? null,
    traceId: transaction?.traceId ?? null,
  });
  return detailOf(profile, summary, params.threadId);
}

export function profileDetail(db: SqliteDb, params: ApiParsedParams<'profiles.get'>): ProfileDetail {
  if (params.profileId !== undefined) return transactionProfile(db, params, params.profileId);
  return continuousProfile(db, params, params.profilerId ?? '');
}
