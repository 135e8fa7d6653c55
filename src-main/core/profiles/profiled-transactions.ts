/**
 * The transactions a continuous profiler ran during: transaction and span items whose
 * `associated_event_id` keeps the profiler's id (`item-keys.ts`), found along `item_store_associated`
 * and decoded as the trace view decodes them (`traces/transactions.ts`).
 */
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';
import { itemTraceKey } from '../traces/trace-key.ts';
import { body, type ItemRow, type SpanRecord, spansOfItem, type TraceSpans } from '../traces/transactions.ts';

/** Transactions read for one profiler at most (a long-lived server's profiler runs during many). */
const MAX_TRANSACTIONS = 200;

export interface ProfiledTransaction extends SpanRecord {
  profilerId: string;
  traceId: string | null;
}

/** The profiler's transactions received from `since` on (milliseconds), newest first. */
export function profilerTransactions(
  db: SqliteDb,
  projectId: number,
  profilerId: string,
  since = 0,
): ProfiledTransaction[] {
  const rows = stmt<[string, number, number], ItemRow>(
    db,
    `SELECT i.project_id, p.slug, i.type, i.event_id, i.data FROM item_store i INDEXED BY item_store_associated
     JOIN projects p ON p.id = i.project_id
     WHERE i.associated_event_id = ? AND i.project_id = ? AND i.type IN ('transaction', 'span') AND i.received >= ?
     ORDER BY i.received DESC, i.id DESC LIMIT ${MAX_TRANSACTIONS}`,
  ).all(profilerId, projectId, since);
  const found: ProfiledTransaction[] = [];
  for (const row of rows) {
    const json = body(row);
    if (!json) continue;
    const spans: TraceSpans = { roots: [], children: [] };
    spansOfItem(row, json, null, spans);
    const traceId = itemTraceKey(row.type, json)?.toString('hex') ?? null;
    for (const root of spans.roots)
      if (root.profilerId === profilerId) found.push({ ...root, profilerId, traceId });
  }
  return found;
}
