/**
 * A worker command asked for on a timer: once after a first delay, then again each interval after
 * the previous run ended (never two at once). The work itself runs in the pipeline worker; a failed
 * run is logged and the next one comes as planned.
 */
import type { Logger } from '../log.ts';
import type { PipelineController } from './controller.ts';

export interface WorkerSchedule {
  stop(): void;
}

export function scheduleWorkerCommand(
  pipeline: PipelineController,
  log: Logger,
  plan: { command: string; failure: string; firstDelayMs: number; intervalMs: number },
): WorkerSchedule {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const next = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      pipeline
        .call(plan.command, {})
        .catch((error: unknown) => log.error(plan.failure, error))
        .finally(() => next(plan.intervalMs));
    }, delay);
    timer.unref();
  };
  next(plan.firstDelayMs);
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
