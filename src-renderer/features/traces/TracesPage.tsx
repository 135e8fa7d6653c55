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
import { ListHeader, ListTable } from '../../app/ListPage.tsx';
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
      <ListHeader
        title="Traces"
        projectId={projectId}
        onProject={(project) => go({ project })}
        search={{
          label: 'Search traces',
          placeholder: 'Search the transaction name, op:http.server, status:internal_error, trace:<id>',
          value: query,
          onSubmit: (next) => go({ query: next }),
        }}
      />
      <ListTable
        read={traces}
        rows={rows}
        // A bounded read that found nothing says so rather than how to send transactions.
        searched={query !== '' || traces.data?.partial === true}
        empty={<EmptyTraces />}
        noMatch="No transactions match this search."
        className="traces-table"
        label="Traces"
        testId="traces-table"
        head={
          <>
            <th>Time</th>
            <th>Transaction</th>
            <th>Op</th>
            <th>Duration</th>
            <th>Status</th>
            <th>Errors</th>
          </>
        }
        row={(row) => (
          <TraceListRow
            key={`${row.projectId}:${row.spanId}:${row.received}`}
            row={row}
            longestMs={longestMs}
          />
        )}
        partial={{
          testId: 'traces-partial',
          text: `Older transactions not searched (the search reads the newest ${MAX_TRACE_ITEMS_SCANNED} items).`,
        }}
      />
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
