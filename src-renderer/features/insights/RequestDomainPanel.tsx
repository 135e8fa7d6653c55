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
import { formatDuration } from '../traces/TraceTimeline.tsx';
import { DetailPanel } from './DetailPanel.tsx';
import { domainLabel, formatPerMinute, formatShare } from './request-format.ts';
import { FigureList, NarrowTable, narrowByTransaction, PanelTable, TraceCell } from './table-parts.tsx';

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
    <DetailPanel
      label={`Requests to ${domainLabel(domain)}`}
      title={domainLabel(domain)}
      read={detail}
      loading="loading the domain…"
      none={`No requests to this domain in the last ${period}.`}
      older="Older requests"
    >
      {data?.summary && <Summary summary={data.summary} />}
      {data && data.statusCodes.length > 0 && (
        <PanelTable
          label="Status codes"
          className="traces-table queries-table"
          columns={['Status code', { num: 'Requests' }]}
        >
          {data.statusCodes.map((row) => (
            <tr key={row.statusCode ?? 'none'}>
              <td className={statusClass(row.statusCode)}>{row.statusCode ?? 'no status'}</td>
              <td className="num">{row.count}</td>
            </tr>
          ))}
        </PanelTable>
      )}
      {data && data.transactions.length > 0 && (
        <NarrowTable
          label="Transactions"
          columns={[
            'Found in',
            { num: 'Requests' },
            { num: 'Requests per minute' },
            { num: '3XXs' },
            { num: '5XXs' },
            { num: 'Avg duration' },
            { num: 'Time spent' },
          ]}
          rows={data.transactions}
          unnamed="<unnamed transaction>"
          rowKey={(_row, name) => name}
          {...narrowByTransaction(transaction, onTransaction)}
          cells={(row) => (
            <>
              <td className="num">{row.count}</td>
              <td className="num">{formatPerMinute(row.perMinute)}</td>
              <td className="num">{formatShare(row.rate3xx)}</td>
              <td className={row.rate5xx > 0 ? 'num trace-status' : 'num'}>{formatShare(row.rate5xx)}</td>
              <td className="num">{formatDuration(row.avgMs)}</td>
              <td className="num">{formatDuration(row.totalMs)}</td>
            </>
          )}
        />
      )}
      {data && data.samples.length > 0 && (
        <>
          <h3>Samples{transaction ? ` of ${transaction}` : ''}</h3>
          <PanelTable
            label={`Samples of ${domainLabel(domain)}`}
            columns={['Time', 'Status', 'Duration', 'Request', 'Transaction']}
          >
            {data.samples.map((sample) => {
              const request = sample.url ?? sample.description ?? '';
              return (
                <tr key={`${sample.traceId}:${sample.spanId}`}>
                  <td className="trace-list-time">{new Date(sample.timestamp).toLocaleString()}</td>
                  <td className={statusClass(sample.statusCode)}>{sample.statusCode ?? '—'}</td>
                  <td className="trace-list-duration">{formatDuration(sample.durationMs)}</td>
                  <td className="query-description" title={sample.description ?? request}>
                    {request}
                  </td>
                  <TraceCell projectId={projectId} sample={sample} />
                </tr>
              );
            })}
          </PanelTable>
        </>
      )}
    </DetailPanel>
  );
}
