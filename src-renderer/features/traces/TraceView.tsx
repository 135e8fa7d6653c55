/**
 * One trace, opened from the Traces page or from a log (`traces.get`): its transactions and errors on
 * one time axis, the transaction clicked open onto its span waterfall, each error a link to its issue's
 * event, and the trace's logs a link away, as Sentry's trace view has them in a tab.
 */
import { useApiQuery } from '../../api/hooks.ts';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { hrefFor } from '../../app/router.ts';
import { TraceTimeline } from './TraceTimeline.tsx';

export function TraceView({
  projectId,
  traceId,
  openSpanId,
  timestamp,
}: {
  projectId: number;
  traceId: string;
  openSpanId: string | undefined;
  /** A time in the trace (a log's): the trace is read around it. */
  timestamp: string | undefined;
}) {
  const trace = useApiQuery('traces.get', { projectId, traceId, ...(timestamp ? { timestamp } : {}) });
  return (
    <section aria-label="Trace">
      <p>
        <a href={hrefFor('traces', [], { project: String(projectId) })}>← Traces</a>
      </p>
      <h1>
        Trace <code className="muted">{traceId}</code>
      </h1>
      <div className="card">
        {trace.error ? (
          <ErrorNote error={trace.error} />
        ) : !trace.data ? (
          <p className="muted">loading trace…</p>
        ) : (
          <TraceTimeline trace={trace.data} traceId={traceId} ofEvent={false} openSpanId={openSpanId} />
        )}
      </div>
      <p>
        <a href={hrefFor('logs', [], { project: String(projectId), query: `trace:${traceId}` })}>
          Logs of this trace
        </a>
      </p>
    </section>
  );
}
