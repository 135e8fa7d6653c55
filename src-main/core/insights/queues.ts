/**
 * `insights.queues` and `insights.queueDestination`: a project's queue spans of a period grouped by
 * destination as Sentry's Queues module tables them — `count_op(queue.publish)`,
 * `count_op(queue.process)`, `avg(messaging.message.receive.latency)` (time in queue),
 * `avg_if(span.duration,span.op,queue.process)` (processing time), `1 - trace_status_rate(ok)` (error
 * rate) and `sum(span.duration)` (time spent, its default order) — and one destination's producing and
 * consuming transactions and sample messages.
 */
import type { ApiParsedParams } from '../../../src-shared/api.ts';
import {
  QUEUE_OPS,
  type QueueDestination,
  type QueueDestinationDetail,
  type QueueDestinationList,
  type QueueOp,
  type QueueSample,
  type QueueSort,
  type QueueStats,
  type QueueTransaction,
} from '../../../src-shared/queues-api.ts';
import { PERIOD_MS } from '../issues/queries/periods.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import {
  averageOf,
  groupSpans,
  newestFirst,
  numberAttribute,
  type OpSpan,
  readOpSpans,
  textAttribute,
  wordMatcher,
} from './op-spans.ts';

const OPS: ReadonlySet<string> = new Set(QUEUE_OPS);

const opOf = (span: OpSpan): QueueOp =>
  span.span.op === 'queue.publish' ? 'queue.publish' : 'queue.process';

/** Relay tags a `queue.*` span with its `messaging.destination.name`; `''` groups those without one. */
export const destinationOf = (span: OpSpan) =>
  textAttribute(span.span.data, 'messaging.destination.name') ?? '';

const receiveLatency = (span: OpSpan) => numberAttribute(span.span.data, 'messaging.message.receive.latency');

export function queueStats(spans: readonly OpSpan[]): QueueStats {
  const count = spans.length;
  const processing = spans.filter((span) => opOf(span) === 'queue.process');
  // `trace_status_rate(ok)` counts the spans whose status is `ok`. An SDK leaves a span that did not
  // fail without a status (OpenTelemetry's unset), which Relay stores as `ok`: only a status that says
  // otherwise is an error.
  const failed = spans.filter((span) => span.span.status !== null && span.span.status !== 'ok').length;
  return {
    count,
    published: count - processing.length,
    processed: processing.length,
    avgTimeInQueueMs: averageOf(spans, receiveLatency),
    avgProcessingMs: averageOf(processing, (span) => span.durationMs),
    errorRate: count === 0 ? 0 : failed / count,
    totalMs: spans.reduce((sum, span) => sum + span.durationMs, 0),
  };
}

const SORT_KEYS: Record<QueueSort, (row: QueueStats) => number> = {
  time: (row) => row.totalMs,
  queue: (row) => row.avgTimeInQueueMs ?? -1,
  processing: (row) => row.avgProcessingMs ?? -1,
  errors: (row) => row.errorRate,
  published: (row) => row.published,
  processed: (row) => row.processed,
};

export function listQueueDestinations(
  db: SqliteDb,
  params: ApiParsedParams<'insights.queues'>,
  now = Date.now(),
): QueueDestinationList {
  const since = now - PERIOD_MS[params.period];
  const { spans, partial } = readOpSpans(db, params.projectId, since, OPS);
  const matches = wordMatcher(params.query);
  const key = SORT_KEYS[params.sort];
  const destinations: QueueDestination[] = [...groupSpans(spans, destinationOf)]
    .filter(([destination]) => matches(destination))
    .map(([destination, list]) => ({ destination, ...queueStats(list) }))
    .sort((a, b) => key(b) - key(a) || a.destination.localeCompare(b.destination));
  return { destinations: destinations.slice(0, params.limit), total: destinations.length, partial };
}

function sampleOf(span: OpSpan): QueueSample {
  const data = span.span.data;
  return {
    spanId: span.span.spanId,
    op: opOf(span),
    description: span.span.name,
    messageId: textAttribute(data, 'messaging.message.id'),
    bodySize: numberAttribute(data, 'messaging.message.body.size'),
    retryCount: numberAttribute(data, 'messaging.message.retry.count'),
    receiveLatencyMs: receiveLatency(span),
    system: textAttribute(data, 'messaging.system'),
    status: span.span.status,
    durationMs: span.durationMs,
    timestamp: new Date(span.span.start).toISOString(),
    traceId: span.traceId,
    transaction: span.span.segmentName,
    transactionSpanId: span.span.segmentId,
  };
}

export function queueDestinationDetail(
  db: SqliteDb,
  params: ApiParsedParams<'insights.queueDestination'>,
  now = Date.now(),
): QueueDestinationDetail {
  const since = now - PERIOD_MS[params.period];
  const { spans: all, partial } = readOpSpans(db, params.projectId, since, OPS);
  const spans = all.filter((span) => destinationOf(span) === params.destination).sort(newestFirst);
  // Sentry's transactions table groups by transaction and op: a transaction that both publishes to
  // and consumes from the destination is two rows, its producer and its consumer.
  const transactions: QueueTransaction[] = [
    ...groupSpans(spans, (span) => JSON.stringify([span.span.segmentName, opOf(span)])),
  ]
    .map(([, list]) => ({
      transaction: list[0]?.span.segmentName ?? null,
      op: list[0] ? opOf(list[0]) : 'queue.process',
      ...queueStats(list),
    }))
    .sort((a, b) => b.totalMs - a.totalMs || (a.transaction ?? '').localeCompare(b.transaction ?? ''));
  const samples = spans
    .filter((span) => params.transaction === undefined || span.span.segmentName === params.transaction)
    .filter((span) => params.op === undefined || opOf(span) === params.op)
    .slice(0, params.limit)
    .map(sampleOf);
  return {
    summary: spans.length === 0 ? null : { destination: params.destination, ...queueStats(spans) },
    transactions,
    samples,
    partial,
  };
}
