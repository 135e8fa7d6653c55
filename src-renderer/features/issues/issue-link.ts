/**
 * The link from a search of issues to one of them, as Sentry's stream links an issue: the list's page
 * filter (its environments, its absolute range) and its search go along, the search as the event search
 * it means inside the issue (`eventSearchFromIssueSearch`: its event filters, without free text and the
 * issue's own filters), so the issue page opens narrowed to the events the list matched.
 */
import { eventSearchFromIssueSearch } from '../../../src-shared/issue-search/event-query.ts';
import type { TimeRange } from '../../../src-shared/issues-api.ts';
import { hrefFor } from '../../app/router.ts';

export interface IssueLinkFilter {
  /** The list's search of issues. */
  query?: string | undefined;
  environments?: readonly string[] | undefined;
  range?: TimeRange | undefined;
}

export function issueHref(groupId: number, filter: IssueLinkFilter): string {
  const query = eventSearchFromIssueSearch(filter.query ?? '');
  return hrefFor('issues', [groupId], {
    ...filter.range,
    ...(filter.environments?.length ? { environment: [...filter.environments] } : {}),
    ...(query ? { query } : {}),
  });
}
