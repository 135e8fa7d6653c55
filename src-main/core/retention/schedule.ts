/**
 * When the retention sweep runs: shortly after start (not during it: the first minutes of a
 * launch belong to the UI and to replaying the queue), then every quarter hour. The sweep itself
 * runs in the pipeline worker; this timer only asks for it.
 */
import type { Logger } from '../log.ts';
import type { PipelineController } from '../pipeline/controller.ts';
import { scheduleWorkerCommand, type WorkerSchedule } from '../pipeline/worker-schedule.ts';

const FIRST_SWEEP_DELAY_MS = 60_000;
const SWEEP_INTERVAL_MS = 15 * 60_000;

export function scheduleRetention(pipeline: PipelineController, log: Logger): WorkerSchedule {
  return scheduleWorkerCommand(pipeline, log, {
    command: 'retention.sweep',
    failure: 'retention sweep failed',
    firstDelayMs: FIRST_SWEEP_DELAY_MS,
    intervalMs: SWEEP_INTERVAL_MS,
  });
}
