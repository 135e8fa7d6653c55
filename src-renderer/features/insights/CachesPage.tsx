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
import { hrefFor, navigate } from '../../app/router.ts';
import { LineChart } from '../console/LineChart.tsx';
import { DurationBarCell } from '../traces/TraceListRow.tsx';
import { CacheSamplePanel } from './CacheSamplePanel.tsx';
import { formatBytes, formatMaybeDuration } from './cache-queue-format.ts';
import { formatPerMinute, formatShare } from './request-format.ts';
import './queries.css';
import './queues.css';
import { type ListChange, useListParams } from './list-params.ts';
import { SortedListPage } from './SortedListPage.tsx';

const SORT_LABELS: Record<CacheSort, string> = {
  rpm: 'Requests per minute',
  size: 'Avg value size',
  duration: 'Avg transaction duration',
  miss: 'Miss rate',
  time: 'Time spent',
};

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

/** A transaction's cells after its name. */
function TransactionCells({ row, mostMs }: { row: CacheTransaction; mostMs: number }) {
  return (
    <>
      <td className="num">{row.count.toLocaleString('en-US')}</td>
      <td className="num">{formatPerMinute(row.perMinute)}</td>
      <td className="num">{formatBytes(row.avgItemSize)}</td>
      <td className="num">{formatMaybeDuration(row.avgTransactionMs)}</td>
      <td className="num">{formatShare(row.missRate)}</td>
      <DurationBarCell className="num trace-list-duration" ms={row.totalMs} mostMs={mostMs} />
    </>
  );
}

export function CachesPage() {
  const list = useListParams({ sorts: CACHE_SORTS, sort: 'time', period: DEFAULT_CACHES_PERIOD });
  const { params, projectId, query, period, sort } = list;
  const open = params.get('transaction');
  const status = params.get('status');
  const caches = useQuery({
    ...apiQueryOptions(useTransport(), 'insights.caches', { projectId, query, sort, period }),
    placeholderData: (previous) => previous,
  });

  const go = (change: ListChange<CacheSort> & { transaction?: string | null; status?: string | null }) => {
    const next = list.next(change);
    const transaction = change.transaction === undefined ? open : change.transaction;
    if (transaction !== null) next.transaction = transaction;
    const kind = change.status === undefined ? status : change.status;
    if (transaction !== null && kind) next.status = kind;
    navigate(hrefFor('caches', [], next), { replace: true });
  };
  const rows = caches.data?.transactions ?? [];
  const mostMs = Math.max(0, ...rows.map((row) => row.totalMs));

  return (
    <SortedListPage
      title="Caches"
      list={list}
      onChange={go}
      onProject={(project) => go({ project, transaction: null })}
      search={{ label: 'Search transactions', placeholder: 'Search the transaction: GET /users …' }}
      overview={caches.data && caches.data.summary.count > 0 && <CacheCharts points={caches.data.points} />}
      read={caches}
      rows={rows}
      empty={<EmptyCaches period={period} />}
      noMatch="No transactions match this search."
      label="Transactions"
      testId="caches-table"
      columns={['Transaction', { num: 'Reads' }]}
      sorts={{ ids: ['rpm', 'size', 'duration', 'miss', 'time'], labels: SORT_LABELS }}
      row={{
        id: (row) => row.transaction,
        name: (row) => row.transaction ?? '<unnamed transaction>',
        cells: (row) => <TransactionCells row={row} mostMs={mostMs} />,
      }}
      open={open}
      onOpen={(transaction) => go({ transaction, status: null })}
      partial={{
        testId: 'caches-partial',
        text: `Older reads not counted (the page reads the newest ${MAX_QUERY_ITEMS_SCANNED} transactions and span items).`,
      }}
    >
      {open !== null && (
        <CacheSamplePanel
          projectId={projectId}
          period={period}
          transaction={open}
          status={status === 'hit' || status === 'miss' ? status : 'all'}
          onStatus={(next) => go({ status: next === 'all' ? null : next })}
        />
      )}
    </SortedListPage>
  );
}
