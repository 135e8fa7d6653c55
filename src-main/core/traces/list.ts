/**
 * `traces.list`: a project's transactions newest first, as Spotlight's Traces tab and Sentry's Trace
 * Explorer list them. Transactions are not indexed by name: the stored `transaction` and `span` items
 * are read newest first by when they were received, decoded and filtered here, until the page has
 * `limit` rows or `MAX_TRACE_ITEMS_SCANNED` items were read (then the page says `partial`), as
 * `logs.list` reads logs. The cursor is `received:id:skip`: the item to go on from and how many of its
 * matching transactions (a container of streamed spans may hold several segments) the previous page had.
 */
import type { ApiParsedParams } from '../../../src-shared/api.ts';
import {
  MAX_TRACE_ITEMS_SCANNED,
  TRACE_WINDOW_MS,
  type TraceList,
  type TraceListRow,
} from '../../../src-shared/trace-api.ts';
import type { CoreContext } from '../context.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';
import { matchesTransactionFilter, parseTransactionFilter, type TransactionFilter } from './filter.ts';
import { itemTraceKey, traceKey } from './trace-key.ts';
import { body, type ItemRow, spansOfItem, type TraceSpans, transactionsOf } from './transactions.ts';

const TRACE_TYPES = ['transaction', 'span'] as const;

export interface ItemKey {
  id: number;
  received: number;
}

export interface Position extends ItemKey {
  skip: number;
}

export function parseCursor(cursor: string | undefined): Position {
  if (cursor === undefined)
    return { received: Number.MAX_SAFE_INTEGER, id: Number.MAX_SAFE_INTEGER, skip: 0 };
  const [received = 0, id = 0, skip = 0] = cursor.split(':').map(Number);
  return { received, id, skip };
}

/**
 * The keys of the items to read, newest first: one query per type, so each walks the index
 * (project_id, type, received) in order, merged here. A `trace:` search compares the stored trace id
 * there, before any item is decoded.
 */
export function itemKeys(db: SqliteDb, projectId: number, from: Position, trace: Buffer | null): ItemKey[] {
  const keys: ItemKey[] = [];
  for (const type of TRACE_TYPES) {
    const rows = stmt(
      db,
      `SELECT id, received FROM item_store
       WHERE project_id = ? AND type = ? AND (received, id) <= (?, ?) AND (? IS NULL OR trace_id = ?)
       ORDER BY received DESC, id DESC LIMIT ${MAX_TRACE_ITEMS_SCANNED + 1}`,
    ).all(projectId, type, from.received, from.id, trace, trace) as ItemKey[];
    keys.push(...rows);
  }
  return keys.sort((a, b) => b.received - a.received || b.id - a.id).slice(0, MAX_TRACE_ITEMS_SCANNED + 1);
}

export function itemRow(db: SqliteDb, id: number): ItemRow | undefined {
  return stmt<[number], ItemRow>(
    db,
    `SELECT i.project_id, p.slug, i.type, i.event_id, i.data FROM item_store i
     JOIN projects p ON p.id = i.project_id WHERE i.id = ?`,
  ).get(id);
}

/** The item's transactions (a transaction item's one, a container's segments), newest start first. */
function matchingTransactions(
  db: SqliteDb,
  key: ItemKey,
  filter: TransactionFilter,
): Omit<TraceListRow, 'errorCount'>[] {
  const row = itemRow(db, key.id);
  const json = row && body(row);
  if (!row || !json) return [];
  const traceId = itemTraceKey(row.type, json)?.toString('hex');
  if (traceId === undefined || (filter.traceId !== null && traceId !== filter.traceId)) return [];
  const spans: TraceSpans = { roots: [], children: [] };
  spansOfItem(row, json, null, spans);
  return transactionsOf(spans)
    .reverse()
    .filter((transaction) => matchesTransactionFilter(transaction, filter))
    .map((transaction) => ({ ...transaction, traceId, received: key.received }));
}

/** The page's transactions and where the next page starts, before their errors are counted. */
function readPage(
  db: SqliteDb,
  params: ApiParsedParams<'traces.list'>,
): Omit<TraceList, 'transactions'> & {
  rows: Omit<TraceListRow, 'errorCount'>[];
} {
  const filter = parseTransactionFilter(params.query);
  const from = parseCursor(params.cursor);
  const keys = itemKeys(
    db,
    params.projectId,
    from,
    filter.traceId === null ? null : traceKey(filter.traceId),
  );
  const rows: Omit<TraceListRow, 'errorCount'>[] = [];
  for (const [index, key] of keys.entries()) {
    if (index === MAX_TRACE_ITEMS_SCANNED)
      // Read as many items as one page may: the rest is the next page's.
      return { rows, nextCursor: `${key.received}:${key.id}:0`, partial: true };
    const skip = key.id === from.id && key.received === from.received ? from.skip : 0;
    const found = matchingTransactions(db, key, filter).slice(skip);
    const room = params.limit - rows.length;
    rows.push(...found.slice(0, room));
    if (found.length > room)
      return { rows, nextCursor: `${key.received}:${key.id}:${skip + room}`, partial: false };
    if (rows.length === params.limit) {
      const next = keys[index + 1];
      return { rows, nextCursor: next ? `${next.received}:${next.id}:0` : null, partial: false };
    }
  }
  return { rows, nextCursor: null, partial: false };
}

/**
 * The error events of the page's traces, from the event index in one statement; null counts when the
 * worker cannot answer (it is stopping), as the page is still worth showing.
 */
async function errorCounts(
  ctx: CoreContext,
  rows: readonly Omit<TraceListRow, 'errorCount'>[],
): Promise<Record<string, number> | null> {
  if (rows.length === 0) return {};
  const received = rows.map((row) => row.received);
  try {
    const { counts } = await ctx.pipeline.call<{ counts: Record<string, number> }>('traces.errorCounts', {
      traceIds: [...new Set(rows.map((row) => row.traceId))],
      start: Math.min(...received) - TRACE_WINDOW_MS,
      end: Math.max(...received) + TRACE_WINDOW_MS,
    });
    return counts;
  } catch {
    return null;
  }
}

export async function listTraces(
  ctx: CoreContext,
  params: ApiParsedParams<'traces.list'>,
): Promise<TraceList> {
  const { rows, nextCursor, partial } = readPage(ctx.db, params);
  const counts = await errorCounts(ctx, rows);
  return {
    transactions: rows.map((row) => ({
      ...row,
      errorCount: counts === null ? null : (counts[row.traceId] ?? 0),
    })),
    nextCursor,
    partial,
  };
}
