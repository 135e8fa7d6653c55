/** The API handlers of an event's trace: `events.trace` and `events.traceSpans`. */
import { FaultlineError } from '../../../src-shared/errors.ts';
import type { Handlers } from '../api/handlers.ts';
import { eventTrace } from './event-trace.ts';
import { transactionChildSpans } from './transactions.ts';

export const traceHandlers: Pick<Handlers, 'events.trace' | 'events.traceSpans'> = {
  'events.trace': ({ projectId, eventId }, ctx) => eventTrace(ctx, projectId, eventId),
  'events.traceSpans': ({ traceId, eventId, spanId }, ctx) => {
    const spans = transactionChildSpans(ctx.db, traceId, { eventId, spanId });
    if (!spans)
      throw new FaultlineError('not_found', `trace ${traceId} has no transaction ${eventId ?? spanId}`);
    return { spans };
  },
};
