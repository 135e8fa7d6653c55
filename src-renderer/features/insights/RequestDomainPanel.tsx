/**
 * One domain of the Requests page (`insights.requestDomain`), as Sentry's domain summary: its numbers,
 * the mix of status codes it answered, the transactions that make its requests (one narrows the
 * samples to its own) and its newest requests as sent, each linking to its trace.
 */
import { useQuery } from '@tanstack/react-query';
import type { StatsPeriod } from '../../../src-shared/issues-api.ts';
import type { RequestDomain } from '../../../src-shared/requests-api.ts';
import { apiQueryOptions } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { hrefFor } from '../../app/router.ts';
import { formatDuration } from '../traces/TraceTimeline.tsx';
import { domainLabel, formatPerMinute, formatShare } from './request-format.ts';
import { FigureList } from './table-parts.tsx';

function Summary({ summary }: { summary: RequestDomain }) {
  const figures: [string, string][] = [
    ['Requests per minute', formatPerMinute(summary.perMinute)],
    ['Avg duration', formatDuration(summary.avgMs)],
    ['3XXs', formatShare(summary.rate3xx)],
    ['4XXs', formatShare(summary.rate4xx)],
    ['5XXs', formatShare(summary.rate5xx)],
    ['Time spent', formatDuration(summary.totalMs)],
  ];
  return <FigureList label="Domain summary" figures={figures} />;
}

const statusClass = (code: number | null) => (code !== null && code >= 500 ? 'trace-status' : undefined);

export function RequestDomainPanel({
  projectId,
  period,
  domain,
  transaction,
  onTransaction,
}: {
  projectId: number;
  period: StatsPeriod;
  domain: string;
  transaction: string | null;
  onTransaction: (transaction: string | null) => void;
}) {
  const detail = useQuery({
    ...apiQueryOptions(useTransport(), 'insights.requestDomain', {
      projectId,
      period,
      domain,
      ...(transaction ? { transaction } : {}),
    }),
    placeholderData: (previous) => previous,
  });
  const data = detail.data;
  return (
    <section className="card query-samples" aria-label={`Requests to ${domainLabel(domain)}`}>
      <h2>{domainLabel(domain)}</h2>
      {detail.error && <ErrorNote error={detail.error} />}
      {!data && !detail.error && <p className="muted">loading the domain…</p>}
      {data && data.summary === null && (
        <p className="empty">No requests to this domain in the last {period}.</p>
      )}
      {data?.summary && <Summary summary={data.summary} />}
      {data && data.statusCodes.length > 0 && (
        <table className="traces-table queries-table" aria-label="Status codes">
          <thead>
            <tr>
              <th>Status code</th>
              <th className="num">Requests</th>
            </tr>
          </thead>
          <tbody>
            {data.statusCodes.map((row) => (
              <tr key={row.statusCode ?? 'none'}>
                <td className={statusClass(row.statusCode)}>{row.statusCode ?? 'no status'}</td>
                <td className="num">{row.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data && data.transactions.length > 0 && (
        <table className="traces-table queries-table" aria-label="Transactions">
          <thead>
            <tr>
              <th>Found in</th>
              <th className="num">Requests</th>
              <th className="num">Requests per minute</th>
              <th className="num">3XXs</th>
              <th className="num">5XXs</th>
              <th className="num">Avg duration</th>
              <th className="num">Time spent</th>
            </tr>
          </thead>
          <tbody>
            {data.transactions.map((row) => {
              const name = row.transaction ?? '<unnamed transaction>';
              const selected = row.transaction !== null && row.transaction === transaction;
              return (
                <tr key={name} className="trace-list-row" aria-selected={selected}>
                  <td className="query-description" title={name}>
                    <button
                      type="button"
                      className="query-open"
                      aria-pressed={selected}
                      disabled={row.transaction === null}
                      onClick={() => onTransaction(selected ? null : row.transaction)}
                    >
                      {name}
                    </button>
                  </td>
                  <td className="num">{row.count}</td>
                  <td className="num">{formatPerMinute(row.perMinute)}</td>
                  <td className="num">{formatShare(row.rate3xx)}</td>
                  <td className={row.rate5xx > 0 ? 'num trace-status' : 'num'}>{formatShare(row.rate5xx)}</td>
                  <td className="num">{formatDuration(row.avgMs)}</td>
                  <td className="num">{formatDuration(row.totalMs)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {data && data.samples.length > 0 && (
        <>
          <h3>Samples{transaction ? ` of ${transaction}` : ''}</h3>
          <table className="traces-table" aria-label={`Samples of ${domainLabel(domain)}`}>
            <thead>
              <tr>
                <th>Time</th>
                <th>Status</th>
                <th>Duration</th>
                <th>Request</th>
                <th>Transaction</th>
              </tr>
            </thead>
            <tbody>
              {data.samples.map((sample) => {
                const href = hrefFor('traces', [sample.traceId], {
                  project: String(projectId),
                  ...(sample.transactionSpanId ? { span: sample.transactionSpanId } : {}),
                });
                const request = sample.url ?? sample.description ?? '';
                return (
                  <tr key={`${sample.traceId}:${sample.spanId}`}>
                    <td className="trace-list-time">{new Date(sample.timestamp).toLocaleString()}</td>
                    <td className={statusClass(sample.statusCode)}>{sample.statusCode ?? '—'}</td>
                    <td className="trace-list-duration">{formatDuration(sample.durationMs)}</td>
                    <td className="query-description" title={sample.description ?? request}>
                      {request}
                    </td>
                    <td>
                      <a href={href}>{sample.transaction ?? sample.traceId}</a>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
      {data?.partial && (
        <p className="muted">
          Older requests not counted (the page reads the newest transactions and span items).
        </p>
      )}
    </section>
  );
}
