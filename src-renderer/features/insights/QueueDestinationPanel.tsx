/**
 * One destination of the Queues page (`insights.queueDestination`), as Sentry's destination summary:
 * its figures, the transactions producing and consuming its messages (one narrows the samples to its
 * own spans, as Sentry's sample panel of a transaction does) and sample messages, each linking to its
 * trace.
 */
import { useQuery } from '@tanstack/react-query';
import type { StatsPeriod } from '../../../src-shared/issues-api.ts';
import type { QueueDestination, QueueOp, QueueSample } from '../../../src-shared/queues-api.ts';
import { apiQueryOptions } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { hrefFor } from '../../app/router.ts';
import { formatDuration } from '../traces/TraceTimeline.tsx';
import { actorOf, destinationLabel, formatBytes, formatMaybeDuration } from './cache-queue-format.ts';
import { formatShare } from './request-format.ts';
import { FigureList } from './table-parts.tsx';

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
    <section className="card query-samples" aria-label={`Destination ${label}`}>
      <h2>{label}</h2>
      {detail.error && <ErrorNote error={detail.error} />}
      {!data && !detail.error && <p className="muted">loading the destination…</p>}
      {data && data.summary === null && (
        <p className="empty">No messages to this destination in the last {period}.</p>
      )}
      {data?.summary && <Summary summary={data.summary} />}
      {data && data.transactions.length > 0 && (
        <table className="traces-table queries-table" aria-label="Transactions">
          <thead>
            <tr>
              <th>Transaction</th>
              <th>Type</th>
              <th className="num">Avg time in queue</th>
              <th className="num">Avg processing time</th>
              <th className="num">Error rate</th>
              <th className="num">Published</th>
              <th className="num">Processed</th>
              <th className="num">Time spent</th>
            </tr>
          </thead>
          <tbody>
            {data.transactions.map((row) => {
              const name = row.transaction ?? '<unnamed transaction>';
              const producer = row.op === 'queue.publish';
              const selected = actor !== null && actor.transaction === row.transaction && actor.op === row.op;
              return (
                <tr key={`${name}:${row.op}`} className="trace-list-row" aria-selected={selected}>
                  <td className="query-description" title={name}>
                    <button
                      type="button"
                      className="query-open"
                      aria-pressed={selected}
                      disabled={row.transaction === null}
                      onClick={() =>
                        onActor(
                          selected || row.transaction === null
                            ? null
                            : { transaction: row.transaction, op: row.op },
                        )
                      }
                    >
                      {name}
                    </button>
                  </td>
                  <td>{actorOf(row.op)}</td>
                  {/* A producer's row has no wait, processing or processed messages, as in Sentry. */}
                  <td className="num">{producer ? '—' : formatMaybeDuration(row.avgTimeInQueueMs)}</td>
                  <td className="num">{producer ? '—' : formatMaybeDuration(row.avgProcessingMs)}</td>
                  <td className={row.errorRate > 0 ? 'num trace-status' : 'num'}>
                    {formatShare(row.errorRate)}
                  </td>
                  <td className="num">{producer ? row.published : '—'}</td>
                  <td className="num">{producer ? '—' : row.processed}</td>
                  <td className="num">{formatDuration(row.totalMs)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {data && data.samples.length > 0 && (
        <>
          <h3>Samples{actor ? ` of ${actor.transaction} (${actorOf(actor.op).toLowerCase()})` : ''}</h3>
          <table className="traces-table" aria-label={`Samples of ${label}`}>
            <thead>
              <tr>
                <th>Message ID</th>
                <th>Type</th>
                <th className="num">Message size</th>
                <th className="num">Time in queue</th>
                <th className="num">Duration</th>
                <th className="num">Retries</th>
                <th>Status</th>
                <th>Transaction</th>
              </tr>
            </thead>
            <tbody>
              {data.samples.map((sample) => {
                const href = hrefFor('traces', [sample.traceId], {
                  project: String(projectId),
                  ...(sample.transactionSpanId ? { span: sample.transactionSpanId } : {}),
                });
                return (
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
          Older messages not counted (the page reads the newest transactions and span items).
        </p>
      )}
    </section>
  );
}
