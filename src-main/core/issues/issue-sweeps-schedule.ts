/**
 * When the issue sweeps run, each a worker command: Auto Resolve's (`issues.autoResolve`) and the
 * move of issues New, Regressed or Escalating for 7 days to Ongoing (`issues.autoOngoing`). Both a
 * minute after start (an app closed for days finds its issues swept soon after it opens), then
 * hourly, as Sentry runs Auto Resolve for each project at most once an hour. A change of a
 * project's resolve age sweeps that project at once (settings/auto-resolve.ts).
 */
import type { Logger } from '../log.ts';
import type { PipelineController } from '../pipeline/controller.ts';
import { scheduleWorkerCommand, type WorkerSchedule } from '../pipeline/worker-schedule.ts';

const FIRST_SWEEP_DELAY_MS = 60_000;
const SWEEP_INTERVAL_MS = 3600_000;

export function scheduleIssueSweeps(pipeline: PipelineController, log: Logger): WorkerSchedule {
  const schedules = [
    { command: 'issues.autoResolve', failure: 'auto resolve failed' },
    { command: 'issues.autoOngoing', failure: 'moving issues to ongoing failed' },
  ].map((sweep) =>
    scheduleWorkerCommand(pipeline, log, {
      ...sweep,
      firstDelayMs: FIRST_SWEEP_DELAY_MS,
      intervalMs: SWEEP_INTERVAL_MS,
    }),
  );
  return {
    stop() {
      for (const schedule of schedules) schedule.stop();
    },
  };
}
