/**
 * The API handlers of traces: an event's (`events.trace`, `events.traceSpans`) and the Traces page's
 * (`traces.list`, `traces.get`).
 */
import { FaultlineError } from '../../../src-shared/errors.ts';
import { TRACE_WINDOW_MS } from '../../../src-shared/trace-api.ts';
import type { Handlers } from '../api/handlers.ts';
import { eventTrace } from './event-trace.ts';
import { listTraces } from './list.ts';
import { traceById } from './trace-by-id.ts';
import { transactionChildSpans } from './transactions.ts';

export const traceHandlers: Pick<
  Handlers,
  'events.trace' | 'events.traceSpans' | 'traces.list' | 'traces.get'
> = {
  'events.trace': ({ projectId, eventId }, ctx) => eventTrace(ctx, projectId, eventId),
  'events.traceSpans': ({ traceId, timestamp, eventId, spanId }, ctx) => {
    const at = Date.parse(timestamp);
    const window = { start: at - TRACE_WINDOW_MS, end: at + TRACE_WINDOW_MS };
    const spans = transactionChildSpans(ctx.db, traceId, window, { eventId, spanId });
    if (!spans)
      throw new FaultlineError('not_found', `trace ${traceId} has no transaction ${eventId ?? spanId}`);
    return { spans };
  },
  'traces.list': (params, ctx) => listTraces(ctx, params),
  'traces.get': ({ projectId, traceId, timestamp }, ctx) => traceById(ctx, projectId, traceId, timestamp),
};
