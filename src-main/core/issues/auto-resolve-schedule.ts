/**
 * When Auto Resolve's sweep (the worker command `issues.autoResolve`) runs: a minute after start
 * (an app closed for days finds its stale issues resolved soon after it opens), then hourly, as
 * Sentry runs it for each project at most once an hour. A change of a project's age sweeps that
 * project at once (settings/auto-resolve.ts).
 */
import type { Logger } from '../log.ts';
import type { PipelineController } from '../pipeline/controller.ts';
import { scheduleWorkerCommand, type WorkerSchedule } from '../pipeline/worker-schedule.ts';

const FIRST_AUTO_RESOLVE_DELAY_MS = 60_000;
const AUTO_RESOLVE_INTERVAL_MS = 3600_000;

export function scheduleAutoResolve(pipeline: PipelineController, log: Logger): WorkerSchedule {
  return scheduleWorkerCommand(pipeline, log, {
    command: 'issues.autoResolve',
    failure: 'auto resolve failed',
    firstDelayMs: FIRST_AUTO_RESOLVE_DELAY_MS,
    intervalMs: AUTO_RESOLVE_INTERVAL_MS,
  });
}
