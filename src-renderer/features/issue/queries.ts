/** The issue page's server state: one hook per thing it shows, all keyed by the API contract. */
import type { StatsPeriod } from '../../../src-shared/issues-api.ts';
import { useApiQuery } from '../../api/hooks.ts';

export const useIssue = (groupId: number) => useApiQuery('issues.get', { groupId });
export const useIssueStats = (groupId: number, period: StatsPeriod) =>
  useApiQuery('issues.stats', { groupId, period });
export const useIssueTags = (groupId: number) => useApiQuery('issues.tags', { groupId, limit: 5 });
export const useIssueEvents = (groupId: number, query: string, offset: number) =>
  useApiQuery('issues.events', { groupId, query, offset, limit: 50 });
/** Feedback entries on a page of the User Feedback tab. */
export const FEEDBACK_PAGE = 25;
export const useIssueFeedback = (groupId: number, offset: number) =>
  useApiQuery('issues.feedback', { groupId, offset, limit: FEEDBACK_PAGE });
/** Entries on a page of the Activity tab. */
export const ACTIVITY_PAGE = 50;
export const useIssueActivity = (groupId: number, offset: number) =>
  useApiQuery('issues.activity', { groupId, offset, limit: ACTIVITY_PAGE });
