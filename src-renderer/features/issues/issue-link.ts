/**
 * The link from a search of issues to one of them, as Sentry's stream links an issue: the list's page
 * filter (its environments, its absolute range or its chosen period) and its search go along, the search as the event search
 * it means inside the issue (`eventSearchFromIssueSearch`: its event filters, without free text and the
 * issue's own filters), so the issue page opens narrowed to the events the list matched.
 */
import { eventSearchFromIssueSearch } from '../../../src-shared/issue-search/event-query.ts';
import type { StatsPeriod, TimeRange } from '../../../src-shared/issues-api.ts';
import { hrefFor } from '../../app/router.ts';

export interface IssueLinkFilter {
  /** The list's search of issues. */
  query?: string | undefined;
  environments?: readonly string[] | undefined;
  range?: TimeRange | undefined;
  /**
   * The list's period when one is chosen (not the list's default); none chosen, the issue opens on its
   * own default, as Sentry's issue details do when the page filter was never set. A range wins over it.
   */
  period?: StatsPeriod | undefined;
}

export function issueHref(groupId: number, filter: IssueLinkFilter): string {
  const query = eventSearchFromIssueSearch(filter.query ?? '');
  return hrefFor('issues', [groupId], {
    ...(filter.range ?? (filter.period ? { period: filter.period } : {})),
    ...(filter.environments?.length ? { environment: [...filter.environments] } : {}),
    ...(query ? { query } : {}),
  });
}
