/**
 * A trace found by its id (`traces.get`, the Traces page opening a transaction, a log opening its
 * trace): placed in time by the time given or else by the newest transaction or span item of it the
 * project received, as an event places its trace, then read as `events.trace` reads one (`traceInWindow`).
 */
import { FaultlineError } from '../../../src-shared/errors.ts';
import { type EventTrace, TRACE_WINDOW_MS } from '../../../src-shared/trace-api.ts';
import type { CoreContext } from '../context.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';
import { traceInWindow } from './event-trace.ts';

/**
 * When the project last received an item of the trace. The index `item_store_trace` is walked newest
 * first, trace ids compared there: a recent trace (the one a user just clicked) is found at once.
 */
export function lastReceived(db: SqliteDb, projectId: number, traceId: string): number | undefined {
  const row = stmt<[Buffer, number], { received: number }>(
    db,
    `SELECT received FROM item_store INDEXED BY item_store_trace
     WHERE trace_id = ? AND project_id = ? AND type IN ('transaction', 'span')
     ORDER BY received DESC LIMIT 1`,
  ).get(Buffer.from(traceId, 'hex'), projectId);
  return row?.received;
}

/**
 * The trace around `timestamp` when one is given (a log links its trace so: it may have no transaction),
 * else around the newest transaction of it the project received.
 */
export async function traceById(
  ctx: CoreContext,
  projectId: number,
  traceId: string,
  timestamp?: string,
): Promise<EventTrace> {
  const at = timestamp === undefined ? lastReceived(ctx.db, projectId, traceId) : Date.parse(timestamp);
  if (at === undefined)
    throw new FaultlineError('not_found', `project ${projectId} has no transaction in trace ${traceId}`);
  return traceInWindow(ctx, traceId, { start: at - TRACE_WINDOW_MS, end: at + TRACE_WINDOW_MS });
}
