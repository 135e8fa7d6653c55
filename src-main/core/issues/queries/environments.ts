/**
 * Sentry's environment page filter on the issue stream (`StreamGroupSerializerSnuba` with
 * `environment_ids`): the issues with events in the chosen environments, each shown with those
 * events only. Its events and users (of the period, and all time as `lifetime`), first and last
 * seen and graph are the environments' (`_execute_error_seen_stats_query` and the tsdb series filter
 * on `environment`), and a search's `filtered` counts the environments' matching events. Answered by
 * the event index, through the same matching as the search's event filters (`environment:[…]`).
 */
import type { IssueSummary } from '../../../../src-shared/issues-api.ts';
import type { EventFilter, MatchingGroup } from './index-conditions.ts';

/** The environments as an event filter (`environment:[…]`); null for every environment. */
export function environmentFilter(names: readonly string[]): EventFilter | null {
  return names.length === 0 ? null : { kind: 'tag', negated: false, key: 'environment', values: [...names] };
}

export interface EnvironmentCounts {
  /** The environments' events of the list's period (or range), by group. */
  period: ReadonlyMap<number, MatchingGroup>;
  /** All of the environments' events, by group. */
  lifetime: ReadonlyMap<number, MatchingGroup>;
  /** The environments' events per bucket of the list's graph, by group. */
  stats: ReadonlyMap<number, number[]>;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The issues with the environments' numbers in place of every environment's. */
export function inEnvironments<T extends IssueSummary>(issues: T[], counts: EnvironmentCounts): T[] {
  return issues.map((issue) => {
    const period = counts.period.get(issue.id);
    const lifetime = counts.lifetime.get(issue.id);
    const narrowed: T = {
      ...issue,
      count: period?.events ?? 0,
      userCount: period?.users ?? 0,
      stats: counts.stats.get(issue.id) ?? issue.stats.map(() => 0),
      lifetime: { count: lifetime?.events ?? 0, userCount: lifetime?.users ?? 0 },
      ...(lifetime ? { firstSeen: iso(lifetime.firstSeen), lastSeen: iso(lifetime.lastSeen) } : {}),
    };
    delete narrowed.periodFirstSeen;
    if (period) narrowed.periodFirstSeen = iso(period.firstSeen);
    if (issue.periodLastSeen !== undefined && period) narrowed.periodLastSeen = iso(period.lastSeen);
    return narrowed;
  });
}
