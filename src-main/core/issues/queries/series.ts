/**
 * Events over time per issue, from SQLite: hourly counts (`group_hourly`, kept by the pipeline)
 * for buckets of an hour or more, the `events` rows for finer ones. Both are indexed by group,
 * so a page of sparklines costs one query.
 */
import type { IssueStats, StatsPeriod, TimeRange } from '../../../../src-shared/issues-api.ts';
import type { SqliteDb } from '../../store/sqlite.ts';
import { type Buckets, bucketsOf, CHART_BUCKET_MS, type Span, spanOf } from './periods.ts';

const HOUR = 3_600_000;

/**
 * SQL: the events (not sample events) of the group `g` in the span (ms), as Sentry's stream counts
 * them for the chosen period or range: the hourly counts of the whole hours, and the events of the
 * hours the span starts and ends in (so a list reads a few rows per group and hour, not every event
 * of the period). Its numbers are ones the caller computes.
 */
export const periodEvents = ({ since, until }: Span) => {
  const from = Math.trunc(since);
  const wholeHours = Math.ceil(from / HOUR) * HOUR;
  const sample = (lo: number, hi: number) =>
    `(SELECT count(*) FROM events e WHERE e.group_id = g.id AND e.timestamp >= ${lo} AND e.timestamp < ${hi} AND e.is_sample = 0)`;
  if (until === null)
    return `(coalesce((SELECT sum(h.events) FROM group_hourly h WHERE h.group_id = g.id AND h.hour >= ${wholeHours}), 0)
    + ${sample(from, wholeHours)})`;
  const to = Math.trunc(until);
  const lastHour = Math.floor(to / HOUR) * HOUR;
  // A range inside one hour (or across one edge) has no whole hour: its events are read.
  if (wholeHours >= lastHour) return sample(from, to);
  return `(coalesce((SELECT sum(h.events) FROM group_hourly h WHERE h.group_id = g.id AND h.hour >= ${wholeHours} AND h.hour < ${lastHour}), 0)
    + ${sample(from, wholeHours)} + ${sample(lastHour, to)})`;
};

interface CountRow {
  group_id: number;
  t: number;
  n: number;
}

function countRows(db: SqliteDb, groupIds: readonly number[], buckets: Buckets): CountRow[] {
  const ids = JSON.stringify(groupIds);
  const end = buckets.start + buckets.count * buckets.bucketMs;
  if (buckets.bucketMs % HOUR === 0) {
    return db
      .prepare<[string, number, number], CountRow>(
        `SELECT group_id, hour AS t, events AS n FROM group_hourly
         WHERE group_id IN (SELECT value FROM json_each(?)) AND hour >= ? AND hour < ?`,
      )
      .all(ids, buckets.start, end);
  }
  return db
    .prepare<[number, number, number, string, number, number], CountRow>(
      `SELECT group_id, ((timestamp - ?) / ?) * ? AS t, count(*) AS n FROM events
       WHERE group_id IN (SELECT value FROM json_each(?)) AND timestamp >= ? AND timestamp < ? AND is_sample = 0
       GROUP BY group_id, t`,
    )
    .all(buckets.start, buckets.bucketMs, buckets.bucketMs, ids, buckets.start, end)
    .map((row) => ({ ...row, t: row.t + buckets.start }));
}

/** Each group's events per bucket: one sparkline per issue of a list page, or an issue's chart. */
export function sparklines(
  db: SqliteDb,
  groupIds: readonly number[],
  buckets: Buckets,
): Map<number, number[]> {
  const out = new Map(groupIds.map((id) => [id, new Array<number>(buckets.count).fill(0)]));
  if (groupIds.length === 0) return out;
  for (const row of countRows(db, groupIds, buckets)) {
    const index = Math.floor((row.t - buckets.start) / buckets.bucketMs);
    const counts = out.get(row.group_id);
    if (counts && index >= 0 && index < buckets.count) counts[index] = (counts[index] ?? 0) + row.n;
  }
  return out;
}

/**
 * SQL: the time of the first event (not a sample event) of the group `g` in the span: in the hour
 * `since` falls in, else in the first whole hour after it with events (from the hourly counts), so it
 * reads the events of at most two hours. A range's end bounds both.
 */
export const periodFirstSeen = ({ since, until }: Span) => {
  const from = Math.trunc(since);
  const to = until === null ? '' : ` AND e.timestamp < ${Math.trunc(until)}`;
  const wholeHours = Math.ceil(from / HOUR) * HOUR;
  const firstHour = `(SELECT min(h.hour) FROM group_hourly h WHERE h.group_id = g.id AND h.hour >= ${wholeHours} AND h.events > 0)`;
  return `coalesce(
    (SELECT min(e.timestamp) FROM events e WHERE e.group_id = g.id AND e.timestamp >= ${from} AND e.timestamp < ${wholeHours} AND e.is_sample = 0${to}),
    (SELECT min(e.timestamp) FROM events e WHERE e.group_id = g.id AND e.timestamp >= ${firstHour} AND e.timestamp < ${firstHour} + ${HOUR} AND e.is_sample = 0${to}))`;
};

/**
 * The events chart of one issue, with the period's events as the list counts them (the first
 * bucket, whole as in Sentry, may hold events from before the period).
 */
export function issueStats(
  db: SqliteDb,
  groupId: number,
  input: { period: StatsPeriod } & Partial<TimeRange>,
  now: number,
): IssueStats {
  const buckets = bucketsOf(input, CHART_BUCKET_MS, now);
  const counts = sparklines(db, [groupId], buckets).get(groupId) ?? [];
  const total =
    db
      .prepare<[number], { n: number }>(
        `SELECT ${periodEvents(spanOf(input, now))} AS n FROM groups g WHERE g.id = ?`,
      )
      .get(groupId)?.n ?? 0;
  return {
    bucketMs: buckets.bucketMs,
    total,
    points: counts.map((count, index) => ({ t: buckets.start + index * buckets.bucketMs, count })),
  };
}
