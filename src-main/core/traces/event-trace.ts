/**
 * The trace of one event (`events.trace`) or of a trace id (`traces.get`, the Traces page): every
 * error event with its trace id, of any project (a browser app and its backend are often two), and
 * the trace's transactions, within Sentry's window of 12 hours either side of when the event was
 * received, or the trace's newest transaction (errors by their time, transactions by when they were
 * received). The errors come from the event index (`error-index.ts`, in the worker), their issues and
 * exact times from SQLite; the transactions from `item_store`.
 */
import { FaultlineError } from '../../../src-shared/errors.ts';
import {
  type EventTrace,
  MAX_TRACE_ITEMS,
  TRACE_WINDOW_MS,
  type TraceError,
} from '../../../src-shared/trace-api.ts';
import type { CoreContext } from '../context.ts';
import { formatShortId } from '../issues/short-id.ts';
import { linkProfiles } from '../profiles/trace-profiles.ts';
import { type Json, obj, text } from '../store/item-json.ts';
import { Nodestore } from '../store/nodestore.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';
import type { IndexedTraceError } from './error-index.ts';
import { traceKey } from './trace-key.ts';
import { type TraceWindow, traceTransactions } from './transactions.ts';

interface EventRow {
  project_id: number;
  event_id: string;
  group_id: number | null;
  timestamp: number;
  received: number;
  slug: string;
  short_id: number | null;
}

const EVENT_ROW = `SELECT e.project_id, e.event_id, e.group_id, e.timestamp, e.received, p.slug, g.short_id
  FROM events e JOIN projects p ON p.id = e.project_id LEFT JOIN groups g ON g.id = e.group_id
  WHERE e.project_id = ? AND e.event_id = ?`;

function eventRow(db: SqliteDb, projectId: number, eventId: string): EventRow | undefined {
  return stmt<[number, string], EventRow>(db, EVENT_ROW).get(projectId, eventId);
}

function traceError(
  row: EventRow,
  indexed: Omit<IndexedTraceError, 'projectId' | 'eventId'>,
  current: boolean,
): TraceError {
  return {
    projectId: row.project_id,
    projectSlug: row.slug,
    eventId: row.event_id,
    groupId: row.group_id,
    shortId: row.short_id === null ? null : formatShortId(row.slug, row.short_id),
    title: indexed.title,
    level: indexed.level,
    timestamp: new Date(row.timestamp).toISOString(),
    spanId: indexed.spanId,
    transaction: indexed.transaction,
    segmentId: null,
    isCurrent: current,
  };
}

/** The event itself, from its stored payload: the index may not have it yet (it lags ~250 ms). */
function currentError(row: EventRow, event: Json): TraceError {
  const trace = obj(obj(event.contexts)?.trace);
  return traceError(
    row,
    {
      title: text(event.title) ?? '<untitled>',
      level: text(event.level) ?? 'error',
      spanId: text(trace?.span_id),
      transaction: text(event.transaction),
    },
    true,
  );
}

/** The event a trace is asked for: marked in it, and listed even before the index has it. */
interface CurrentEvent {
  row: EventRow;
  event: Json;
}

/** The errors and transactions of a trace within a window (of when they were received). */
export async function traceInWindow(
  ctx: CoreContext,
  traceId: string,
  window: TraceWindow,
  current?: CurrentEvent,
): Promise<EventTrace> {
  const { errors: indexed } = await ctx.pipeline.call<{ errors: IndexedTraceError[] }>('traces.errors', {
    traceId,
    ...window,
    limit: MAX_TRACE_ITEMS + 1,
  });
  const errors: TraceError[] = [];
  for (const found of indexed.slice(0, MAX_TRACE_ITEMS)) {
    if (found.projectId === current?.row.project_id && found.eventId === current.row.event_id) continue;
    // SQLite has the event's issue after a merge and its time in milliseconds; a deleted event is gone.
    const other = eventRow(ctx.db, found.projectId, found.eventId);
    if (other) errors.push(traceError(other, found, false));
  }
  if (current) errors.push(currentError(current.row, current.event));
  errors.sort((a, b) => a.timestamp.localeCompare(b.timestamp) || a.eventId.localeCompare(b.eventId));
  const { transactions, segmentOf } = traceTransactions(ctx.db, traceId, window);
  for (const error of errors) error.segmentId = segmentOf(error.spanId);
  const listed = transactions.slice(0, MAX_TRACE_ITEMS);
  linkProfiles(ctx.db, traceId, window, listed);
  return {
    traceId,
    errors,
    transactions: listed,
    truncated: indexed.length > MAX_TRACE_ITEMS || transactions.length > MAX_TRACE_ITEMS,
  };
}

export async function eventTrace(
  ctx: CoreContext,
  projectId: number,
  rawEventId: string,
): Promise<EventTrace> {
  const eventId = rawEventId.replaceAll('-', '').toLowerCase();
  const row = eventRow(ctx.db, projectId, eventId);
  const event = row ? obj(new Nodestore(ctx.db).get(projectId, eventId)) : undefined;
  if (!row || !event) throw new FaultlineError('not_found', `event ${rawEventId} does not exist`);
  const key = traceKey(obj(obj(event.contexts)?.trace)?.trace_id);
  if (!key) return { traceId: null, errors: [], transactions: [], truncated: false };
  const window = { start: row.received - TRACE_WINDOW_MS, end: row.received + TRACE_WINDOW_MS };
  return traceInWindow(ctx, key.toString('hex'), window, { row, event });
}
