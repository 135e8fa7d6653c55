/**
 * An event search inside one issue (Sentry's events tab, and the `query` of its group event details):
 * tags, level, `has:`, free text as event filters for the event index, and `date:` as bounds of the
 * events' time (event-window.ts); group filters (`is:`, `assigned:` …) are refused.
 */
import { FaultlineError } from '../../../../src-shared/errors.ts';
import { analyzeIssueSearch, type ParsedSearch } from '../../../../src-shared/issue-search/index.ts';
import type { SqliteDb } from '../../store/sqlite.ts';
import type { IssueEventScope } from './event-scope.ts';
import { type EventWindow, eventWindow, isEmptyWindow } from './event-window.ts';
import { type EventFilter, eventFiltersOf } from './index-conditions.ts';
import { mistakeAt, resolveSearchKeys } from './search-keys.ts';

/** A search that does not parse is an `invalid_query` naming every mistake, each with its place. */
export function parseSearch(query: string): ParsedSearch {
  const { search, errors } = analyzeIssueSearch(query);
  if (errors.length > 0)
    throw new FaultlineError(
      'invalid_query',
      errors.map((error) => mistakeAt(query, error.span, error.message)).join('; '),
    );
  return search;
}

/**
 * Inside one issue, a search runs on its events: tags, level, text and `date:` bounds (as in
 * Sentry's events tab); group filters make no sense.
 */
export function eventFilters(search: ParsedSearch): EventFilter[] {
  const misplaced = search.filters.find(
    (f) =>
      f.kind !== 'tag' &&
      f.kind !== 'has' &&
      f.kind !== 'level' &&
      !(f.kind === 'date' && f.field === 'date'),
  );
  if (misplaced)
    throw new FaultlineError(
      'invalid_query',
      `'${misplaced.kind}' filters apply to issues, not to the events of one issue`,
    );
  return eventFiltersOf(search);
}

/** A search's date window inside an absolute range: it ends at the range's end at the latest. */
export function clipWindow(window: EventWindow | null, until: number | null): EventWindow | null {
  if (!window || until === null) return window;
  return { start: window.start, end: window.end === null ? until : Math.min(window.end, until) };
}

/**
 * The page filter's scope narrowed by an event search: its event filters added to the environments,
 * its `date:` window clipped to the scope's time; null when nothing can match (a key no event has,
 * a window with no time in it).
 */
export function searchScope(
  db: SqliteDb,
  projectId: number,
  query: string,
  scope: IssueEventScope | null,
  now: number,
): IssueEventScope | null {
  const { search, matchesNothing } = resolveSearchKeys(db, projectId, parseSearch(query), query);
  const filters = eventFilters(search);
  if (matchesNothing) return null;
  const time = scope?.time ?? null;
  const window = time
    ? clipWindow(eventWindow(search, time.since, now) ?? { start: time.since, end: null }, time.until)
    : eventWindow(search, Number.NEGATIVE_INFINITY, now);
  if (isEmptyWindow(window)) return null;
  return {
    filters: [...(scope?.filters ?? []), ...filters],
    // An open start is the epoch: the index's bounds are whole milliseconds.
    time: window ? { since: Number.isFinite(window.start) ? window.start : 0, until: window.end } : time,
  };
}
