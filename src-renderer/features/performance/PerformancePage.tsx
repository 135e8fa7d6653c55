/**
 * Performance, as Sentry's Performance landing: a project's transactions of a period grouped by name
 * (`performance.transactions`) — transactions a minute (the default order), p50/p75/p95 duration,
 * failure rate, Apdex and users, each column sortable both ways (`sort` and `order` in the URL); a name
 * opens onto its summary (`TransactionSummaryPanel`, its tab in `tab`). The table is read again when the
 * pipeline announces new spans.
 */
import { useQuery } from '@tanstack/react-query';
import { MAX_QUERY_ITEMS_SCANNED } from '../../../src-shared/insights-api.ts';
import type { StatsPeriod } from '../../../src-shared/issues-api.ts';
import {
  APDEX_THRESHOLD_MS,
  DEFAULT_PERFORMANCE_PERIOD,
  TRANSACTION_SORTS,
  type TransactionFigures,
  type TransactionSort,
} from '../../../src-shared/performance-api.ts';
import { apiQueryOptions } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { hrefFor, navigate } from '../../app/router.ts';
import { formatPerMinute, formatShare } from '../insights/request-format.ts';
import { formatDuration } from '../traces/TraceTimeline.tsx';
import { formatApdex } from './performance-format.ts';
import { SUMMARY_TABS, type SummaryTab, TransactionSummaryPanel } from './TransactionSummaryPanel.tsx';
import '../insights/queries.css';
import { type ListChange, useListParams } from '../insights/list-params.ts';
import { SortedListPage } from '../insights/SortedListPage.tsx';

const SORT_LABELS: Record<TransactionSort, string> = {
  tpm: 'TPM',
  p50: 'p50',
  p75: 'p75',
  p95: 'p95',
  failure: 'Failure rate',
  apdex: 'Apdex',
  users: 'Users',
};

function EmptyPerformance({ period }: { period: StatsPeriod }) {
  return (
    <div className="empty" data-testid="performance-empty">
      <p>
        No transactions in the last {period}. Turn tracing on, and the SDK sends one for each request your app
        serves or each span you start as a transaction:
      </p>
      <pre>{`Sentry.init({ dsn, tracesSampleRate: 1.0 });`}</pre>
      <p>
        In Python: <code>sentry_sdk.init(dsn=…, traces_sample_rate=1.0)</code>.
      </p>
    </div>
  );
}

/** A transaction's cells after its name. */
function TransactionCells({ row }: { row: TransactionFigures }) {
  return (
    <>
      <td>{row.op ?? '—'}</td>
      <td className="num">{formatPerMinute(row.tpm).replace('/min', '')}</td>
      <td className="num">{formatDuration(row.p50Ms)}</td>
      <td className="num">{formatDuration(row.p75Ms)}</td>
      <td className="num">{formatDuration(row.p95Ms)}</td>
      <td className={row.failureRate > 0 ? 'num trace-status' : 'num'}>{formatShare(row.failureRate)}</td>
      <td className="num">{formatApdex(row.apdex)}</td>
      <td className="num">{row.users.toLocaleString('en-US')}</td>
    </>
  );
}

type Samples = 'slowest' | 'newest';

export function PerformancePage() {
  const list = useListParams({
    sorts: TRANSACTION_SORTS,
    sort: 'tpm',
    order: 'desc',
    period: DEFAULT_PERFORMANCE_PERIOD,
  });
  const { params, projectId, query, period, sort, order } = list;
  const open = params.get('transaction');
  const samples: Samples = params.get('samples') === 'newest' ? 'newest' : 'slowest';
  const tab: SummaryTab = SUMMARY_TABS.find((id) => id === params.get('tab')) ?? 'overview';
  const read = useQuery({
    ...apiQueryOptions(useTransport(), 'performance.transactions', { projectId, query, sort, order, period }),
    placeholderData: (previous) => previous,
  });

  const go = (
    change: ListChange<TransactionSort> & {
      transaction?: string | null;
      samples?: Samples;
      tab?: SummaryTab;
    },
  ) => {
    const next: Record<string, string> = {
      ...list.next(change),
      samples: change.samples ?? samples,
      tab: change.tab ?? tab,
    };
    const transaction = change.transaction === undefined ? open : change.transaction;
    if (transaction !== null) next.transaction = transaction;
    navigate(hrefFor('performance', [], next), { replace: true });
  };

  return (
    <SortedListPage
      title="Performance"
      list={list}
      onChange={go}
      onProject={(project) => go({ project, transaction: null })}
      search={{
        label: 'Search transactions',
        placeholder: 'Search transaction names: GET /users, checkout …',
      }}
      read={read}
      rows={read.data?.transactions ?? []}
      empty={<EmptyPerformance period={period} />}
      noMatch="No transactions match this search."
      label="Transactions"
      testId="performance-table"
      columns={['Transaction', 'Operation']}
      sorts={{
        ids: TRANSACTION_SORTS,
        labels: SORT_LABELS,
        titles: { apdex: `Apdex with T = ${APDEX_THRESHOLD_MS} ms` },
      }}
      row={{
        id: (row) => row.transaction,
        name: (row) => row.transaction,
        cells: (row) => <TransactionCells row={row} />,
      }}
      open={open}
      onOpen={(transaction) => go({ transaction })}
    >
      <p className="muted" data-testid="performance-bound">
        {read.data?.partial
          ? `Older transactions not counted: the page reads the newest ${MAX_QUERY_ITEMS_SCANNED} transactions and span items.`
          : `Counts the period's transactions among the newest ${MAX_QUERY_ITEMS_SCANNED} transactions and span items.`}
      </p>
      {open !== null && (
        <TransactionSummaryPanel
          projectId={projectId}
          period={period}
          transaction={open}
          samples={samples}
          onSamples={(next) => go({ samples: next })}
          tab={tab}
          onTab={(next) => go({ tab: next })}
        />
      )}
    </SortedListPage>
  );
}
