/**
 * "Open in Discover" from an issue, as Sentry's issue details build it: the issue's events
 * (`issue:SHORT-ID`) under the page's filter — its environments, its time (a range, else its period)
 * and its event search — in the errors dataset, with the columns Sentry's issue event view opens
 * with. A tag value's "Open in Discover" adds the value (`key:"value"`) to that search. No time
 * chosen, the issue page shows every event, so Discover is asked for the longest period it offers.
 */
import type { DiscoverQuery } from '../../../src-shared/discover-api.ts';
import { discoverHref } from '../discover/discover-url.ts';
import type { IssuePageFilter } from './page-filter.ts';
import { tagQuery } from './tag-query.ts';

/** Sentry's issue event view's columns (`useIssueDetailsEventView`). */
export const ISSUE_DISCOVER_FIELDS = ['title', 'release', 'environment', 'user.display', 'timestamp'];

/** The period asked when the page chose no time: every event the issue page shows. */
export const ALL_TIME_PERIOD = '90d';

export interface DiscoverIssue {
  shortId: string;
  projectId: number;
}

export function issueDiscoverQuery(
  issue: DiscoverIssue,
  filter: IssuePageFilter,
  extraQuery?: string,
): DiscoverQuery {
  const query = [`issue:${issue.shortId}`, filter.query, extraQuery]
    .map((part) => part?.trim() ?? '')
    .filter((part) => part !== '')
    .join(' ');
  const time = filter.range
    ? { start: filter.range.start, end: filter.range.end }
    : { statsPeriod: filter.period ?? ALL_TIME_PERIOD };
  return {
    dataset: 'errors',
    field: [...ISSUE_DISCOVER_FIELDS],
    query,
    ...time,
    project: [issue.projectId],
    ...(filter.environments.length > 0 ? { environment: [...filter.environments] } : {}),
  };
}

export function issueDiscoverHref(issue: DiscoverIssue, filter: IssuePageFilter): string {
  return discoverHref(issueDiscoverQuery(issue, filter));
}

/** A tag value's "Open in Discover": the issue's events with the value, under the page's filter. */
export function tagValueDiscoverHref(
  issue: DiscoverIssue,
  filter: IssuePageFilter,
  key: string,
  value: string,
): string {
  return discoverHref(issueDiscoverQuery(issue, filter, tagQuery(key, value)));
}
