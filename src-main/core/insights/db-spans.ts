/**
 * A project's newest database spans, from the transactions and streamed spans `item_store` keeps as
 * received: the items are walked newest first as the Traces page walks them (`traces/list.ts`), at most
 * `MAX_QUERY_ITEMS_SCANNED` of them (it runs on the main thread), each decoded into its spans
 * (`traces/transactions.ts`), of which those Sentry's Queries module counts are kept, normalized.
 */
import { MAX_QUERY_ITEMS_SCANNED } from '../../../src-shared/insights-api.ts';
import { MAX_TRACE_ITEMS_SCANNED } from '../../../src-shared/trace-api.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { itemKeys, itemRow, type Position, parseCursor } from '../traces/list.ts';
import { itemTraceKey } from '../traces/trace-key.ts';
import { body, type SpanRecord, spansOfItem, type TraceSpans } from '../traces/transactions.ts';
import { isQueryOp, normalizeQuery, queryGroup } from './sql-description.ts';

export interface DbSpan {
  span: SpanRecord & { op: string; name: string };
  normalized: string;
  group: string;
  traceId: string;
  /** Its transaction, across items: project, trace and the transaction's (segment's) span id. */
  transactionKey: string;
}

export interface DbSpans {
  spans: DbSpan[];
  /** Older items were left unread. */
  partial: boolean;
}

function dbSpansOfItem(db: SqliteDb, id: number, into: DbSpan[]): void {
  const row = itemRow(db, id);
  const json = row && body(row);
  if (!row || !json) return;
  const traceId = itemTraceKey(row.type, json)?.toString('hex');
  if (traceId === undefined) return;
  const spans: TraceSpans = { roots: [], children: [] };
  spansOfItem(row, json, null, spans);
  for (const span of spans.children) {
    if (!isQueryOp(span.op) || span.name === null) continue;
    const normalized = normalizeQuery(span.op, span.name, span.dbSystem);
    if (normalized === null) continue;
    into.push({
      span: { ...span, op: span.op, name: span.name },
      normalized,
      group: queryGroup(normalized),
      traceId,
      transactionKey: `${span.projectId}:${traceId}:${span.segmentId ?? ''}`,
    });
  }
}

/** The database spans of the project's newest items, in no particular order. */
export function readDbSpans(db: SqliteDb, projectId: number): DbSpans {
  const spans: DbSpan[] = [];
  let from: Position = parseCursor(undefined);
  let read = 0;
  // `itemKeys` reads a page of the Traces walk (one more key than it may read, to say where the next
  // starts): pages are read until the bound, each from where the last one stopped.
  for (;;) {
    const keys = itemKeys(db, projectId, from, null);
    const room = Math.min(MAX_TRACE_ITEMS_SCANNED, MAX_QUERY_ITEMS_SCANNED - read);
    for (const key of keys.slice(0, room)) dbSpansOfItem(db, key.id, spans);
    read += Math.min(room, keys.length);
    const next = keys[room];
    if (next === undefined) return { spans, partial: false };
    if (read >= MAX_QUERY_ITEMS_SCANNED) return { spans, partial: true };
    from = { ...next, skip: 0 };
  }
}
