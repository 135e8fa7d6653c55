/**
 * Requests, as Sentry's Insights → Outbound API Requests: a project's outbound HTTP spans (op
 * `http.client`) of a period grouped by domain (`insights.requests`) — requests a minute, the shares of
 * 3xx and 5xx answers, average duration and time spent (the default order), each column sortable; a
 * domain opens onto its transactions, status codes and samples (`RequestDomainPanel`). The table is
 * read again when the pipeline announces new spans (`items.changed`).
 */
import { useQuery } from '@tanstack/react-query';
import { MAX_QUERY_ITEMS_SCANNED } from '../../../src-shared/insights-api.ts';
import type { StatsPeriod } from '../../../src-shared/issues-api.ts';
import {
  DEFAULT_REQUESTS_PERIOD,
  REQUEST_SORTS,
  type RequestDomain,
  type RequestSort,
} from '../../../src-shared/requests-api.ts';
import { apiQueryOptions } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { hrefFor, navigate } from '../../app/router.ts';
import { formatDuration } from '../traces/TraceTimeline.tsx';
import { RequestDomainPanel } from './RequestDomainPanel.tsx';
import { domainLabel, formatPerMinute, formatShare } from './request-format.ts';
import './queries.css';
import { DurationBarCell } from '../traces/TraceListRow.tsx';
import { type ListChange, useListParams } from './list-params.ts';
import { SortedListPage } from './SortedListPage.tsx';

const SORT_LABELS: Record<RequestSort, string> = {
  rpm: 'Requests per minute',
  '3xx': '3XXs',
  '5xx': '5XXs',
  avg: 'Avg duration',
  time: 'Time spent',
};

function EmptyRequests({ period }: { period: StatsPeriod }) {
  return (
    <div className="empty" data-testid="requests-empty">
      <p>
        No outbound requests in the last {period}. They come as spans of transactions with op{' '}
        <code>http.client</code>: turn tracing on, and the SDK traces each request your app makes:
      </p>
      <pre>{`Sentry.init({ dsn, tracesSampleRate: 1.0 });
// @sentry/node traces fetch and node:http; @sentry/browser fetch and XHR`}</pre>
      <p>
        In Python: <code>sentry_sdk.init(dsn=…, traces_sample_rate=1.0)</code> traces <code>requests</code>,{' '}
        <code>httpx</code> and <code>urllib3</code> (older versions, such as 1.9, name the op{' '}
        <code>http</code>, which Sentry's Requests module does not count either).
      </p>
    </div>
  );
}

/** A domain's cells after its name. */
function DomainCells({ row, mostMs }: { row: RequestDomain; mostMs: number }) {
  return (
    <>
      <td className="num">{row.count.toLocaleString('en-US')}</td>
      <td className="num">{formatPerMinute(row.perMinute)}</td>
      <td className="num">{formatShare(row.rate3xx)}</td>
      <td className={row.rate5xx > 0 ? 'num trace-status' : 'num'}>{formatShare(row.rate5xx)}</td>
      <td className="num">{formatDuration(row.avgMs)}</td>
      <DurationBarCell className="num trace-list-duration" ms={row.totalMs} mostMs={mostMs} />
    </>
  );
}

export function RequestsPage() {
  const list = useListParams({ sorts: REQUEST_SORTS, sort: 'time', period: DEFAULT_REQUESTS_PERIOD });
  const { params, projectId, query, period, sort } = list;
  const open = params.get('domain');
  const transaction = params.get('transaction');
  const requests = useQuery({
    ...apiQueryOptions(useTransport(), 'insights.requests', { projectId, query, sort, period }),
    placeholderData: (previous) => previous,
  });

  const go = (change: ListChange<RequestSort> & { domain?: string | null; transaction?: string | null }) => {
    const next = list.next(change);
    const domain = change.domain === undefined ? open : change.domain;
    if (domain !== null) next.domain = domain;
    // Another domain leaves the transaction its samples were narrowed to.
    const narrowed =
      change.transaction === undefined && change.domain === undefined ? transaction : change.transaction;
    if (domain !== null && narrowed) next.transaction = narrowed;
    navigate(hrefFor('requests', [], next), { replace: true });
  };
  const rows = requests.data?.domains ?? [];
  const mostMs = Math.max(0, ...rows.map((row) => row.totalMs));

  return (
    <SortedListPage
      title="Requests"
      list={list}
      onChange={go}
      onProject={(project) => go({ project, domain: null })}
      search={{
        label: 'Search domains',
        placeholder: 'Search the domain: api.example.com, 127.0.0.1:8080 …',
      }}
      read={requests}
      rows={rows}
      empty={<EmptyRequests period={period} />}
      noMatch="No domains match this search."
      label="Domains"
      testId="requests-table"
      columns={['Domain', { num: 'Requests' }]}
      sorts={{ ids: ['rpm', '3xx', '5xx', 'avg', 'time'], labels: SORT_LABELS }}
      row={{
        id: (row) => row.domain,
        name: (row) => domainLabel(row.domain),
        cells: (row) => <DomainCells row={row} mostMs={mostMs} />,
      }}
      open={open}
      onOpen={(domain) => go({ domain })}
      partial={{
        testId: 'requests-partial',
        text: `Older requests not counted (the page reads the newest ${MAX_QUERY_ITEMS_SCANNED} transactions and span items).`,
      }}
    >
      {open !== null && (
        <RequestDomainPanel
          projectId={projectId}
          period={period}
          domain={open}
          transaction={transaction}
          onTransaction={(next) => go({ transaction: next })}
        />
      )}
    </SortedListPage>
  );
}
