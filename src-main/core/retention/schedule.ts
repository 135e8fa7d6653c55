/**
 * When the retention sweep runs: shortly after start (not during it: the first minutes of a
 * launch belong to the UI and to replaying the queue), then every quarter hour. The sweep itself
 * runs in the pipeline worker; this timer only asks for it.
 */
import type { Logger } from '../log.ts';
import type { PipelineController } from '../pipeline/controller.ts';

export const FIRST_SWEEP_DELAY_MS = 60_000;
export const SWEEP_INTERVAL_MS = 15 * 60_000;

export interface RetentionSchedule {
  stop(): void;
}

export function scheduleRetention(
  pipeline: PipelineController,
  log: Logger,
  timing: { firstDelayMs?: number; intervalMs?: number } = {},
): RetentionSchedule {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const next = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      pipeline
        .call('retention.sweep', {})
        .catch((error: unknown) => log.error('retention sweep failed', error))
        .finally(() => next(timing.intervalMs ?? SWEEP_INTERVAL_MS));
    }, delay);
    timer.unref();
  };
  next(timing.firstDelayMs ?? FIRST_SWEEP_DELAY_MS);
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
