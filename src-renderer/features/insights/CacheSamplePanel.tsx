/**
 * One transaction of the Caches page (`insights.cacheSamples`), as Sentry's cache sample panel: its
 * average value size, reads a minute, average transaction duration, miss rate and time spent, a status
 * choice (all, hits, misses), and sample reads — half hits, half misses — each with its key, value
 * size, duration and its transaction, linking to its trace.
 */
import { useQuery } from '@tanstack/react-query';
import type { CacheStats } from '../../../src-shared/caches-api.ts';
import type { StatsPeriod } from '../../../src-shared/issues-api.ts';
import { apiQueryOptions } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { formatDuration } from '../traces/TraceTimeline.tsx';
import { formatBytes, formatMaybeDuration } from './cache-queue-format.ts';
import { DetailPanel } from './DetailPanel.tsx';
import { formatPerMinute, formatShare } from './request-format.ts';
import { FigureList, PanelTable, traceHref } from './table-parts.tsx';

type Status = 'all' | 'hit' | 'miss';
const STATUS_LABELS: Record<Status, string> = { all: 'All', hit: 'Hit', miss: 'Miss' };

function Summary({ summary, avgTransactionMs }: { summary: CacheStats; avgTransactionMs: number | null }) {
  const figures: [string, string][] = [
    ['Avg value size', formatBytes(summary.avgItemSize)],
    ['Requests per minute', formatPerMinute(summary.perMinute)],
    ['Avg transaction duration', formatMaybeDuration(avgTransactionMs)],
    ['Miss rate', formatShare(summary.missRate)],
    ['Time spent', formatDuration(summary.totalMs)],
  ];
  return <FigureList label="Transaction cache summary" figures={figures} />;
}

const keyLabel = (key: string | null, description: string | null) => {
  if (key === null) return description ?? '';
  try {
    const keys: unknown = JSON.parse(key);
    return Array.isArray(keys) ? keys.join(', ') : key;
  } catch {
    return key;
  }
};

export function CacheSamplePanel({
  projectId,
  period,
  transaction,
  status,
  onStatus,
}: {
  projectId: number;
  period: StatsPeriod;
  transaction: string;
  status: Status;
  onStatus: (status: Status) => void;
}) {
  const detail = useQuery({
    ...apiQueryOptions(useTransport(), 'insights.cacheSamples', { projectId, period, transaction, status }),
    placeholderData: (previous) => previous,
  });
  const data = detail.data;
  return (
    <DetailPanel
      label={`Cache reads of ${transaction}`}
      title={transaction}
      read={detail}
      loading="loading the transaction…"
      none={`No cache reads in this transaction in the last ${period}.`}
      older="Older reads"
    >
      {data?.summary && <Summary summary={data.summary} avgTransactionMs={data.avgTransactionMs} />}
      <fieldset className="insights-choice" aria-label="Status">
        {(Object.keys(STATUS_LABELS) as Status[]).map((option) => (
          <button
            key={option}
            type="button"
            aria-pressed={option === status}
            onClick={() => onStatus(option)}
          >
            {STATUS_LABELS[option]}
          </button>
        ))}
      </fieldset>
      {data && data.samples.length > 0 && (
        <PanelTable
          label={`Samples of ${transaction}`}
          columns={[
            'Key',
            'Status',
            { num: 'Value size' },
            { num: 'Duration' },
            { num: 'Transaction duration' },
            'Trace',
          ]}
        >
          {data.samples.map((sample) => {
            const key = keyLabel(sample.key, sample.description);
            return (
              <tr key={`${sample.traceId}:${sample.spanId}`}>
                <td className="query-description" title={sample.peer ? `${key} on ${sample.peer}` : key}>
                  {key}
                </td>
                <td className={sample.hit === false ? 'trace-status' : undefined}>
                  {sample.hit === null ? '—' : sample.hit ? 'HIT' : 'MISS'}
                </td>
                <td className="num">{formatBytes(sample.itemSize)}</td>
                <td className="num trace-list-duration">{formatDuration(sample.durationMs)}</td>
                <td className="num">{formatMaybeDuration(sample.transactionMs)}</td>
                <td>
                  <a href={traceHref(projectId, sample)}>{sample.spanId}</a>
                </td>
              </tr>
            );
          })}
        </PanelTable>
      )}
    </DetailPanel>
  );
}
