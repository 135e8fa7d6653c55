/**
 * The event's trace, as Sentry's event page shows it (its trace timeline and "Trace Connected
 * Errors"): the trace's transactions and errors in time order on one time axis (`TraceTimeline`),
 * this event marked.
 */
import { useApiQuery } from '../../api/hooks.ts';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { TraceTimeline } from '../traces/TraceTimeline.tsx';
import { obj, str } from './data.ts';

/** The event's trace id (`contexts.trace.trace_id`), when its SDK traced it. */
export function traceIdOf(event: Record<string, unknown>): string | undefined {
  return str(obj(obj(event.contexts)?.trace)?.trace_id);
}

/** Rendered only for an event with a trace id. */
export function TraceSection({
  projectId,
  eventId,
  traceId,
}: {
  projectId: number;
  eventId: string;
  traceId: string;
}) {
  const trace = useApiQuery('events.trace', { projectId, eventId });
  return (
    <section className="card" aria-label="Trace">
      <h2>
        Trace <code className="muted">{traceId}</code>
      </h2>
      {trace.error ? (
        <ErrorNote error={trace.error} />
      ) : !trace.data ? (
        <p className="muted">loading trace…</p>
      ) : (
        <TraceTimeline trace={trace.data} traceId={trace.data.traceId ?? traceId} ofEvent />
      )}
    </section>
  );
}
