/**
 * react-query hooks derived from the contract: a query key per (method, params), so a live event
 * can invalidate every query of a method family.
 */
import { type UseMutationOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ApiMethod, ApiParams, ApiResult, LiveEvent } from '../../src-shared/api.ts';
import type { FaultlineError } from '../../src-shared/errors.ts';
import { markStale } from './live-updates.ts';
import { apiQueryOptions } from './query-keys.ts';
import { useTransport } from './transport.tsx';

export { apiKeys, apiQueryOptions } from './query-keys.ts';

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

export function useLiveUpdates(onEvent?: (event: LiveEvent) => void): void {
  const transport = useTransport();
  const queryClient = useQueryClient();
  useEffect(
    () =>
      transport.subscribe((event) => {
        markStale(queryClient, event);
        onEvent?.(event);
      }),
    [transport, queryClient, onEvent],
  );
}
