/**
 * The issue page's filter as a scope on one issue's events: its environments (an event filter the
 * event index answers) and its time (a period or an absolute range, which SQLite's `events` answers
 * too). The event shown, its neighbours, the Feedback, Attachments and Replays tabs follow it, as
 * Sentry's issue details pass `environment` and `statsPeriod` or `start`/`end` to each.
 */
import type { StatsPeriod } from '../../../../src-shared/issues-api.ts';
import { environmentFilter } from './environments.ts';
import type { EventFilter, EventSpan } from './index-conditions.ts';
import { type Span, timeFilterOf } from './periods.ts';

export interface IssueEventScope {
  /** The environments as event filters; empty for every environment. */
  filters: EventFilter[];
  /** The period or range; null for all time. */
  time: Span | null;
}

export interface PageFilterInput {
  environments: readonly string[];
  period?: StatsPeriod | undefined;
  start?: string | undefined;
  end?: string | undefined;
}

/** The scope of the page filter; null when it narrows nothing. */
export function issueEventScope(input: PageFilterInput, now: number): IssueEventScope | null {
  const environment = environmentFilter(input.environments);
  const time = timeFilterOf(input, now);
  if (!environment && !time) return null;
  return { filters: environment ? [environment] : [], time };
}

/** Whether an event time (ms) is in the scope's time. */
export function inTime(scope: IssueEventScope | null, timestamp: number): boolean {
  const time = scope?.time;
  if (!time) return true;
  return timestamp >= time.since && (time.until === null || timestamp < time.until);
}

/** `[since, until)` of the time filter on an events table's `timestamp` column (ms), as SQL after a condition. */
export function timeSql(column: string, time: Span | null): { sql: string; params: number[] } {
  if (!time) return { sql: '', params: [] };
  if (time.until === null) return { sql: ` AND ${column} >= ?`, params: [time.since] };
  return { sql: ` AND ${column} >= ? AND ${column} < ?`, params: [time.since, time.until] };
}

/** The most event ids one `issues.matchEvents` call checks. */
export const MATCH_IDS_CHUNK = 10_000;

export type MatchEventsLookup = (args: {
  projectId: number;
  groupId: number;
  span: EventSpan | null;
  filters: EventFilter[];
  eventIds: string[];
}) => Promise<{ eventIds: string[] }>;

/**
 * Which of these events of the issue are of the scope's environments (asked of the event index, a
 * chunk at a time); every one of them when the scope names none.
 */
export async function eventsInEnvironments(
  lookup: MatchEventsLookup,
  group: { projectId: number; groupId: number; span: EventSpan | null },
  scope: IssueEventScope | null,
  eventIds: readonly string[],
): Promise<Set<string>> {
  if (!scope || scope.filters.length === 0) return new Set(eventIds);
  const kept = new Set<string>();
  const unique = [...new Set(eventIds)];
  for (let start = 0; start < unique.length; start += MATCH_IDS_CHUNK) {
    const found = await lookup({
      ...group,
      filters: scope.filters,
      eventIds: unique.slice(start, start + MATCH_IDS_CHUNK),
    });
    for (const id of found.eventIds) kept.add(id);
  }
  return kept;
}
