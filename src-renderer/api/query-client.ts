import { QueryClient } from '@tanstack/react-query';
import { FaultlineError } from '../../src-shared/errors.ts';

/** Retry only what may pass on a second try: a server that is restarting. */
function shouldRetry(failures: number, error: unknown): boolean {
  if (error instanceof FaultlineError) return error.type === 'unavailable' && failures < 3;
  return failures < 1;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // Local data: freshness comes from live updates, not from refetch timers.
      queries: { staleTime: 30_000, refetchOnWindowFocus: false, retry: shouldRetry },
    },
  });
}
