/**
 * The spans of a project's newest items, for the Insights pages (Queries, Requests): the transactions
 * and streamed spans `item_store` keeps as received are walked newest first as the Traces page walks
 * them (`traces/list.ts`), at most `MAX_QUERY_ITEMS_SCANNED` of them (it runs on the main thread), each
 * decoded into its spans (`traces/transactions.ts`) and handed to the caller with its trace id.
 */
import { MAX_QUERY_ITEMS_SCANNED } from '../../../src-shared/insights-api.ts';
import { MAX_TRACE_ITEMS_SCANNED } from '../../../src-shared/trace-api.ts';
import { type Json, obj, text } from '../store/item-json.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { itemKeys, itemRow, type Position, parseCursor } from '../traces/list.ts';
import { itemTraceKey } from '../traces/trace-key.ts';
import { body, spansOfItem, type TraceSpans } from '../traces/transactions.ts';

/** One stored item's spans. */
export interface ItemSpans {
  traceId: string;
  spans: TraceSpans;
  /**
   * A transaction item's environment, release, platform and SDK (its spans carry none of them);
   * empty for a span container, whose spans carry them as `sentry.*` attributes.
   */
  context: ItemContext;
  /**
   * A transaction item's event as stored (its tags, user, request …, for the events endpoint's
   * `transactions` dataset); null for a span container.
   */
  event: Json | null;
}

export interface ItemContext {
  environment?: string;
  release?: string;
  platform?: string;
  'sdk.name'?: string;
  'sdk.version'?: string;
}

function contextOf(type: string, json: Json): ItemContext {
  if (type !== 'transaction') return {};
  const sdk = obj(json.sdk);
  const entries = {
    environment: text(json.environment),
    release: text(json.release),
    platform: text(json.platform),
    'sdk.name': text(sdk?.name),
    'sdk.version': text(sdk?.version),
  };
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== null));
}

export interface SpanWalk {
  /** Older items were left unread. */
  partial: boolean;
}

function readItem(db: SqliteDb, id: number): ItemSpans | null {
  const row = itemRow(db, id);
  const json = row && body(row);
  if (!row || !json) return null;
  const traceId = itemTraceKey(row.type, json)?.toString('hex');
  if (traceId === undefined) return null;
  const spans: TraceSpans = { roots: [], children: [] };
  spansOfItem(row, json, null, spans);
  return {
    traceId,
    spans,
    context: contextOf(row.type, json),
    event: row.type === 'transaction' ? json : null,
  };
}

/**
 * Hands each of the project's newest items to `visit`, newest first; with `since` (epoch ms), only
 * items received since then (a span is received after it started, so older items hold older spans).
 */
export function walkProjectSpans(
  db: SqliteDb,
  projectId: number,
  since: number | null,
  visit: (item: ItemSpans) => void,
): SpanWalk {
  let from: Position = parseCursor(undefined);
  let read = 0;
  // `itemKeys` reads a page of the Traces walk (one more key than it may read, to say where the next
  // starts): pages are read until the bound, each from where the last one stopped.
  for (;;) {
    const keys = itemKeys(db, projectId, from, null);
    const room = Math.min(MAX_TRACE_ITEMS_SCANNED, MAX_QUERY_ITEMS_SCANNED - read);
    for (const key of keys.slice(0, room)) {
      if (since !== null && key.received < since) return { partial: false };
      const item = readItem(db, key.id);
      if (item) visit(item);
    }
    read += Math.min(room, keys.length);
    const next = keys[room];
    if (next === undefined) return { partial: false };
    if (since !== null && next.received < since) return { partial: false };
    if (read >= MAX_QUERY_ITEMS_SCANNED) return { partial: true };
    from = { ...next, skip: 0 };
  }
}
