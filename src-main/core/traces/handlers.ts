/** The API handlers of an event's trace: `events.trace` and `events.traceSpans`. */
import { FaultlineError } from '../../../src-shared/errors.ts';
import { TRACE_WINDOW_MS } from '../../../src-shared/trace-api.ts';
import type { Handlers } from '../api/handlers.ts';
import { eventTrace } from './event-trace.ts';
import { transactionChildSpans } from './transactions.ts';

export const traceHandlers: Pick<Handlers, 'events.trace' | 'events.traceSpans'> = {
  'events.trace': ({ projectId, eventId }, ctx) => eventTrace(ctx, projectId, eventId),
  'events.traceSpans': ({ traceId, timestamp, eventId, spanId }, ctx) => {
    const at = Date.parse(timestamp);
    const window = { start: at - TRACE_WINDOW_MS, end: at + TRACE_WINDOW_MS };
    const spans = transactionChildSpans(ctx.db, traceId, window, { eventId, spanId });
    if (!spans)
      throw new FaultlineError('not_found', `trace ${traceId} has no transaction ${eventId ?? spanId}`);
    return { spans };
  },
};
