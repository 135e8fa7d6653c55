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
import { ListHeader, ListTable } from '../../app/ListPage.tsx';
import { hrefFor, navigate, useRoute } from '../../app/router.ts';
import { formatDuration } from '../traces/TraceTimeline.tsx';
import { RequestDomainPanel } from './RequestDomainPanel.tsx';
import { domainLabel, formatPerMinute, formatShare } from './request-format.ts';
import './queries.css';
import { PeriodPicker, periodOf } from '../issues/RangePicker.tsx';
import { DurationBarCell } from '../traces/TraceListRow.tsx';
import { SortHeaders } from './SortHeader.tsx';
import { OpenRow } from './table-parts.tsx';

const SORT_LABELS: Record<RequestSort, string> = {
  rpm: 'Requests per minute',
  '3xx': '3XXs',
  '5xx': '5XXs',
  avg: 'Avg duration',
  time: 'Time spent',
};

const sortOf = (value: string | null): RequestSort => REQUEST_SORTS.find((sort) => sort === value) ?? 'time';

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

function DomainRow({
  row,
  mostMs,
  selected,
  onOpen,
}: {
  row: RequestDomain;
  mostMs: number;
  selected: boolean;
  onOpen: () => void;
}) {
  return (
    <OpenRow text={domainLabel(row.domain)} selected={selected} onOpen={onOpen}>
      <td className="num">{row.count.toLocaleString('en-US')}</td>
      <td className="num">{formatPerMinute(row.perMinute)}</td>
      <td className="num">{formatShare(row.rate3xx)}</td>
      <td className={row.rate5xx > 0 ? 'num trace-status' : 'num'}>{formatShare(row.rate5xx)}</td>
      <td className="num">{formatDuration(row.avgMs)}</td>
      <DurationBarCell className="num trace-list-duration" ms={row.totalMs} mostMs={mostMs} />
    </OpenRow>
  );
}

export function RequestsPage() {
  const { params } = useRoute();
  const projectId = Number(params.get('project') ?? 1) || 1;
  const query = params.get('query') ?? '';
  const period = periodOf(params.get('period'), DEFAULT_REQUESTS_PERIOD);
  const sort = sortOf(params.get('sort'));
  const open = params.get('domain');
  const transaction = params.get('transaction');
  const requests = useQuery({
    ...apiQueryOptions(useTransport(), 'insights.requests', { projectId, query, sort, period }),
    placeholderData: (previous) => previous,
  });

  const go = (change: {
    project?: number;
    query?: string;
    sort?: RequestSort;
    period?: StatsPeriod;
    domain?: string | null;
    transaction?: string | null;
  }) => {
    const next: Record<string, string> = {
      project: String(change.project ?? projectId),
      query: change.query ?? query,
      sort: change.sort ?? sort,
      period: change.period ?? period,
    };
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
    <section>
      <ListHeader
        title="Requests"
        projectId={projectId}
        onProject={(project) => go({ project, domain: null })}
        search={{
          label: 'Search domains',
          placeholder: 'Search the domain: api.example.com, 127.0.0.1:8080 …',
          value: query,
          onSubmit: (next) => go({ query: next }),
        }}
      >
        <PeriodPicker period={period} onPeriod={(option) => go({ period: option })} />
      </ListHeader>
      <ListTable
        read={requests}
        rows={rows}
        searched={query !== ''}
        empty={<EmptyRequests period={period} />}
        noMatch="No domains match this search."
        className="traces-table queries-table"
        label="Domains"
        testId="requests-table"
        head={
          <>
            <th>Domain</th>
            <th className="num">Requests</th>
            <SortHeaders
              ids={['rpm', '3xx', '5xx', 'avg', 'time']}
              labels={SORT_LABELS}
              sort={sort}
              onSort={(next) => go({ sort: next })}
            />
          </>
        }
        row={(row) => (
          <DomainRow
            key={row.domain}
            row={row}
            mostMs={mostMs}
            selected={row.domain === open}
            onOpen={() => go({ domain: row.domain === open ? null : row.domain })}
          />
        )}
        partial={{
          testId: 'requests-partial',
          text: `Older requests not counted (the page reads the newest ${MAX_QUERY_ITEMS_SCANNED} transactions and span items).`,
        }}
      />
      {open !== null && (
        <RequestDomainPanel
          projectId={projectId}
          period={period}
          domain={open}
          transaction={transaction}
          onTransaction={(next) => go({ transaction: next })}
        />
      )}
    </section>
  );
}
