/**
 * `profiles.aggregate`: the aggregate flame graph of one transaction name, as the Profiles tab of
 * Sentry's transaction summary draws it. The period's transactions of that name are those the
 * Performance page reads (`performance/transaction-events.ts`, bounded); newest first, each one's
 * profile is found by the indexed columns alone — a v1 profile by its transaction's event id, a
 * continuous profiler by the chunks received around the transaction — and only the newest
 * `MAX_AGGREGATED_PROFILES` of them are decoded. Each profile's main thread (the transaction's active
 * thread, else `main`, else the busiest) is merged into one call tree (`call-tree.ts`).
 */
import type { ApiParsedParams } from '../../../src-shared/api.ts';
import {
  type AggregateProfile,
  MAX_AGGREGATED_PROFILES,
  type ProfileSummary,
} from '../../../src-shared/profiles-api.ts';
import { PERIOD_MS } from '../issues/queries/periods.ts';
import { readTransactionEvents, type TransactionEvent } from '../performance/transaction-events.ts';
import { nameOf, newestFirst } from '../performance/transactions.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { aggregateCallTree, defaultThread, type ProfilePart, profileThreads } from './call-tree.ts';
import { type DecodedProfile, ProfileError } from './decode.ts';
import { continuousProfileSummary, profilerChunks, transactionProfileSummary } from './detail.ts';
import { decodeStored, hasChunks, mergeChunks, profileRowById, transactionProfileItem } from './read.ts';

/** A transaction's profile, found and not yet read. */
type Candidate =
  | { kind: 'transaction'; event: TransactionEvent; itemId: number }
  | { kind: 'continuous'; event: TransactionEvent; profilerId: string };

function candidateOf(db: SqliteDb, projectId: number, event: TransactionEvent): Candidate | null {
  const { eventId, profilerId, start, end } = event.root;
  const itemId = eventId === null ? undefined : transactionProfileItem(db, projectId, eventId);
  if (itemId !== undefined) return { kind: 'transaction', event, itemId };
  if (profilerId !== null && hasChunks(db, projectId, profilerId, start, end))
    return { kind: 'continuous', event, profilerId };
  return null;
}

interface ReadProfile {
  profile: DecodedProfile;
  summary: ProfileSummary;
}

/** The candidate's profile, decoded; null when it cannot be read (a format Faultline does not read). */
function readCandidate(
  db: SqliteDb,
  projectId: number,
  candidate: Candidate,
  chunks: Map<number, DecodedProfile | null>,
): ReadProfile | null {
  const { root, traceId } = candidate.event;
  try {
    if (candidate.kind === 'transaction') {
      const row = profileRowById(db, candidate.itemId);
      if (!row) return null;
      const profile = decodeStored(row);
      return { profile, summary: transactionProfileSummary(projectId, profile, row.received) };
    }
    const decoded = profilerChunks(db, projectId, candidate.profilerId, root.start, root.end, chunks);
    if (decoded.length === 0) return null;
    const profile = mergeChunks(decoded, root.start, root.end);
    if (profile.samples.length === 0) return null;
    const summary = continuousProfileSummary(projectId, candidate.profilerId, root, profile, {
      name: nameOf(candidate.event),
      eventId: root.eventId,
      traceId,
    });
    return { profile, summary };
  } catch (error) {
    if (error instanceof ProfileError) return null;
    throw error;
  }
}

export function aggregateProfiles(
  db: SqliteDb,
  params: ApiParsedParams<'profiles.aggregate'>,
  now = Date.now(),
): AggregateProfile {
  const { projectId } = params;
  const since = now - PERIOD_MS[params.period];
  const read = readTransactionEvents(db, projectId, since);
  const events = read.events.filter((event) => nameOf(event) === params.transaction).sort(newestFirst);
  const candidates: Candidate[] = [];
  let more = false;
  for (const event of events) {
    const candidate = candidateOf(db, projectId, event);
    if (candidate === null) continue;
    if (candidates.length === MAX_AGGREGATED_PROFILES) {
      more = true;
      break;
    }
    candidates.push(candidate);
  }
  const chunks = new Map<number, DecodedProfile | null>();
  const profiles = candidates
    .map((candidate) => readCandidate(db, projectId, candidate, chunks))
    .filter((profile) => profile !== null);
  const parts: ProfilePart[] = profiles.map(({ profile }) => ({
    profile,
    threadId: defaultThread(profile, profileThreads(profile, profile.samples)) ?? '0',
  }));
  return {
    tree: aggregateCallTree(parts),
    profiles: profiles.map(({ summary }) => summary),
    partial: more || read.partial,
  };
}
