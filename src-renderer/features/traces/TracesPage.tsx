/**
 * Traces, as Sentry's Explore → Traces shows them: a search over the spans, the Visualize charts
 * (`ExploreChart.tsx`: functions of span attributes by time, as bars, lines or areas) and the toolbar
 * (`ExploreToolbar.tsx`: Visualize and Group By), and three tabs — Span Samples (the spans, each
 * opening its trace at the span), Trace Samples (a project's transactions newest first, `traces.list`,
 * searched by name, `op:`, `status:` and `trace:`, as before) and Aggregates (grouped by the Group By,
 * each row narrowing the samples). The whole query is the URL (`explore-url.ts`), read by the events
 * and events-stats endpoints' own code on the `spans` dataset; saved queries (`ExploreSaved.tsx`) at
 * `#/traces/saved`. A trace opens at `#/traces/<trace id>` (`TraceView.tsx`). The trace list is read
 * again when the pipeline announces new items (`items.changed`, api/live-updates.ts).
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { MAX_TRACE_ITEMS_SCANNED } from '../../../src-shared/trace-api.ts';
import { apiQueryOptions } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { ListHeader, ListTable } from '../../app/ListPage.tsx';
import { navigate, useRoute } from '../../app/router.ts';
import { ExploreBody } from '../explore/ExploreBody.tsx';
import { ExploreSavedBar, ExploreSavedPage } from '../explore/ExploreSaved.tsx';
import { Aggregates } from '../explore/ExploreTable.tsx';
import { groupSearch } from '../explore/explore-query.ts';
import '../explore/explore.css';
import {
  aggregatesQuery,
  chartQuery,
  type ExploreState,
  type ExploreTab,
  exploreHref,
  exploreStateOf,
  isUnchanged,
  PERIODS,
  SPAN_ATTRIBUTES,
  savedBody,
} from './explore-url.ts';
import { SpanSamples } from './SpanSamples.tsx';
import { TraceListRow } from './TraceListRow.tsx';
import { TraceView } from './TraceView.tsx';
import './traces.css';

const PAGE = 50;

const TABS: { tab: ExploreTab; label: string }[] = [
  { tab: 'span', label: 'Span Samples' },
  { tab: 'trace', label: 'Trace Samples' },
  { tab: 'aggregate', label: 'Aggregates' },
];

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

/** The Trace Samples tab: the project's transactions, as the Traces page listed them before Explore. */
function TraceList({ projectId, query }: { projectId: number; query: string }) {
  const [limit, setLimit] = useState(PAGE);
  const traces = useQuery({
    ...apiQueryOptions(useTransport(), 'traces.list', { projectId, query, limit }),
    placeholderData: (previous) => previous,
  });
  const rows = traces.data?.transactions ?? [];
  const longestMs = Math.max(0, ...rows.map((row) => row.durationMs));
  return (
    <section aria-label="Trace Samples">
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

function ExplorePage({ state }: { state: ExploreState }) {
  const go = (change: Partial<ExploreState>, options: { replace?: boolean } = {}) =>
    navigate(exploreHref({ ...state, ...change }), options);
  const traces = state.tab === 'trace';
  return (
    <section className="explore">
      <ListHeader
        title="Traces"
        projectId={state.project}
        onProject={(project) => go({ project }, { replace: true })}
        search={
          traces
            ? {
                label: 'Search traces',
                placeholder: 'Search the transaction name, op:http.server, status:internal_error, trace:<id>',
                value: state.query,
                onSubmit: (query) => go({ query }, { replace: true }),
              }
            : {
                label: 'Search spans',
                placeholder:
                  'Sentry\'s search: span.op:db*, span.duration:>100ms, transaction:"GET /", has:user',
                value: state.query,
                onSubmit: (query) => go({ query }),
              }
        }
      >
        <select
          aria-label="Period"
          value={state.statsPeriod}
          onChange={(event) => go({ statsPeriod: event.currentTarget.value })}
        >
          {(PERIODS as readonly string[]).includes(state.statsPeriod) ? null : (
            <option value={state.statsPeriod}>{state.statsPeriod}</option>
          )}
          {PERIODS.map((period) => (
            <option key={period} value={period}>
              Last {period}
            </option>
          ))}
        </select>
      </ListHeader>
      <ExploreSavedBar
        page={{
          route: 'traces',
          savedId: state.savedId,
          body: (name) => savedBody(name, state),
          hrefWith: (savedId) => exploreHref({ ...state, savedId }),
          isUnchanged: (saved) => isUnchanged(saved, state),
        }}
      />
      {!traces && (
        <ExploreBody
          visualize={state.visualize}
          groupBy={state.groupBy}
          attributes={SPAN_ATTRIBUTES}
          statsFor={(visualize) => chartQuery(state, visualize)}
          go={go}
        />
      )}
      <div role="tablist" aria-label="Explore tabs" className="explore-tabs">
        {TABS.map(({ tab, label }) => (
          <button
            key={tab}
            type="button"
            role="tab"
            aria-selected={state.tab === tab}
            onClick={() => go({ tab })}
          >
            {label}
          </button>
        ))}
      </div>
      {state.tab === 'span' && <SpanSamples state={state} go={go} />}
      {state.tab === 'trace' && <TraceList projectId={state.project} query={state.query} />}
      {state.tab === 'aggregate' && (
        <Aggregates
          query={aggregatesQuery(state)}
          groupBy={state.groupBy}
          samplesTitle="The span samples of this group"
          onSort={(aggregateSort) => go({ aggregateSort })}
          onSamples={(row) => go({ tab: 'span', query: groupSearch(state.query, state.groupBy, row) })}
        />
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
  const [traceId] = segments;
  if (traceId === 'saved') return <ExploreSavedPage route="traces" />;
  if (traceId)
    return (
      <TraceView
        key={traceId}
        projectId={Number(params.get('project') ?? 1) || 1}
        traceId={traceId}
        openSpanId={params.get('span') ?? undefined}
        timestamp={timestampParam(params.get('timestamp'))}
      />
    );
  return <ExplorePage state={exploreStateOf(params)} />;
}
