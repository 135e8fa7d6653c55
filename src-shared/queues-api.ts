/**
 * The Queues page, as Sentry's Insights → Queues: a project's queue spans (op `queue.publish` from the
 * producer, `queue.process` from the consumer) grouped by destination (`messaging.destination.name`),
 * with how many were published and processed, how long messages waited and took, how many failed and
 * the time spent; a destination opens onto its producing and consuming transactions and sample
 * messages. Params schemas and result types of `insights.queues` and `insights.queueDestination`.
 */
import { z } from 'zod';
import { STATS_PERIODS, type StatsPeriod } from './issues-api.ts';

export const DEFAULT_QUEUES_PERIOD: StatsPeriod = '24h';

/** The ops Sentry's Queues module reads (its `DEFAULT_QUERY_FILTER`): producer, then consumer. */
export const QUEUE_OPS = ['queue.publish', 'queue.process'] as const;
export type QueueOp = (typeof QUEUE_OPS)[number];

/** The orders of Sentry's destinations table, each largest first; `time` (time spent) is its default. */
export const QUEUE_SORTS = ['time', 'queue', 'processing', 'errors', 'published', 'processed'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

/** The figures of a set of queue spans (a destination's, or one transaction's there). */
export interface QueueStats {
  count: number;
  /** `queue.publish` spans (Sentry's `count_op(queue.publish)`). */
  published: number;
  /** `queue.process` spans (Sentry's `count_op(queue.process)`). */
  processed: number;
  /**
   * Average `messaging.message.receive.latency` in ms of the spans carrying one (Sentry's
   * `avg(messaging.message.receive.latency)`, "Avg Time in Queue"); null when none does.
   */
  avgTimeInQueueMs: number | null;
  /** Average duration of the `queue.process` spans (Sentry's `avg_if(span.duration,span.op,queue.process)`). */
  avgProcessingMs: number | null;
  /** Share of spans whose status is not `ok`, 0 to 1 (Sentry's `1 - trace_status_rate(ok)`). */
  errorRate: number;
  /** Sum of the spans' durations (Sentry's `sum(span.duration)`, "Time Spent"). */
  totalMs: number;
}

export interface QueueDestination extends QueueStats {
  /** `messaging.destination.name`; `''` for spans that name none. */
  destination: string;
}

export interface QueueDestinationList {
  destinations: QueueDestination[];
  total: number;
  partial: boolean;
}

/** The spans of one op a transaction (by name) made to the destination: it produced or consumed. */
export interface QueueTransaction extends QueueStats {
  transaction: string | null;
  op: QueueOp;
}

export interface QueueSample {
  spanId: string;
  op: QueueOp;
  description: string | null;
  messageId: string | null;
  /** `messaging.message.body.size` in bytes. */
  bodySize: number | null;
  /** `messaging.message.retry.count`. */
  retryCount: number | null;
  /** `messaging.message.receive.latency` in ms. */
  receiveLatencyMs: number | null;
  /** `messaging.system` (`redis`, `rabbitmq`, `kafka` …). */
  system: string | null;
  /** The span's status as sent (`ok`, `internal_error` …); null when it sent none. */
  status: string | null;
  durationMs: number;
  timestamp: string;
  traceId: string;
  transaction: string | null;
  transactionSpanId: string | null;
}

export interface QueueDestinationDetail {
  /** Null when the destination had no span in the period. */
  summary: QueueDestination | null;
  /** Most time spent first. */
  transactions: QueueTransaction[];
  /** Newest first (of `transaction` and `op` only, when given). */
  samples: QueueSample[];
  partial: boolean;
}

export const queuesParams = {
  destinations: z
    .object({
      projectId: z.number().int().positive(),
      period: z.enum(STATS_PERIODS).default(DEFAULT_QUEUES_PERIOD),
      /** Words each of which the destination must contain (case-insensitive). */
      query: z.string().max(1_000).optional(),
      sort: z.enum(QUEUE_SORTS).default('time'),
      limit: z.number().int().min(1).max(500).default(100),
    })
    .strict(),
  destination: z
    .object({
      projectId: z.number().int().positive(),
      period: z.enum(STATS_PERIODS).default(DEFAULT_QUEUES_PERIOD),
      destination: z.string().max(1_000),
      /** Samples of this transaction's spans only. */
      transaction: z.string().max(1_000).optional(),
      /** Samples of the producer's or the consumer's spans only. */
      op: z.enum(QUEUE_OPS).optional(),
      limit: z.number().int().min(1).max(100).default(20),
    })
    .strict(),
};
