/**
 * Trace metrics (`Sentry.metrics.count/gauge/distribution` of SDK 11), as Sentry's Explore → Metrics
 * shows them: the `trace_metric` items a project received, decoded into data points (core/metrics/).
 * Params schemas and result types of `metrics.names` and `metrics.chart`.
 */
import { z } from 'zod';
import { checkRange, rangeFields, STATS_PERIODS } from './issues-api.ts';

/**
 * Stored items (one SDK flush each, up to 1,000 data points) read for one answer at most, newest
 * first. The read runs on the main thread, which also answers SDKs: past it the answer says `partial`.
 */
export const MAX_METRIC_ITEMS_SCANNED = 300;

/** The metric types Relay accepts (a data point of another type is invalid). */
export const METRIC_TYPES = ['counter', 'gauge', 'distribution'] as const;
export type MetricType = (typeof METRIC_TYPES)[number];

/** The aggregates Sentry's Metrics explorer offers for each type, its default first. */
export const METRIC_AGGREGATES = {
  counter: ['sum'],
  gauge: ['avg', 'min', 'max', 'last'],
  distribution: ['avg', 'p50', 'p75', 'p95', 'p99', 'max', 'count'],
} as const satisfies Record<MetricType, readonly string[]>;
export type MetricAggregate = (typeof METRIC_AGGREGATES)[MetricType][number];
const ALL_AGGREGATES = [
  ...new Set(Object.values(METRIC_AGGREGATES).flat()),
] as unknown as readonly MetricAggregate[];

/** Series of a group-by at most (the groups with the largest aggregate over the time asked). */
export const METRIC_GROUP_LIMIT = 5;

export type MetricAttributeValue = string | number | boolean | null;

/** One data point, as Relay normalizes it (name characters, known units only). */
export interface MetricRecord {
  projectId: number;
  /** Milliseconds since the epoch, as the SDK stamped it. */
  timestamp: number;
  name: string;
  type: MetricType;
  /** A unit Relay knows (`millisecond`, `byte`, `ratio` …), else null. */
  unit: string | null;
  value: number;
  traceId: string | null;
  spanId: string | null;
  /** By key, values unwrapped (`sentry.*` ones included). */
  attributes: Record<string, MetricAttributeValue>;
}

/** Data points not read, by why (a stored item Relay would have refused in part). */
export interface MetricSkip {
  reason: string;
  count: number;
}

export interface MetricName {
  name: string;
  type: MetricType;
  unit: string | null;
  /** Data points in the time asked. */
  count: number;
  lastSeen: number;
}

export interface MetricNameList {
  metrics: MetricName[];
  skipped: MetricSkip[];
  /** More items than `MAX_METRIC_ITEMS_SCANNED` were in the time asked: the oldest were not read. */
  partial: boolean;
}

export interface MetricSeries {
  /** The group-by attribute's value (null: the data points without it); null with no group-by. */
  group: string | null;
  /** One value per bucket; where the bucket has no data point, 0 for a sum or count, else null. */
  values: Array<number | null>;
  /** The aggregate over all the buckets (what the groups are ranked by). */
  total: number | null;
}

export interface MetricSample extends MetricRecord {
  /** The project has a transaction or span of the trace: the trace view can show it. */
  traceStored: boolean;
}

export interface MetricChart {
  name: string;
  type: MetricType;
  unit: string | null;
  aggregate: MetricAggregate;
  /** Start of the first bucket, bucket size and count, as the issue chart cuts the period. */
  start: number;
  bucketMs: number;
  series: MetricSeries[];
  /** Groups beyond `METRIC_GROUP_LIMIT`, not drawn. */
  otherGroups: number;
  /** The newest matching data points. */
  samples: MetricSample[];
  /** Matching data points in the time asked. */
  count: number;
  partial: boolean;
}

const timeFields = {
  projectId: z.number().int().positive(),
  /** The last hour, day … up to now (Sentry's page period). */
  period: z.enum(STATS_PERIODS).default('14d'),
  /** An absolute range `[start, end)`, in place of the period. */
  ...rangeFields,
};

export const metricParams = {
  names: z
    .object({ ...timeFields })
    .strict()
    .superRefine(checkRange),
  chart: z
    .object({
      ...timeFields,
      name: z.string().min(1).max(200),
      type: z.enum(METRIC_TYPES),
      /** One of the type's `METRIC_AGGREGATES`; its first when absent. */
      aggregate: z.enum(ALL_AGGREGATES as [MetricAggregate, ...MetricAggregate[]]).optional(),
      /** An attribute key: one series per value (the top `METRIC_GROUP_LIMIT`). */
      groupBy: z.string().min(1).max(200).optional(),
      /** Attribute filters in Sentry's search syntax (`key:value`, `!key:value`, `key:>10`, `has:key`). */
      query: z.string().max(1_000).optional(),
      samples: z.number().int().min(0).max(500).default(50),
    })
    .strict()
    .superRefine(checkRange),
};
