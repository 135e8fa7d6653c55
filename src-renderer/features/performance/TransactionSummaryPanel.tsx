/**
 * One transaction's summary (`performance.summary`), as Sentry's transaction summary: on its Overview
 * tab its figures, how its durations spread (a histogram), its slowest or newest events each linking to
 * its trace, the time its spans spent per operation (Relay's `span_ops` breakdown), and the unresolved
 * error issues whose events name it as their `transaction` (`issues.list`, searching `transaction:NAME`);
 * on its Profiles tab the aggregate flame graph of its profiles (`AggregateFlameGraph`).
 */
import { useQuery } from '@tanstack/react-query';
import { valuesFilter } from '../../../src-shared/issue-search/edit.ts';
import type { StatsPeriod } from '../../../src-shared/issues-api.ts';
import {
  APDEX_THRESHOLD_MS,
  type DurationBucket,
  SAMPLE_ORDERS,
  type SampleOrder,
  type TransactionFigures,
} from '../../../src-shared/performance-api.ts';
import { apiQueryOptions } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { hrefFor } from '../../app/router.ts';
import { formatPerMinute, formatShare } from '../insights/request-format.ts';
import { formatDuration } from '../traces/TraceTimeline.tsx';
import { transactionDiscoverHref } from './discover-link.ts';
import { formatApdex } from './performance-format.ts';
import './performance.css';
import { FigureList } from '../insights/table-parts.tsx';
import { AggregateFlameGraph } from '../profiles/AggregateFlameGraph.tsx';

/** The summary's tabs, as Sentry's transaction summary has them. */
export const SUMMARY_TABS = ['overview', 'profiles'] as const;
export type SummaryTab = (typeof SUMMARY_TABS)[number];
const TAB_LABELS: Record<SummaryTab, string> = { overview: 'Overview', profiles: 'Profiles' };

function Figures({ figures }: { figures: TransactionFigures }) {
  const shown: [string, string][] = [
    ['Transactions', figures.count.toLocaleString('en-US')],
    ['TPM', formatPerMinute(figures.tpm)],
    ['p50', formatDuration(figures.p50Ms)],
    ['p75', formatDuration(figures.p75Ms)],
    ['p95', formatDuration(figures.p95Ms)],
    ['Failure rate', formatShare(figures.failureRate)],
    [`Apdex (T = ${APDEX_THRESHOLD_MS} ms)`, formatApdex(figures.apdex)],
    ['Users', figures.users.toLocaleString('en-US')],
  ];
  return <FigureList label="Transaction figures" figures={shown} />;
}

function Histogram({ buckets }: { buckets: DurationBucket[] }) {
  const most = Math.max(1, ...buckets.map((bucket) => bucket.count));
  return (
    <figure className="duration-histogram" aria-label="Duration distribution">
      <ol>
        {buckets.map((bucket) => {
          const label = `${formatDuration(bucket.startMs)} – ${formatDuration(bucket.endMs)}: ${bucket.count}`;
          return (
            <li key={bucket.startMs} title={label} aria-label={label}>
              <span style={{ height: `${(bucket.count / most) * 100}%` }} />
            </li>
          );
        })}
      </ol>
      <figcaption className="muted">
        {formatDuration(buckets[0]?.startMs ?? 0)} to {formatDuration(buckets.at(-1)?.endMs ?? 0)}
      </figcaption>
    </figure>
  );
}

function RelatedIssues({
  projectId,
  period,
  transaction,
}: {
  projectId: number;
  period: StatsPeriod;
  transaction: string;
}) {
  const query = `is:unresolved ${valuesFilter('transaction', [transaction])}`;
  const issues = useQuery(
    apiQueryOptions(useTransport(), 'issues.list', {
      projectId,
      query,
      period,
      limit: 5,
      filteredStats: false,
    }),
  );
  const listHref = hrefFor('issues', [], { project: String(projectId), query, period });
  return (
    <section aria-label="Related issues">
      <h3>
        Related issues <a href={listHref}>open in Issues</a>
      </h3>
      {issues.error && <ErrorNote error={issues.error} />}
      {issues.data && issues.data.issues.length === 0 && <p className="muted">No unresolved issues.</p>}
      {issues.data && issues.data.issues.length > 0 && (
        <ul className="related-issues">
          {issues.data.issues.map((issue) => (
            <li key={issue.id}>
              <a href={hrefFor('issues', [issue.id])}>{issue.title}</a>{' '}
              <span className="muted">
                {issue.shortId} · {issue.count} events
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function TransactionSummaryPanel({
  projectId,
  period,
  transaction,
  samples,
  onSamples,
  tab,
  onTab,
}: {
  projectId: number;
  period: StatsPeriod;
  transaction: string;
  samples: SampleOrder;
  onSamples: (samples: SampleOrder) => void;
  tab: SummaryTab;
  onTab: (tab: SummaryTab) => void;
}) {
  return (
    <section className="card query-samples" aria-label={`Summary of ${transaction}`}>
      <h2>{transaction}</h2>
      <div role="tablist" aria-label="Summary tabs" className="summary-tabs">
        {SUMMARY_TABS.map((id) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} onClick={() => onTab(id)}>
            {TAB_LABELS[id]}
          </button>
        ))}
      </div>
      {tab === 'overview' ? (
        <Overview
          projectId={projectId}
          period={period}
          transaction={transaction}
          samples={samples}
          onSamples={onSamples}
        />
      ) : (
        <div role="tabpanel" aria-label="Profiles">
          <AggregateFlameGraph projectId={projectId} period={period} transaction={transaction} />
        </div>
      )}
    </section>
  );
}

function Overview({
  projectId,
  period,
  transaction,
  samples,
  onSamples,
}: {
  projectId: number;
  period: StatsPeriod;
  transaction: string;
  samples: SampleOrder;
  onSamples: (samples: SampleOrder) => void;
}) {
  const summary = useQuery({
    ...apiQueryOptions(useTransport(), 'performance.summary', { projectId, period, transaction, samples }),
    placeholderData: (previous) => previous,
  });
  const data = summary.data;
  return (
    <div role="tabpanel" aria-label="Overview">
      {summary.error && <ErrorNote error={summary.error} />}
      {!data && !summary.error && <p className="muted">loading the transaction…</p>}
      {data && data.figures === null && (
        <p className="empty">No events of this transaction in the last {period}.</p>
      )}
      {data?.figures && <Figures figures={data.figures} />}
      {data && data.histogram.length > 0 && <Histogram buckets={data.histogram} />}
      {data?.figures && (
        <table className="traces-table queries-table" aria-label="Span operations">
          <thead>
            <tr>
              <th>Span operation</th>
              <th className="num">Avg per event</th>
              <th className="num">Share of duration</th>
            </tr>
          </thead>
          <tbody>
            {data.opsBreakdown.map((row) => (
              <tr key={row.op}>
                <td>{row.op}</td>
                <td className="num">{formatDuration(row.avgMs)}</td>
                <td className="num">{formatShare(row.share)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data && data.samples.length > 0 && (
        <>
          <h3>
            Events{' '}
            <a href={transactionDiscoverHref(projectId, transaction, period, samples)}>Open in Discover</a>
          </h3>
          <fieldset className="periods" aria-label="Events order">
            {SAMPLE_ORDERS.map((order) => (
              <button
                key={order}
                type="button"
                aria-pressed={samples === order}
                onClick={() => onSamples(order)}
              >
                {order}
              </button>
            ))}
          </fieldset>
          <table className="traces-table" aria-label={`Events of ${transaction}`}>
            <thead>
              <tr>
                <th>Event</th>
                <th>Time</th>
                <th>Duration</th>
                <th>Status</th>
                <th>User</th>
                <th>Span operations</th>
              </tr>
            </thead>
            <tbody>
              {data.samples.map((sample) => {
                const href = hrefFor('traces', [sample.traceId], {
                  project: String(projectId),
                  span: sample.spanId,
                });
                const ops = Object.entries(sample.opsBreakdown)
                  .filter(([, ms]) => ms > 0)
                  .map(([op, ms]) => `${op} ${formatDuration(ms)}`)
                  .join(' · ');
                return (
                  <tr key={`${sample.traceId}:${sample.spanId}`}>
                    <td>
                      <a href={href}>{(sample.eventId ?? sample.spanId).slice(0, 8)}</a>
                    </td>
                    <td className="trace-list-time">{new Date(sample.timestamp).toLocaleString()}</td>
                    <td className="trace-list-duration">{formatDuration(sample.durationMs)}</td>
                    <td className={sample.status === 'ok' ? undefined : 'trace-status'}>
                      {sample.status ?? '—'}
                    </td>
                    <td>{sample.user ?? '—'}</td>
                    <td className="muted">{ops || '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
      <RelatedIssues projectId={projectId} period={period} transaction={transaction} />
      {data?.partial && (
        <p className="muted">
          Older events not counted (the page reads the newest transactions and span items).
        </p>
      )}
    </div>
  );
}
