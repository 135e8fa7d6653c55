/**
 * The profiles of a trace's transactions, as Sentry's trace view links "Profile": a v1 profile sent
 * with a transaction (found by the trace id the pipeline kept on it, then its transaction's event id,
 * read from the index columns alone), else the continuous profiler the transaction names, kept only
 * when chunks of it were received around the transaction.
 */
import type { TraceTransaction } from '../../../src-shared/trace-api.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';
import type { TraceWindow } from '../traces/transactions.ts';
import { hasChunks } from './read.ts';

/** The v1 profiles of a trace: transaction event id → profile id. */
function traceProfileIds(db: SqliteDb, traceId: string, window: TraceWindow): Map<string, string> {
  const rows = stmt<[number, number, Buffer], { transaction_id: string; profile_id: string }>(
    db,
    `SELECT associated_event_id AS transaction_id, event_id AS profile_id FROM item_store
     WHERE received BETWEEN ? AND ? AND trace_id = ? AND type = 'profile'
       AND associated_event_id IS NOT NULL AND event_id IS NOT NULL
     ORDER BY id`,
  ).all(window.start, window.end, Buffer.from(traceId, 'hex'));
  return new Map(rows.map((row) => [row.transaction_id, row.profile_id]));
}

/** Sets each transaction's `profile` to one Faultline has, or null. */
export function linkProfiles(
  db: SqliteDb,
  traceId: string,
  window: TraceWindow,
  transactions: TraceTransaction[],
): void {
  const profileIds = traceProfileIds(db, traceId, window);
  for (const transaction of transactions) {
    const profileId = transaction.eventId === null ? undefined : profileIds.get(transaction.eventId);
    if (profileId !== undefined) {
      transaction.profile = { kind: 'transaction', profileId };
      continue;
    }
    const ref = transaction.profile;
    if (
      ref?.kind === 'continuous' &&
      !hasChunks(db, transaction.projectId, ref.profilerId, Date.parse(ref.start), Date.parse(ref.end))
    )
      transaction.profile = null;
  }
}
