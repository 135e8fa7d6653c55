/** The issue page's server state: one hook per thing it shows, all keyed by the API contract. */

import { useQuery } from '@tanstack/react-query';
import type { AttachmentFilter } from '../../../src-shared/issue-attachments-api.ts';
import type { StatsPeriod, TimeRange } from '../../../src-shared/issues-api.ts';
import type { TagValueSort } from '../../../src-shared/tag-values-api.ts';
import { apiQueryOptions, useApiQuery } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';

/**
 * `environments`: the issue's numbers and chart are theirs (the page filter). Another environment
 * chosen, the page stays on screen with the numbers before until the new ones come.
 */
export const useIssue = (groupId: number, environments: string[] = []) =>
  useQuery({
    ...apiQueryOptions(useTransport(), 'issues.get', { groupId, environments }),
    placeholderData: (previous) => (previous?.id === groupId ? previous : undefined),
  });
/** `query`: the page's event search, whose matching events the chart draws over the total. */
export const useIssueStats = (
  groupId: number,
  period: StatsPeriod,
  range?: TimeRange,
  environments: string[] = [],
  query = '',
) => useApiQuery('issues.stats', { groupId, period, environments, query, ...range });
/** The page's time filter on what the page lists (its events, its tags): a period or a range; none is all time. */
export type IssueTime = { period?: StatsPeriod; start?: string; end?: string };
export const useIssueTags = (groupId: number, environments: string[] = [], time: IssueTime = {}) =>
  useApiQuery('issues.tags', { groupId, limit: 5, environments, ...time });
export const useIssueEvents = (groupId: number, query: string, offset: number, time: IssueTime = {}) =>
  useApiQuery('issues.events', { groupId, query, offset, limit: 50, ...time });
/** Feedback entries on a page of the User Feedback tab. */
export const FEEDBACK_PAGE = 25;
/** `scope`: the page filter's environments and time (page-filter.ts `scopeParams`), as for every tab that follows it. */
export type IssueScope = { environments: string[] } & IssueTime;
export const useIssueFeedback = (groupId: number, offset: number, scope: IssueScope) =>
  useApiQuery('issues.feedback', { groupId, offset, limit: FEEDBACK_PAGE, ...scope });
/** The Tags tab: every key with its top ten values, as Sentry's tab lists them. */
export const useIssueTagKeys = (groupId: number, environments: string[] = [], time: IssueTime = {}) =>
  useApiQuery('issues.tags', { groupId, limit: 10, environments, ...time });
/** Values on a page of the tag details (Sentry pages them by 100). */
export const TAG_VALUES_PAGE = 100;
/** `environments`: the page filter's, whose events alone are counted (Sentry's tag values take no dates). */
export const useTagValues = (
  groupId: number,
  key: string,
  sort: TagValueSort,
  offset: number,
  environments: string[] = [],
) => useApiQuery('issues.tagValues', { groupId, key, sort, offset, limit: TAG_VALUES_PAGE, environments });
export const ATTACHMENTS_PAGE = 50;
/** `scope`: the page filter with its event search (page-filter.ts `eventParams`), as Sentry's attachments take `query`. */
export const useIssueAttachments = (
  groupId: number,
  filter: AttachmentFilter,
  offset: number,
  scope: IssueScope & { query: string },
) => useApiQuery('issues.attachments', { groupId, filter, offset, limit: ATTACHMENTS_PAGE, ...scope });
/** The Replays tab's replays (Sentry's issue replays); `limit` 0 for the tab's count only. */
export const ISSUE_REPLAYS_PAGE = 50;
export const useIssueReplays = (groupId: number, scope: IssueScope, limit = ISSUE_REPLAYS_PAGE) =>
  useApiQuery('issues.replays', { groupId, limit, ...scope });
/**
 * The issue's events and users under the page's whole filter, with its event search (page-filter.ts
 * `eventParams`): the header's numbers and the Events tab's, as Sentry's issue details count its event view.
 */
export const useIssueCounts = (groupId: number, scope: IssueScope & { query: string }) =>
  useQuery({
    ...apiQueryOptions(useTransport(), 'issues.counts', { groupId, ...scope }),
    // Another filter chosen, the numbers before stay until the new ones come.
    placeholderData: (previous) => previous,
  });
/** Entries on a page of the Activity tab. */
export const ACTIVITY_PAGE = 50;
export const useIssueActivity = (groupId: number, offset: number) =>
  useApiQuery('issues.activity', { groupId, offset, limit: ACTIVITY_PAGE });
