/**
 * `metrics.names` and `metrics.chart`, as Sentry's Explore → Metrics answers them: the metric names
 * a project sent in a time (with type, unit and data points), and for one metric its aggregate per
 * bucket (the issue chart's buckets of the period, or the optimal rollup of a range), optionally one
 * series per value of an attribute (the top `METRIC_GROUP_LIMIT` by the aggregate over the whole
 * time), and its newest data points, each saying whether its trace is stored.
 */
import type { ApiParsedParams } from '../../../src-shared/api.ts';
import { FaultlineError } from '../../../src-shared/errors.ts';
import {
  METRIC_AGGREGATES,
  METRIC_GROUP_LIMIT,
  type MetricAggregate,
  type MetricChart,
  type MetricName,
  type MetricNameList,
  type MetricRecord,
  type MetricSeries,
} from '../../../src-shared/metrics-api.ts';
import { TRACE_WINDOW_MS } from '../../../src-shared/trace-api.ts';
import { bucketsOf, CHART_BUCKET_MS, spanOf } from '../issues/queries/periods.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';
import { aggregate } from './aggregate.ts';
import { metricAttribute, parseMetricFilter } from './filter.ts';
import { readMetrics } from './read.ts';

export function metricNames(
  db: SqliteDb,
  params: ApiParsedParams<'metrics.names'>,
  now = Date.now(),
): MetricNameList {
  const { records, skipped, partial } = readMetrics(db, params.projectId, spanOf(params, now));
  const byName = new Map<string, MetricName>();
  for (const record of records) {
    const key = `${record.type}\u0000${record.name}`;
    const seen = byName.get(key);
    if (seen) seen.count += 1;
    // Newest first: the first point of a name says its unit and last seen.
    else
      byName.set(key, {
        name: record.name,
        type: record.type,
        unit: record.unit,
        count: 1,
        lastSeen: record.timestamp,
      });
  }
  const metrics = [...byName.values()].sort(
    (a, b) => a.name.localeCompare(b.name) || a.type.localeCompare(b.type),
  );
  return { metrics, skipped, partial };
}

function aggregateOf(params: ApiParsedParams<'metrics.chart'>): MetricAggregate {
  const offered: readonly MetricAggregate[] = METRIC_AGGREGATES[params.type];
  const chosen = params.aggregate ?? offered[0];
  if (chosen === undefined || !offered.includes(chosen))
    throw new FaultlineError(
      'invalid_params',
      `a ${params.type} is aggregated by ${offered.join(', ')}, not ${params.aggregate}`,
    );
  return chosen;
}

/** Whether the project has a transaction or span of the trace around the time (the trace view's window). */
function traceStored(db: SqliteDb, projectId: number, traceId: string | null, at: number): boolean {
  if (traceId === null) return false;
  const row = stmt<[number, number, Buffer, number], { found: number }>(
    db,
    `SELECT 1 AS found FROM item_store INDEXED BY item_store_trace
     WHERE received BETWEEN ? AND ? AND trace_id = ? AND project_id = ? AND type IN ('transaction', 'span')
     LIMIT 1`,
  ).get(at - TRACE_WINDOW_MS, at + TRACE_WINDOW_MS, Buffer.from(traceId, 'hex'), projectId);
  return row !== undefined;
}

function seriesOf(
  kind: MetricAggregate,
  group: string | null,
  records: readonly MetricRecord[],
  buckets: { start: number; bucketMs: number; count: number },
): MetricSeries {
  const points: MetricRecord[][] = Array.from({ length: buckets.count }, () => []);
  for (const record of records) {
    const index = Math.floor((record.timestamp - buckets.start) / buckets.bucketMs);
    points[index]?.push(record);
  }
  // A sum or count of no data points is 0, as Sentry's series fill them; other aggregates have a gap.
  const empty = kind === 'sum' || kind === 'count' ? 0 : null;
  return {
    group,
    values: points.map((bucket) => (bucket.length === 0 ? empty : aggregate(kind, bucket))),
    total: aggregate(kind, records),
  };
}

/** The attribute's value as a group's name (null: the point does not have it). */
function groupOf(record: MetricRecord, key: string): string | null {
  const value = metricAttribute(record, key);
  return value === undefined || value === null ? null : String(value);
}

export function metricChart(
  db: SqliteDb,
  params: ApiParsedParams<'metrics.chart'>,
  now = Date.now(),
): MetricChart {
  const kind = aggregateOf(params);
  const test = parseMetricFilter(params.query);
  const { records, partial } = readMetrics(db, params.projectId, spanOf(params, now));
  const matching = records.filter(
    (record) => record.name === params.name && record.type === params.type && test(record),
  );
  const buckets = bucketsOf(params, CHART_BUCKET_MS, now);
  let series: MetricSeries[];
  let otherGroups = 0;
  if (params.groupBy === undefined)
    series = matching.length > 0 ? [seriesOf(kind, null, matching, buckets)] : [];
  else {
    const groups = new Map<string | null, MetricRecord[]>();
    for (const record of matching) {
      const group = groupOf(record, params.groupBy);
      groups.set(group, [...(groups.get(group) ?? []), record]);
    }
    const all = [...groups].map(([group, points]) => seriesOf(kind, group, points, buckets));
    all.sort((a, b) => (b.total ?? 0) - (a.total ?? 0) || String(a.group).localeCompare(String(b.group)));
    series = all.slice(0, METRIC_GROUP_LIMIT);
    otherGroups = all.length - series.length;
  }
  const samples = matching.slice(0, params.samples).map((record) => ({
    ...record,
    traceStored: traceStored(db, params.projectId, record.traceId, record.timestamp),
  }));
  return {
    name: params.name,
    type: params.type,
    unit: matching[0]?.unit ?? null,
    aggregate: kind,
    start: buckets.start,
    bucketMs: buckets.bucketMs,
    series,
    otherGroups,
    samples,
    count: matching.length,
    partial,
  };
}
