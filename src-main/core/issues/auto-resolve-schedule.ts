/**
 * When Auto Resolve's sweep (the worker command `issues.autoResolve`) runs: a minute after start
 * (an app closed for days finds its stale issues resolved soon after it opens), then hourly, as
 * Sentry runs it for each project at most once an hour. A change of a project's age sweeps that
 * project at once (settings/auto-resolve.ts).
 */
import type { Logger } from '../log.ts';
import type { PipelineController } from '../pipeline/controller.ts';

export const FIRST_AUTO_RESOLVE_DELAY_MS = 60_000;
export const AUTO_RESOLVE_INTERVAL_MS = 3600_000;

export interface AutoResolveSchedule {
  stop(): void;
}

export function scheduleAutoResolve(
  pipeline: PipelineController,
  log: Logger,
  timing: { firstDelayMs?: number; intervalMs?: number } = {},
): AutoResolveSchedule {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const next = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      pipeline
        .call('issues.autoResolve', {})
        .catch((error: unknown) => log.error('auto resolve failed', error))
        .finally(() => next(timing.intervalMs ?? AUTO_RESOLVE_INTERVAL_MS));
    }, delay);
    timer.unref();
  };
  next(timing.firstDelayMs ?? FIRST_AUTO_RESOLVE_DELAY_MS);
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
