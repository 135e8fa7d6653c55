/**
 * The event search an issue opens with when it is reached from a search of issues, as Sentry's
 * streamlined issue details derives it from the stream's `query` (`getEventSearchFromIssueQuery`):
 * the filters on events are kept as they were written, in their order; free text and every filter
 * on the issue itself (its status, assignee, bookmarks, priority, first/last seen, times seen …)
 * are dropped, and so is `has:` of such a key. The environment goes too: it is the page filter's.
 */
import { parseIssueSearch } from './parse.ts';
import { type RawTerm, scan } from './tokenize.ts';
import { IssueSearchError } from './types.ts';

/**
 * Sentry's keys of the issue rather than of its events (`ISSUE_PROPERTY_FIELDS`) and the tags it
 * leaves out of an issue's event search (`ALL_EVENTS_EXCLUDED_TAGS`), lower-cased as the search reads keys.
 */
export const ISSUE_LEVEL_KEYS: ReadonlySet<string> = new Set([
  'age',
  'assigned_or_suggested',
  'assigned',
  'bookmarks',
  'detector',
  'firstrelease',
  'firstseen',
  'is',
  'issue.category',
  'issue.priority',
  'issue.seer_actionability',
  'issue.seer_last_run',
  'issue.type',
  'issue',
  'lastseen',
  'release.stage',
  'timesseen',
  'environment',
  'performance.issue_ids',
  'transaction.op',
  'transaction.status',
]);

/** The event filters an issue's events answer (event-search.ts on the main side accepts only these). */
const EVENT_FILTER_KINDS = new Set(['tag', 'has', 'level']);

/**
 * Whether a filter is about the issue: one of Sentry's keys, or one the issue search reads as a filter
 * of the issue under another spelling (`status:`, `first_seen:`, `bookmarked_by:` …), which the issue
 * page's event search would refuse. `date:` (and `timestamp:`) bound the events and stay.
 */
function isIssueLevel(term: Extract<RawTerm, { kind: 'filter' }>, text: string): boolean {
  const key = term.key.toLowerCase();
  if (ISSUE_LEVEL_KEYS.has(key)) return true;
  try {
    const [filter] = parseIssueSearch(text.slice(term.span.start, term.span.end)).filters;
    if (!filter) return false;
    if (filter.kind === 'date') return filter.field !== 'date';
    return !EVENT_FILTER_KINDS.has(filter.kind);
  } catch (error) {
    // A filter the issue search cannot read is kept, as Sentry keeps it: the issue page then says what is wrong.
    if (error instanceof IssueSearchError) return false;
    throw error;
  }
}

/** `has:KEY` (or `!has:`) with KEY one of the issue's own keys means nothing on its events. */
const hasOfIssueKey = (term: Extract<RawTerm, { kind: 'filter' }>): boolean =>
  term.key.toLowerCase() === 'has' &&
  term.values.length > 0 &&
  term.values.every((value) => ISSUE_LEVEL_KEYS.has(value.text.toLowerCase()));

/** The event search of an issue search: its event filters as written, joined by single spaces. */
export function eventSearchFromIssueSearch(query: string): string {
  return scan(query)
    .terms.filter((term): term is Extract<RawTerm, { kind: 'filter' }> => term.kind === 'filter')
    .filter((term) => !(term.key.toLowerCase() === 'has' ? hasOfIssueKey(term) : isIssueLevel(term, query)))
    .map((term) => query.slice(term.span.start, term.span.end))
    .join(' ');
}
