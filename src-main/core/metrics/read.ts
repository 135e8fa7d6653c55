/**
 * Reading a project's data points of a time: trace metrics are not indexed, so the stored
 * `trace_metric` items are read newest first (the index `(project_id, type, received)`), from the
 * time's end back to its start, decoded (`records.ts`) and kept when stamped in the time. At most
 * `MAX_METRIC_ITEMS_SCANNED` items are read: past them the answer says `partial`.
 */
import {
  MAX_METRIC_ITEMS_SCANNED,
  type MetricRecord,
  type MetricSkip,
} from '../../../src-shared/metrics-api.ts';
import { decodeNode } from '../store/nodestore.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';
import { metricRecordsOf } from './records.ts';

/** `[since, until)` in milliseconds; `until` null is up to now. */
export interface MetricTime {
  since: number;
  until: number | null;
}

export interface ReadMetrics {
  /** Newest first. */
  records: MetricRecord[];
  skipped: MetricSkip[];
  partial: boolean;
}

/** A data point reaches Faultline after it is made: items received this long after the time's end may still hold some of it. */
const LATE_MS = 60_000;

function countReasons(reasons: string[]): MetricSkip[] {
  const counts = new Map<string, number>();
  for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return [...counts].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count);
}

function decodeItem(projectId: number, data: Buffer) {
  try {
    return metricRecordsOf(projectId, decodeNode(data));
  } catch (error) {
    return { records: [], skipped: [`the item could not be read: ${(error as Error).message}`] };
  }
}

export function readMetrics(db: SqliteDb, projectId: number, time: MetricTime): ReadMetrics {
  const rows = stmt<[number, number, number], { data: Buffer }>(
    db,
    `SELECT data FROM item_store
     WHERE project_id = ? AND type = 'trace_metric' AND received >= ? AND received < ?
     ORDER BY received DESC, id DESC LIMIT ${MAX_METRIC_ITEMS_SCANNED + 1}`,
  ).all(projectId, time.since, time.until === null ? Number.MAX_SAFE_INTEGER : time.until + LATE_MS);
  const partial = rows.length > MAX_METRIC_ITEMS_SCANNED;
  const records: MetricRecord[] = [];
  const reasons: string[] = [];
  for (const row of rows.slice(0, MAX_METRIC_ITEMS_SCANNED)) {
    const decoded = decodeItem(projectId, row.data);
    reasons.push(...decoded.skipped);
    for (const record of decoded.records)
      if (record.timestamp >= time.since && (time.until === null || record.timestamp < time.until))
        records.push(record);
  }
  records.sort((a, b) => b.timestamp - a.timestamp);
  return { records, skipped: countReasons(reasons), partial };
}
