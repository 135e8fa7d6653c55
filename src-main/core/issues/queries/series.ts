/**
 * Events over time per issue, from SQLite: hourly counts (`group_hourly`, kept by the pipeline)
 * for buckets of an hour or more, the `events` rows for finer ones. Both are indexed by group,
 * so a page of sparklines costs one query.
 */
import type { IssueStats, StatsPeriod } from '../../../../src-shared/issues-api.ts';
import type { SqliteDb } from '../../store/sqlite.ts';
import { type Buckets, bucketsFor, CHART_BUCKET_MS, PERIOD_MS, SPARKLINE_BUCKET_MS } from './periods.ts';

const HOUR = 3_600_000;

/**
 * SQL: the events (not sample events) of the group `g` since `since` (ms), as Sentry's stream counts
 * them for the chosen period: the hourly counts of the whole hours, and the events of the hour
 * `since` falls in (so a list reads a few rows per group and hour, not every event of the period).
 * `since` is a number the caller computes.
 */
export const periodEvents = (since: number) => {
  const from = Math.trunc(since);
  const wholeHours = Math.ceil(from / HOUR) * HOUR;
  return `(coalesce((SELECT sum(h.events) FROM group_hourly h WHERE h.group_id = g.id AND h.hour >= ${wholeHours}), 0)
    + (SELECT count(*) FROM events e WHERE e.group_id = g.id AND e.timestamp >= ${from} AND e.timestamp < ${wholeHours} AND e.is_sample = 0))`;
};

interface CountRow {
  group_id: number;
  t: number;
  n: number;
}

function countRows(db: SqliteDb, groupIds: readonly number[], buckets: Buckets): CountRow[] {
  const ids = JSON.stringify(groupIds);
  if (buckets.bucketMs % HOUR === 0) {
    return db
      .prepare<[string, number], CountRow>(
        `SELECT group_id, hour AS t, events AS n FROM group_hourly
         WHERE group_id IN (SELECT value FROM json_each(?)) AND hour >= ?`,
      )
      .all(ids, buckets.start);
  }
  return db
    .prepare<[number, number, number, string, number], CountRow>(
      `SELECT group_id, ((timestamp - ?) / ?) * ? AS t, count(*) AS n FROM events
       WHERE group_id IN (SELECT value FROM json_each(?)) AND timestamp >= ? AND is_sample = 0
       GROUP BY group_id, t`,
    )
    .all(buckets.start, buckets.bucketMs, buckets.bucketMs, ids, buckets.start)
    .map((row) => ({ ...row, t: row.t + buckets.start }));
}

function bucketCounts(db: SqliteDb, groupIds: readonly number[], buckets: Buckets): Map<number, number[]> {
  const out = new Map(groupIds.map((id) => [id, new Array<number>(buckets.count).fill(0)]));
  if (groupIds.length === 0) return out;
  for (const row of countRows(db, groupIds, buckets)) {
    const index = Math.floor((row.t - buckets.start) / buckets.bucketMs);
    const counts = out.get(row.group_id);
    if (counts && index >= 0 && index < buckets.count) counts[index] = (counts[index] ?? 0) + row.n;
  }
  return out;
}

/** One sparkline per issue of a list page. */
export function sparklines(
  db: SqliteDb,
  groupIds: readonly number[],
  period: StatsPeriod,
  now: number,
): Map<number, number[]> {
  return bucketCounts(db, groupIds, bucketsFor(period, SPARKLINE_BUCKET_MS[period], now));
}

/**
 * SQL: the time of the first event (not a sample event) of the group `g` since `since` (ms): in the
 * hour `since` falls in, else in the first whole hour after it with events (from the hourly counts),
 * so it reads the events of at most two hours.
 */
export const periodFirstSeen = (since: number) => {
  const from = Math.trunc(since);
  const wholeHours = Math.ceil(from / HOUR) * HOUR;
  const firstHour = `(SELECT min(h.hour) FROM group_hourly h WHERE h.group_id = g.id AND h.hour >= ${wholeHours} AND h.events > 0)`;
  return `coalesce(
    (SELECT min(e.timestamp) FROM events e WHERE e.group_id = g.id AND e.timestamp >= ${from} AND e.timestamp < ${wholeHours} AND e.is_sample = 0),
    (SELECT min(e.timestamp) FROM events e WHERE e.group_id = g.id AND e.timestamp >= ${firstHour} AND e.timestamp < ${firstHour} + ${HOUR} AND e.is_sample = 0))`;
};

/**
 * The events chart of one issue, with the period's events as the list counts them (the first
 * bucket, whole as in Sentry, may hold events from before the period).
 */
export function issueStats(db: SqliteDb, groupId: number, period: StatsPeriod, now: number): IssueStats {
  const buckets = bucketsFor(period, CHART_BUCKET_MS[period], now);
  const counts = bucketCounts(db, [groupId], buckets).get(groupId) ?? [];
  const total =
    db
      .prepare<[number], { n: number }>(
        `SELECT ${periodEvents(now - PERIOD_MS[period])} AS n FROM groups g WHERE g.id = ?`,
      )
      .get(groupId)?.n ?? 0;
  return {
    bucketMs: buckets.bucketMs,
    total,
    points: counts.map((count, index) => ({ t: buckets.start + index * buckets.bucketMs, count })),
  };
}
