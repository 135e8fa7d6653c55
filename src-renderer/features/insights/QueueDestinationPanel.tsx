/**
 * One destination of the Queues page (`insights.queueDestination`), as Sentry's destination summary:
 * its figures, the transactions producing and consuming its messages (one narrows the samples to its
 * own spans, as Sentry's sample panel of a transaction does) and sample messages, each linking to its
 * trace.
 */
import { useQuery } from '@tanstack/react-query';
import type { StatsPeriod } from '../../../src-shared/issues-api.ts';
import type {
  QueueDestination,
  QueueOp,
  QueueSample,
  QueueTransaction,
} from '../../../src-shared/queues-api.ts';
import { apiQueryOptions } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { formatDuration } from '../traces/TraceTimeline.tsx';
import { actorOf, destinationLabel, formatBytes, formatMaybeDuration } from './cache-queue-format.ts';
import { DetailPanel } from './DetailPanel.tsx';
import { formatShare } from './request-format.ts';
import { FigureList, NarrowTable, PanelTable, TraceCell } from './table-parts.tsx';

interface Actor {
  transaction: string;
  op: QueueOp;
}

function Summary({ summary }: { summary: QueueDestination }) {
  const figures: [string, string][] = [
    ['Avg time in queue', formatMaybeDuration(summary.avgTimeInQueueMs)],
    ['Avg processing time', formatMaybeDuration(summary.avgProcessingMs)],
    ['Error rate', formatShare(summary.errorRate)],
    ['Published', summary.published.toLocaleString('en-US')],
    ['Processed', summary.processed.toLocaleString('en-US')],
    ['Time spent', formatDuration(summary.totalMs)],
  ];
  return <FigureList label="Destination summary" figures={figures} />;
}

/** A producing or consuming transaction's cells after its name. */
function ActorCells({ row }: { row: QueueTransaction }) {
  // A producer's row has no wait, processing or processed messages, as in Sentry.
  const producer = row.op === 'queue.publish';
  return (
    <>
      <td>{actorOf(row.op)}</td>
      <td className="num">{producer ? '—' : formatMaybeDuration(row.avgTimeInQueueMs)}</td>
      <td className="num">{producer ? '—' : formatMaybeDuration(row.avgProcessingMs)}</td>
      <td className={row.errorRate > 0 ? 'num trace-status' : 'num'}>{formatShare(row.errorRate)}</td>
      <td className="num">{producer ? row.published : '—'}</td>
      <td className="num">{producer ? '—' : row.processed}</td>
      <td className="num">{formatDuration(row.totalMs)}</td>
    </>
  );
}

const failed = (sample: QueueSample) => sample.status !== null && sample.status !== 'ok';

export function QueueDestinationPanel({
  projectId,
  period,
  destination,
  actor,
  onActor,
}: {
  projectId: number;
  period: StatsPeriod;
  destination: string;
  actor: Actor | null;
  onActor: (actor: Actor | null) => void;
}) {
  const detail = useQuery({
    ...apiQueryOptions(useTransport(), 'insights.queueDestination', {
      projectId,
      period,
      destination,
      ...(actor ? { transaction: actor.transaction, op: actor.op } : {}),
    }),
    placeholderData: (previous) => previous,
  });
  const data = detail.data;
  const label = destinationLabel(destination);
  return (
    <DetailPanel
      label={`Destination ${label}`}
      title={label}
      read={detail}
      loading="loading the destination…"
      none={`No messages to this destination in the last ${period}.`}
      older="Older messages"
    >
      {data?.summary && <Summary summary={data.summary} />}
      {data && data.transactions.length > 0 && (
        <NarrowTable
          label="Transactions"
          columns={[
            'Transaction',
            'Type',
            { num: 'Avg time in queue' },
            { num: 'Avg processing time' },
            { num: 'Error rate' },
            { num: 'Published' },
            { num: 'Processed' },
            { num: 'Time spent' },
          ]}
          rows={data.transactions}
          unnamed="<unnamed transaction>"
          rowKey={(row, name) => `${name}:${row.op}`}
          selected={(row) => actor !== null && actor.transaction === row.transaction && actor.op === row.op}
          onPress={(row, selected) =>
            onActor(
              selected || row.transaction === null ? null : { transaction: row.transaction, op: row.op },
            )
          }
          cells={(row) => <ActorCells row={row} />}
        />
      )}
      {data && data.samples.length > 0 && (
        <>
          <h3>Samples{actor ? ` of ${actor.transaction} (${actorOf(actor.op).toLowerCase()})` : ''}</h3>
          <PanelTable
            label={`Samples of ${label}`}
            columns={[
              'Message ID',
              'Type',
              { num: 'Message size' },
              { num: 'Time in queue' },
              { num: 'Duration' },
              { num: 'Retries' },
              'Status',
              'Transaction',
            ]}
          >
            {data.samples.map((sample) => (
              <tr key={`${sample.traceId}:${sample.spanId}`}>
                <td className="query-description" title={sample.messageId ?? sample.spanId}>
                  {sample.messageId ?? '—'}
                </td>
                <td>{actorOf(sample.op)}</td>
                <td className="num">{formatBytes(sample.bodySize)}</td>
                <td className="num">{formatMaybeDuration(sample.receiveLatencyMs)}</td>
                <td className="num trace-list-duration">{formatDuration(sample.durationMs)}</td>
                <td className="num">{sample.retryCount ?? '—'}</td>
                <td className={failed(sample) ? 'trace-status' : undefined}>{sample.status ?? 'ok'}</td>
                <TraceCell projectId={projectId} sample={sample} />
              </tr>
            ))}
          </PanelTable>
        </>
      )}
    </DetailPanel>
  );
}
