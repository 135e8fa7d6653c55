/**
 * The issue chart under an event search, as Sentry's issue details graph under its search bar:
 * "Matching events" drawn over the total, each bucket's matching events and the period's, counted on
 * the event index with the search's filters joined to the environments and its `date:` window inside
 * the chart's period or range (event-search.ts `searchScope`).
 */
import type { IssueStats } from '../../../../src-shared/issues-api.ts';
import type { SqliteDb } from '../../store/sqlite.ts';
import { searchScope } from './event-search.ts';
import type { EventWindow } from './event-window.ts';
import { type FilteredSeriesLookup, matchingSeries } from './filtered-series.ts';
import type { EventFilter, EventSpan, MatchingGroup } from './index-conditions.ts';
import type { MatchGroupsArgs } from './match-groups.ts';
import type { Buckets, Span } from './periods.ts';

export interface MatchingStatsInput {
  projectId: number;
  group: { id: number; span: EventSpan | null };
  query: string;
  /** The page's environments as an event filter; null for every environment. */
  environment: EventFilter | null;
  /** The chart's period or range and its buckets. */
  span: Span;
  buckets: Buckets;
  now: number;
}

export interface MatchingStatsLookups {
  series: FilteredSeriesLookup;
  groups: (args: MatchGroupsArgs) => Promise<MatchingGroup[]>;
}

export async function matchingStats(
  db: SqliteDb,
  input: MatchingStatsInput,
  lookups: MatchingStatsLookups,
): Promise<NonNullable<IssueStats['matching']>> {
  const { projectId, group, span, buckets } = input;
  const scope = searchScope(
    db,
    projectId,
    input.query,
    { filters: input.environment ? [input.environment] : [], time: span },
    input.now,
  );
  if (!scope) return { total: 0, counts: new Array<number>(buckets.count).fill(0) };
  // The search's `date:` bounds, when it has any: the scope's time is then narrower than the chart's.
  const time = scope.time ?? span;
  const window: EventWindow | null =
    time.since !== span.since || time.until !== span.until ? { start: time.since, end: time.until } : null;
  const series = await matchingSeries(
    [group.id],
    { projectId, buckets, filters: scope.filters, window: window ?? undefined },
    lookups.series,
  );
  const [matched] = await lookups.groups({
    projectId,
    since: span.since,
    until: span.until,
    window,
    filters: scope.filters,
    group,
  });
  return {
    total: (window ? matched?.windowEvents : matched?.events) ?? 0,
    counts: series.get(group.id) ?? [],
  };
}
