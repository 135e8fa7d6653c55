/**
 * Web Vitals, as Sentry's Insights → Web Vitals module: a project's page loads and navigations that
 * measured web vitals (`insights.webVitals`) — its performance score with its rating, each vital's p75
 * rated by its score, the score's breakdown by vital, and its pages with their score, opportunity and
 * p75s, each column sortable (the score, worst first, by default); a page opens onto its own figures and samples (`WebVitalsPagePanel`).
 */
import { useQuery } from '@tanstack/react-query';
import { MAX_QUERY_ITEMS_SCANNED } from '../../../src-shared/insights-api.ts';
import type { StatsPeriod } from '../../../src-shared/issues-api.ts';
import {
  DEFAULT_WEB_VITALS_PERIOD,
  type PageVitals,
  WEB_VITALS_SORTS,
  type WebVitalsSort,
} from '../../../src-shared/web-vitals-api.ts';
import { apiQueryOptions } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { hrefFor, navigate } from '../../app/router.ts';
import './queries.css';
import { type ListChange, useListParams } from './list-params.ts';
import { SortedListPage } from './SortedListPage.tsx';
import { VitalsOverview } from './VitalsOverview.tsx';
import { WebVitalsPagePanel } from './WebVitalsPagePanel.tsx';
import { formatOpportunity, formatScore, formatVital } from './web-vitals-format.ts';

const SORT_LABELS: Record<WebVitalsSort, string> = {
  score: 'Perf score',
  opportunity: 'Opportunity',
  count: 'Pageloads',
  lcp: 'LCP',
  fcp: 'FCP',
  inp: 'INP',
  cls: 'CLS',
  ttfb: 'TTFB',
};

/** A page's cells after its name: its page loads and vitals' p75s, rated, then its score and opportunity. */
function PageCells({ row }: { row: PageVitals }) {
  return (
    <>
      <td className="num">{row.count.toLocaleString('en-US')}</td>
      {(['lcp', 'fcp', 'inp', 'cls', 'ttfb'] as const).map((id) => {
        const figure = row.vitals.find((v) => v.vital === id);
        return (
          <td key={id} className={`num vital-rating ${figure?.rating ?? ''}`}>
            {formatVital(id, figure?.p75)}
          </td>
        );
      })}
      <td className={`num vital-rating ${row.rating ?? ''}`}>{formatScore(row.score)}</td>
      <td className="num">{formatOpportunity(row.opportunity)}</td>
    </>
  );
}

function EmptyVitals({ period }: { period: StatsPeriod }) {
  return (
    <div className="empty" data-testid="web-vitals-empty">
      <p>
        No page loads with web vitals in the last {period}. The browser SDK measures them on each page load
        and navigation once tracing is on:
      </p>
      <pre>{`Sentry.init({ dsn, tracesSampleRate: 1.0, integrations: [Sentry.browserTracingIntegration()] });`}</pre>
    </div>
  );
}

export function WebVitalsPage() {
  const list = useListParams({
    sorts: WEB_VITALS_SORTS,
    sort: 'score',
    order: 'asc',
    period: DEFAULT_WEB_VITALS_PERIOD,
  });
  const { params, projectId, query, period, sort, order } = list;
  const open = params.get('transaction');
  const read = useQuery({
    ...apiQueryOptions(useTransport(), 'insights.webVitals', {
      projectId,
      query,
      sort,
      order,
      period,
      ...(open ? { transaction: open } : {}),
    }),
    placeholderData: (previous) => previous,
  });

  const go = (change: ListChange<WebVitalsSort> & { transaction?: string | null }) => {
    const next = list.next(change);
    const transaction = change.transaction === undefined ? open : change.transaction;
    if (transaction) next.transaction = transaction;
    navigate(hrefFor('web-vitals', [], next), { replace: true });
  };

  return (
    <SortedListPage
      title="Web Vitals"
      list={list}
      onChange={go}
      onProject={(project) => go({ project, transaction: null })}
      search={{ label: 'Search pages', placeholder: 'Search the page: /checkout …' }}
      overview={
        read.data &&
        read.data.project.count > 0 && (
          <VitalsOverview summary={read.data.project} label="Project web vitals" />
        )
      }
      read={read}
      rows={read.data?.pages ?? []}
      empty={<EmptyVitals period={period} />}
      noMatch="No pages match this search."
      label="Pages"
      testId="web-vitals-table"
      columns={['Page']}
      sorts={{
        ids: ['count', 'lcp', 'fcp', 'inp', 'cls', 'ttfb', 'score', 'opportunity'],
        labels: SORT_LABELS,
      }}
      row={{
        id: (row) => row.transaction,
        name: (row) => row.transaction,
        cells: (row) => <PageCells row={row} />,
      }}
      open={open}
      onOpen={(transaction) => go({ transaction })}
      partial={{
        testId: 'web-vitals-partial',
        text: `Older page loads not counted (the page reads the newest ${MAX_QUERY_ITEMS_SCANNED} transactions and span items).`,
      }}
    >
      {open !== null && read.data?.page && (
        <WebVitalsPagePanel projectId={projectId} period={period} page={read.data.page} />
      )}
    </SortedListPage>
  );
}
