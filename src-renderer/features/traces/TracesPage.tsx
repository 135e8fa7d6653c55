/**
 * Traces, as Spotlight's Traces tab and Sentry's Trace Explorer list them: a project's transactions
 * newest first (`traces.list`), searched by name, `op:`, `status:` and `trace:`, each opening onto its
 * trace (`#/traces/<trace id>`). It reads them again when the pipeline announces new ones
 * (`items.changed`, api/live-updates.ts).
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { MAX_TRACE_ITEMS_SCANNED } from '../../../src-shared/trace-api.ts';
import { apiQueryOptions } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { PageSearch } from '../../app/PageSearch.tsx';
import { ProjectPicker } from '../../app/ProjectPicker.tsx';
import { hrefFor, navigate, useRoute } from '../../app/router.ts';
import { TraceListRow } from './TraceListRow.tsx';
import { TraceView } from './TraceView.tsx';
import './traces.css';

const PAGE = 50;

function EmptyTraces() {
  return (
    <div className="empty" data-testid="traces-empty">
      <p>No transactions yet. An SDK sends them once tracing is on:</p>
      <pre>{`Sentry.init({ dsn, tracesSampleRate: 1.0 });
await Sentry.startSpan({ name: 'nightly-report', op: 'task' }, async () => { … });`}</pre>
      <p>
        In Python: <code>sentry_sdk.init(dsn=…, traces_sample_rate=1.0)</code>. Web frameworks' requests are
        traced on their own once it is on.
      </p>
    </div>
  );
}

function TraceList({ projectId, query }: { projectId: number; query: string }) {
  const [limit, setLimit] = useState(PAGE);
  const traces = useQuery({
    ...apiQueryOptions(useTransport(), 'traces.list', { projectId, query, limit }),
    placeholderData: (previous) => previous,
  });

  const go = (change: { project?: number; query?: string }) => {
    setLimit(PAGE);
    navigate(
      hrefFor('traces', [], { project: String(change.project ?? projectId), query: change.query ?? query }),
      { replace: true },
    );
  };
  const rows = traces.data?.transactions ?? [];
  const longestMs = Math.max(0, ...rows.map((row) => row.durationMs));

  return (
    <section>
      <h1>Traces</h1>
      <div className="issues-toolbar">
        <ProjectPicker value={projectId} onChange={(project) => go({ project })} />
        <PageSearch
          className="traces-search"
          label="Search traces"
          placeholder="Search the transaction name, op:http.server, status:internal_error, trace:<id>"
          value={query}
          onSubmit={(next) => go({ query: next })}
        />
      </div>
      {traces.error && <ErrorNote error={traces.error} />}
      {traces.data && rows.length === 0 && query === '' && !traces.data.partial && <EmptyTraces />}
      {traces.data && rows.length === 0 && (query !== '' || traces.data.partial) && (
        <p className="empty">No transactions match this search.</p>
      )}
      {rows.length > 0 && (
        // The rows of the query before stay on screen while this one's load: busy until they come.
        <table
          className="traces-table"
          aria-label="Traces"
          data-testid="traces-table"
          aria-busy={traces.isPlaceholderData}
        >
          <thead>
            <tr>
              <th>Time</th>
              <th>Transaction</th>
              <th>Op</th>
              <th>Duration</th>
              <th>Status</th>
              <th>Errors</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <TraceListRow
                key={`${row.projectId}:${row.spanId}:${row.received}`}
                row={row}
                longestMs={longestMs}
              />
            ))}
          </tbody>
        </table>
      )}
      {traces.data?.partial && (
        <p className="muted" data-testid="traces-partial">
          Older transactions not searched (the search reads the newest {MAX_TRACE_ITEMS_SCANNED} items).
        </p>
      )}
      {traces.data?.nextCursor && !traces.data.partial && limit < 500 && (
        <button type="button" onClick={() => setLimit(limit + PAGE)}>
          Show older transactions
        </button>
      )}
    </section>
  );
}

/** The `timestamp` of a trace link (a log's), when it is a time `traces.get` takes. */
function timestampParam(value: string | null): string | undefined {
  return value !== null && /^\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)$/.test(value) ? value : undefined;
}

export function TracesPage() {
  const { params, segments } = useRoute();
  const projectId = Number(params.get('project') ?? 1) || 1;
  const [traceId] = segments;
  if (traceId)
    return (
      <TraceView
        key={traceId}
        projectId={projectId}
        traceId={traceId}
        openSpanId={params.get('span') ?? undefined}
        timestamp={timestampParam(params.get('timestamp'))}
      />
    );
  return <TraceList projectId={projectId} query={params.get('query') ?? ''} />;
}
