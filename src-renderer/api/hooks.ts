/**
 * react-query hooks derived from the contract: a query key per (method, params), so a live event
 * can invalidate every query of a method family.
 */
import {
  queryOptions,
  type UseMutationOptions,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ApiMethod, ApiParams, ApiResult, ApiTransport, LiveEvent } from '../../src-shared/api.ts';
import type { FaultlineError } from '../../src-shared/errors.ts';
import { useTransport } from './transport.tsx';

export const apiKeys = {
  all: ['api'] as const,
  method: (method: ApiMethod) => ['api', method] as const,
  call: <M extends ApiMethod>(method: M, params: ApiParams<M>) => ['api', method, params] as const,
};

export function apiQueryOptions<M extends ApiMethod>(
  transport: ApiTransport,
  method: M,
  params: ApiParams<M>,
) {
  return queryOptions<ApiResult<M>, FaultlineError>({
    queryKey: apiKeys.call(method, params),
    queryFn: () => transport.call(method, params),
  });
}

export function useApiQuery<M extends ApiMethod>(method: M, params: ApiParams<M>) {
  return useQuery(apiQueryOptions(useTransport(), method, params));
}

export function useApiMutation<M extends ApiMethod>(
  method: M,
  options: Omit<UseMutationOptions<ApiResult<M>, FaultlineError, ApiParams<M>>, 'mutationFn'> = {},
) {
  const transport = useTransport();
  return useMutation<ApiResult<M>, FaultlineError, ApiParams<M>>({
    ...options,
    mutationFn: (params) => transport.call(method, params),
  });
}

/** Which query families a live event makes stale. */
const STALE_ON: Record<LiveEvent['type'], ApiMethod[]> = {
  hello: [],
  'projects.changed': ['projects.list', 'projects.get', 'projects.getRateLimit'],
  'issues.changed': [
    'issues.list',
    'issues.get',
    'issues.stats',
    'issues.tags',
    'issues.events',
    'issues.feedback',
    'events.get',
    'outcomes.list',
    // Events name new releases: the Resolve menu's current release follows.
    'releases.list',
    // A project's first event ends the issue list's "Waiting for events".
    'projects.list',
  ],
  'queue.changed': [],
  'export.progress': ['export.list', 'export.status'],
  'settings.changed': ['settings.get'],
  // The issues.changed of the same batch refetches the list; an alert is for notifications.
  'issue.alert': [],
};

export function useLiveUpdates(onEvent?: (event: LiveEvent) => void): void {
  const transport = useTransport();
  const queryClient = useQueryClient();
  useEffect(
    () =>
      transport.subscribe((event) => {
        for (const method of STALE_ON[event.type])
          void queryClient.invalidateQueries({ queryKey: apiKeys.method(method) });
        onEvent?.(event);
      }),
    [transport, queryClient, onEvent],
  );
}
