/**
 * Sentry's `filtered.stats` of the issue stream: under a search with event filters, each row's graph
 * has a second series, the events that match the filters in each of the graph's buckets (drawn over
 * the total one, `stats`). Counted on the event index (`errors`) for the page's issues only, in one
 * query: a group's matches outside the page are never bucketed.
 */
import type { IssueSummary, StatsPeriod, TimeRange } from '../../../../src-shared/issues-api.ts';
import { type EventFilter, indexWhere } from './index-conditions.ts';
import { type Buckets, bucketsOf, SPARKLINE_BUCKET_MS } from './periods.ts';

export interface FilteredSeriesArgs {
  projectId: number;
  groupIds: readonly number[];
  buckets: Buckets;
  filters: readonly EventFilter[];
  /** A search's `date:` bounds inside the buckets (ms, the end exclusive); none counts every bucket whole. */
  window?: { start: number; end: number | null } | undefined;
}

/** One count: the group, the bucket's index, the events of the bucket that match. */
export type FilteredCount = [groupId: number, bucket: number, events: number];

/** The DuckDB query behind `FilteredCount`s. The bounds are the buckets', so DuckDB prunes by time. */
export function filteredSeriesQuery(args: FilteredSeriesArgs): {
  sql: string;
  params: Record<string, string | number>;
} {
  const { buckets } = args;
  const where = indexWhere(args.projectId, buckets.start, args.filters);
  const end = buckets.start + buckets.count * buckets.bucketMs;
  const from = Math.trunc(Math.max(buckets.start, args.window?.start ?? buckets.start));
  const to = Math.trunc(Math.min(end, args.window?.end ?? end));
  const ids = args.groupIds.map((id) => Math.trunc(id)).join(', ');
  // The bounds and the bucket size are integers this module computes: written in, so DuckDB's
  // plan sees them (a parameter hides them from the pruning of the table's time ranges).
  return {
    sql: `SELECT group_id, (epoch_ms("timestamp") - ${Math.trunc(buckets.start)}) // ${Math.trunc(buckets.bucketMs)}, count(*)
          FROM errors WHERE ${where.sql} AND group_id IN (${ids})
            AND "timestamp" >= epoch_ms(${from}::BIGINT) AND "timestamp" < epoch_ms(${to}::BIGINT)
          GROUP BY ALL`,
    params: where.params,
  };
}

/** A pipeline call that answers `filteredSeriesQuery` (the worker owns DuckDB). */
export type FilteredSeriesLookup = (args: FilteredSeriesArgs) => Promise<{ counts: FilteredCount[] }>;

/**
 * The issues with `filtered.stats` set: the matching events per bucket of the row's graph (the
 * buckets of `stats`), for the issues that have `filtered` counts, i.e. under event filters.
 */
export async function addFilteredStats<T extends IssueSummary>(
  issues: T[],
  args: {
    projectId: number;
    period: StatsPeriod;
    now: number;
    filters: readonly EventFilter[];
  } & Partial<TimeRange>,
  lookup: FilteredSeriesLookup,
): Promise<T[]> {
  const groupIds = issues.filter((issue) => issue.filtered).map((issue) => issue.id);
  if (groupIds.length === 0 || args.filters.length === 0) return issues;
  const buckets = bucketsOf(args, SPARKLINE_BUCKET_MS, args.now);
  const series = await matchingSeries(
    groupIds,
    { projectId: args.projectId, buckets, filters: args.filters },
    lookup,
  );
  return issues.map((issue) => {
    const stats = series.get(issue.id);
    return issue.filtered && stats ? { ...issue, filtered: { ...issue.filtered, stats } } : issue;
  });
}

/** Each group's events that match the filters per bucket (zeros where none). */
export async function matchingSeries(
  groupIds: readonly number[],
  args: Omit<FilteredSeriesArgs, 'groupIds'>,
  lookup: FilteredSeriesLookup,
): Promise<Map<number, number[]>> {
  const { buckets } = args;
  const series = new Map(groupIds.map((id) => [id, new Array<number>(buckets.count).fill(0)]));
  if (groupIds.length === 0) return series;
  const { counts } = await lookup({
    projectId: args.projectId,
    groupIds,
    buckets,
    filters: args.filters,
    ...(args.window ? { window: args.window } : {}),
  });
  for (const [groupId, bucket, events] of counts) {
    const values = series.get(groupId);
    if (values && bucket >= 0 && bucket < buckets.count) values[bucket] = events;
  }
  return series;
}
