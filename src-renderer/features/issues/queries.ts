/** Query keys and options of the issue list; keys sit under the method's family so live events reach them. */
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import type { ApiTransport } from '../../../src-shared/api.ts';
import type { FaultlineError } from '../../../src-shared/errors.ts';
import type { IssueList, IssueSort, StatsPeriod, TimeRange } from '../../../src-shared/issues-api.ts';
import { apiKeys } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';

export const PAGE_SIZE = 100;

/** `start` and `end`, when given, are the absolute range the list counts instead of the period. */
export interface IssueListFilter extends Partial<TimeRange> {
  projectId: number;
  query: string;
  sort: IssueSort;
  period: StatsPeriod;
  /** Sentry's environment page filter: only these environments' events (all when absent or empty). */
  environments?: string[];
}

export const issueListKeys = {
  all: apiKeys.method('issues.list'),
  pages: (filter: IssueListFilter) => [...apiKeys.method('issues.list'), 'pages', filter] as const,
};

export function issueListOptions(transport: ApiTransport, filter: IssueListFilter) {
  return infiniteQueryOptions<
    IssueList,
    FaultlineError,
    { pages: IssueList[] },
    ReturnType<typeof issueListKeys.pages>,
    number
  >({
    queryKey: issueListKeys.pages(filter),
    queryFn: ({ pageParam }) =>
      transport.call('issues.list', { ...filter, offset: pageParam, limit: PAGE_SIZE }),
    initialPageParam: 0,
    getNextPageParam: (last) => {
      const next = last.offset + last.issues.length;
      return last.issues.length > 0 && next < last.total ? next : undefined;
    },
    // Keep showing the old rows while a search or live refetch runs: no flashing empty list.
    placeholderData: (previous) => previous,
  });
}

export function useIssueList(filter: IssueListFilter) {
  return useInfiniteQuery(issueListOptions(useTransport(), filter));
}
