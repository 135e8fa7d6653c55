/**
 * Caches, as Sentry's Insights → Caches: a project's cache reads (`cache.get`, `cache.get_item`) of a
 * period (`insights.caches`) — the miss rate and reads a minute over time, then the transactions making
 * them with reads a minute, miss rate, average value size, average transaction duration and time spent
 * (the default order), each column sortable; a transaction opens onto its sample panel
 * (`CacheSamplePanel`). Read again when the pipeline announces new spans (`items.changed`).
 */
import { useQuery } from '@tanstack/react-query';
import {
  CACHE_SORTS,
  type CachePoint,
  type CacheSort,
  type CacheTransaction,
  DEFAULT_CACHES_PERIOD,
} from '../../../src-shared/caches-api.ts';
import { MAX_QUERY_ITEMS_SCANNED } from '../../../src-shared/insights-api.ts';
import type { StatsPeriod } from '../../../src-shared/issues-api.ts';
import { apiQueryOptions } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { ListHeader, ListTable } from '../../app/ListPage.tsx';
import { hrefFor, navigate, useRoute } from '../../app/router.ts';
import { LineChart } from '../console/LineChart.tsx';
import { PeriodPicker, periodOf } from '../issues/RangePicker.tsx';
import { DurationBarCell } from '../traces/TraceListRow.tsx';
import { CacheSamplePanel } from './CacheSamplePanel.tsx';
import { formatBytes, formatMaybeDuration } from './cache-queue-format.ts';
import { formatPerMinute, formatShare } from './request-format.ts';
import './queries.css';
import './queues.css';
import { SortHeaders } from './SortHeader.tsx';
import { OpenRow } from './table-parts.tsx';

const SORT_LABELS: Record<CacheSort, string> = {
  rpm: 'Requests per minute',
  size: 'Avg value size',
  duration: 'Avg transaction duration',
  miss: 'Miss rate',
  time: 'Time spent',
};

const sortOf = (value: string | null): CacheSort => CACHE_SORTS.find((sort) => sort === value) ?? 'time';

function EmptyCaches({ period }: { period: StatsPeriod }) {
  return (
    <div className="empty" data-testid="caches-empty">
      <p>
        No cache reads in the last {period}. They come as spans with op <code>cache.get</code> saying{' '}
        <code>cache.hit</code>; with no cache integration, write them as Sentry's docs show:
      </p>
      <pre>{`Sentry.startSpan({ name: key, op: 'cache.get',
  attributes: { 'cache.key': [key], 'network.peer.address': 'redis:6379' } }, (span) => {
  const value = cache.get(key);
  span.setAttribute('cache.hit', value !== undefined);
  if (value !== undefined) span.setAttribute('cache.item_size', value.length);
  return value;
});`}</pre>
    </div>
  );
}

/** The landing page's two charts, as Sentry's: miss rate, and reads a minute. */
function CacheCharts({ points }: { points: CachePoint[] }) {
  const rows = points.map((point) => ({
    time: point.time,
    'Miss rate (%)': point.missRate === null ? 0 : Number((point.missRate * 100).toFixed(2)),
    'Requests per minute': point.perMinute,
  }));
  const meta = (name: string) => [
    { name: 'time', type: 'DateTime' },
    { name, type: 'Float64' },
  ];
  return (
    <div className="insights-charts" data-testid="cache-charts">
      <section className="card" aria-label="Miss rate">
        <h2>Miss Rate</h2>
        <LineChart meta={meta('Miss rate (%)')} rows={rows} />
      </section>
      <section className="card" aria-label="Requests per minute">
        <h2>Requests Per Minute</h2>
        <LineChart meta={meta('Requests per minute')} rows={rows} />
      </section>
    </div>
  );
}

function TransactionRow({
  row,
  mostMs,
  selected,
  onOpen,
}: {
  row: CacheTransaction;
  mostMs: number;
  selected: boolean;
  onOpen: () => void;
}) {
  return (
    <OpenRow text={row.transaction ?? '<unnamed transaction>'} selected={selected} onOpen={onOpen}>
      <td className="num">{row.count.toLocaleString('en-US')}</td>
      <td className="num">{formatPerMinute(row.perMinute)}</td>
      <td className="num">{formatBytes(row.avgItemSize)}</td>
      <td className="num">{formatMaybeDuration(row.avgTransactionMs)}</td>
      <td className="num">{formatShare(row.missRate)}</td>
      <DurationBarCell className="num trace-list-duration" ms={row.totalMs} mostMs={mostMs} />
    </OpenRow>
  );
}

export function CachesPage() {
  const { params } = useRoute();
  const projectId = Number(params.get('project') ?? 1) || 1;
  const query = params.get('query') ?? '';
  const period = periodOf(params.get('period'), DEFAULT_CACHES_PERIOD);
  const sort = sortOf(params.get('sort'));
  const open = params.get('transaction');
  const status = params.get('status');
  const caches = useQuery({
    ...apiQueryOptions(useTransport(), 'insights.caches', { projectId, query, sort, period }),
    placeholderData: (previous) => previous,
  });

  const go = (change: {
    project?: number;
    query?: string;
    sort?: CacheSort;
    period?: StatsPeriod;
    transaction?: string | null;
    status?: string | null;
  }) => {
    const next: Record<string, string> = {
      project: String(change.project ?? projectId),
      query: change.query ?? query,
      sort: change.sort ?? sort,
      period: change.period ?? period,
    };
    const transaction = change.transaction === undefined ? open : change.transaction;
    if (transaction !== null) next.transaction = transaction;
    const kind = change.status === undefined ? status : change.status;
    if (transaction !== null && kind) next.status = kind;
    navigate(hrefFor('caches', [], next), { replace: true });
  };
  const rows = caches.data?.transactions ?? [];
  const mostMs = Math.max(0, ...rows.map((row) => row.totalMs));

  return (
    <section>
      <ListHeader
        title="Caches"
        projectId={projectId}
        onProject={(project) => go({ project, transaction: null })}
        search={{
          label: 'Search transactions',
          placeholder: 'Search the transaction: GET /users …',
          value: query,
          onSubmit: (next) => go({ query: next }),
        }}
      >
        <PeriodPicker period={period} onPeriod={(option) => go({ period: option })} />
      </ListHeader>
      {caches.data && caches.data.summary.count > 0 && <CacheCharts points={caches.data.points} />}
      <ListTable
        read={caches}
        rows={rows}
        searched={query !== ''}
        empty={<EmptyCaches period={period} />}
        noMatch="No transactions match this search."
        className="traces-table queries-table"
        label="Transactions"
        testId="caches-table"
        head={
          <>
            <th>Transaction</th>
            <th className="num">Reads</th>
            <SortHeaders
              ids={['rpm', 'size', 'duration', 'miss', 'time']}
              labels={SORT_LABELS}
              sort={sort}
              onSort={(next) => go({ sort: next })}
            />
          </>
        }
        row={(row) => (
          <TransactionRow
            key={row.transaction ?? ''}
            row={row}
            mostMs={mostMs}
            selected={row.transaction === open}
            onOpen={() =>
              go({ transaction: row.transaction === open ? null : row.transaction, status: null })
            }
          />
        )}
        partial={{
          testId: 'caches-partial',
          text: `Older reads not counted (the page reads the newest ${MAX_QUERY_ITEMS_SCANNED} transactions and span items).`,
        }}
      />
      {open !== null && (
        <CacheSamplePanel
          projectId={projectId}
          period={period}
          transaction={open}
          status={status === 'hit' || status === 'miss' ? status : 'all'}
          onStatus={(next) => go({ status: next === 'all' ? null : next })}
        />
      )}
    </section>
  );
}
