/**
 * Queues, as Sentry's Insights → Queues: a project's queue spans (`queue.publish`, `queue.process`) of
 * a period grouped by destination (`insights.queues`) — average time in queue, average processing
 * time, error rate, published, processed and time spent (the default order), each sortable; a
 * destination opens onto its producer and consumer transactions and sample messages
 * (`QueueDestinationPanel`). Read again when the pipeline announces new spans (`items.changed`).
 */
import { useQuery } from '@tanstack/react-query';
import { MAX_QUERY_ITEMS_SCANNED } from '../../../src-shared/insights-api.ts';
import type { StatsPeriod } from '../../../src-shared/issues-api.ts';
import {
  DEFAULT_QUEUES_PERIOD,
  QUEUE_OPS,
  QUEUE_SORTS,
  type QueueDestination,
  type QueueOp,
  type QueueSort,
} from '../../../src-shared/queues-api.ts';
import { apiQueryOptions } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { hrefFor, navigate } from '../../app/router.ts';
import { DurationBarCell } from '../traces/TraceListRow.tsx';
import { destinationLabel, formatMaybeDuration } from './cache-queue-format.ts';
import { QueueDestinationPanel } from './QueueDestinationPanel.tsx';
import { formatShare } from './request-format.ts';
import './queries.css';
import './queues.css';
import { type ListChange, useListParams } from './list-params.ts';
import { SortedListPage } from './SortedListPage.tsx';

const SORT_LABELS: Record<QueueSort, string> = {
  queue: 'Avg time in queue',
  processing: 'Avg processing time',
  errors: 'Error rate',
  published: 'Published',
  processed: 'Processed',
  time: 'Time spent',
};

const opOf = (value: string | null): QueueOp | null => QUEUE_OPS.find((op) => op === value) ?? null;

function EmptyQueues({ period }: { period: StatsPeriod }) {
  return (
    <div className="empty" data-testid="queues-empty">
      <p>
        No queue spans in the last {period}. The producer sends <code>queue.publish</code> spans and the
        consumer <code>queue.process</code> spans, each naming <code>messaging.destination.name</code>; with
        no queue integration, write them as Sentry's docs show:
      </p>
      <pre>{`Sentry.startSpan({ name: 'publish', op: 'queue.publish', attributes: {
  'messaging.destination.name': 'orders', 'messaging.message.id': id,
  'messaging.message.body.size': body.length } }, (span) => {
  queue.push({ body, sentryTrace: Sentry.spanToTraceHeader(span),
    baggage: Sentry.spanToBaggageHeader(span), publishedAt: Date.now() });
});
// the consumer: Sentry.continueTrace({ sentryTrace, baggage }, …) around a
// 'queue.process' span adding 'messaging.message.receive.latency'`}</pre>
    </div>
  );
}

/** A destination's cells after its name. */
function DestinationCells({ row, mostMs }: { row: QueueDestination; mostMs: number }) {
  return (
    <>
      <td className="num">{formatMaybeDuration(row.avgTimeInQueueMs)}</td>
      <td className="num">{formatMaybeDuration(row.avgProcessingMs)}</td>
      <td className={row.errorRate > 0 ? 'num trace-status' : 'num'}>{formatShare(row.errorRate)}</td>
      <td className="num">{row.published.toLocaleString('en-US')}</td>
      <td className="num">{row.processed.toLocaleString('en-US')}</td>
      <DurationBarCell className="num trace-list-duration" ms={row.totalMs} mostMs={mostMs} />
    </>
  );
}

interface Actor {
  transaction: string;
  op: QueueOp;
}

export function QueuesPage() {
  const list = useListParams({ sorts: QUEUE_SORTS, sort: 'time', period: DEFAULT_QUEUES_PERIOD });
  const { params, projectId, query, period, sort } = list;
  const open = params.get('destination');
  const transaction = params.get('transaction');
  const op = opOf(params.get('op'));
  const current: Actor | null = transaction !== null && op !== null ? { transaction, op } : null;
  const queues = useQuery({
    ...apiQueryOptions(useTransport(), 'insights.queues', { projectId, query, sort, period }),
    placeholderData: (previous) => previous,
  });

  const go = (change: ListChange<QueueSort> & { destination?: string | null; actor?: Actor | null }) => {
    const next = list.next(change);
    const destination = change.destination === undefined ? open : change.destination;
    if (destination !== null) next.destination = destination;
    // Another destination leaves the transaction its samples were narrowed to.
    const actor = change.actor === undefined && change.destination === undefined ? current : change.actor;
    if (destination !== null && actor) {
      next.transaction = actor.transaction;
      next.op = actor.op;
    }
    navigate(hrefFor('queues', [], next), { replace: true });
  };
  const rows = queues.data?.destinations ?? [];
  const mostMs = Math.max(0, ...rows.map((row) => row.totalMs));

  return (
    <SortedListPage
      title="Queues"
      list={list}
      onChange={go}
      onProject={(project) => go({ project, destination: null })}
      search={{ label: 'Search destinations', placeholder: 'Search the destination: orders, emails …' }}
      read={queues}
      rows={rows}
      empty={<EmptyQueues period={period} />}
      noMatch="No destinations match this search."
      label="Destinations"
      testId="queues-table"
      columns={['Destination']}
      sorts={{
        ids: ['queue', 'processing', 'errors', 'published', 'processed', 'time'],
        labels: SORT_LABELS,
      }}
      row={{
        id: (row) => row.destination,
        name: (row) => destinationLabel(row.destination),
        cells: (row) => <DestinationCells row={row} mostMs={mostMs} />,
      }}
      open={open}
      onOpen={(destination) => go({ destination })}
      partial={{
        testId: 'queues-partial',
        text: `Older messages not counted (the page reads the newest ${MAX_QUERY_ITEMS_SCANNED} transactions and span items).`,
      }}
    >
      {open !== null && (
        <QueueDestinationPanel
          projectId={projectId}
          period={period}
          destination={open}
          actor={current}
          onActor={(actor) => go({ actor })}
        />
      )}
    </SortedListPage>
  );
}
