/** Query keys and options derived from the contract: a key per (method, params), under its method's family. */
import { queryOptions } from '@tanstack/react-query';
import type { ApiMethod, ApiParams, ApiResult, ApiTransport } from '../../src-shared/api.ts';
import type { FaultlineError } from '../../src-shared/errors.ts';

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
