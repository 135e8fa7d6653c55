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
import { ListHeader, ListTable } from '../../app/ListPage.tsx';
import { hrefFor, navigate, useRoute } from '../../app/router.ts';
import { PeriodPicker, periodOf } from '../issues/RangePicker.tsx';
import './queries.css';
import { SortHeaders, type SortOrder } from './SortHeader.tsx';
import { OpenRow } from './table-parts.tsx';
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

const sortOf = (value: string | null): WebVitalsSort =>
  WEB_VITALS_SORTS.find((sort) => sort === value) ?? 'score';
const orderOf = (value: string | null): SortOrder => (value === 'desc' ? 'desc' : 'asc');

function PageRow({ row, selected, onOpen }: { row: PageVitals; selected: boolean; onOpen: () => void }) {
  return (
    <OpenRow text={row.transaction} selected={selected} onOpen={onOpen}>
      {(['count', 'lcp', 'fcp', 'inp', 'cls', 'ttfb'] as const).map((id) => {
        if (id === 'count')
          return (
            <td key={id} className="num">
              {row.count.toLocaleString('en-US')}
            </td>
          );
        const figure = row.vitals.find((v) => v.vital === id);
        return (
          <td key={id} className={`num vital-rating ${figure?.rating ?? ''}`}>
            {formatVital(id, figure?.p75)}
          </td>
        );
      })}
      <td className={`num vital-rating ${row.rating ?? ''}`}>{formatScore(row.score)}</td>
      <td className="num">{formatOpportunity(row.opportunity)}</td>
    </OpenRow>
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
  const { params } = useRoute();
  const projectId = Number(params.get('project') ?? 1) || 1;
  const query = params.get('query') ?? '';
  const period = periodOf(params.get('period'), DEFAULT_WEB_VITALS_PERIOD);
  const sort = sortOf(params.get('sort'));
  const order = orderOf(params.get('order'));
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

  const go = (change: {
    project?: number;
    query?: string;
    sort?: WebVitalsSort;
    order?: SortOrder;
    period?: StatsPeriod;
    transaction?: string | null;
  }) => {
    const next: Record<string, string> = {
      project: String(change.project ?? projectId),
      query: change.query ?? query,
      sort: change.sort ?? sort,
      order: change.order ?? order,
      period: change.period ?? period,
    };
    const transaction = change.transaction === undefined ? open : change.transaction;
    if (transaction) next.transaction = transaction;
    navigate(hrefFor('web-vitals', [], next), { replace: true });
  };
  const rows = read.data?.pages ?? [];

  return (
    <section>
      <ListHeader
        title="Web Vitals"
        projectId={projectId}
        onProject={(project) => go({ project, transaction: null })}
        search={{
          label: 'Search pages',
          placeholder: 'Search the page: /checkout …',
          value: query,
          onSubmit: (next) => go({ query: next }),
        }}
      >
        <PeriodPicker period={period} onPeriod={(option) => go({ period: option })} />
      </ListHeader>
      {read.data && read.data.project.count > 0 && (
        <VitalsOverview summary={read.data.project} label="Project web vitals" />
      )}
      <ListTable
        read={read}
        rows={rows}
        searched={query !== ''}
        empty={<EmptyVitals period={period} />}
        noMatch="No pages match this search."
        className="traces-table queries-table"
        label="Pages"
        testId="web-vitals-table"
        head={
          <>
            <th>Page</th>
            <SortHeaders
              ids={['count', 'lcp', 'fcp', 'inp', 'cls', 'ttfb', 'score', 'opportunity']}
              labels={SORT_LABELS}
              sort={sort}
              order={order}
              onSort={(nextSort, nextOrder) => go({ sort: nextSort, order: nextOrder })}
            />
          </>
        }
        row={(row) => (
          <PageRow
            key={row.transaction}
            row={row}
            selected={row.transaction === open}
            onOpen={() => go({ transaction: row.transaction === open ? null : row.transaction })}
          />
        )}
        partial={{
          testId: 'web-vitals-partial',
          text: `Older page loads not counted (the page reads the newest ${MAX_QUERY_ITEMS_SCANNED} transactions and span items).`,
        }}
      />
      {open !== null && read.data?.page && (
        <WebVitalsPagePanel projectId={projectId} period={period} page={read.data.page} />
      )}
    </section>
  );
}
