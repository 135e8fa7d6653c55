/** Messages between the core (main thread) and the pipeline worker. */
import type { LiveEvent } from '../../../src-shared/api.ts';
import type { ErrorPayload } from '../../../src-shared/errors.ts';

/** Queue rows the worker claims at once, unless the core is told otherwise. */
export const PIPELINE_BATCH_SIZE = 500;

export interface WorkerInit {
  dataDir: string;
  batchSize: number;
  /** Threads that prepare batches; by default `defaultPrepareThreads()` (prepare-pool.ts). */
  prepareThreads?: number;
  /** The flag the pipeline raises while it waits for the queue's write lock (IngestQueue.pipelineWait). */
  pipelineWait?: SharedArrayBuffer;
  /**
   * An Int32 the worker sets to 1 while it sleeps with nothing to claim; the controller posts a
   * wake-up only then (PipelineController.wake). Set by the controller.
   */
  sleeping?: SharedArrayBuffer;
  /** How long an idle worker sleeps before looking at the queue unwoken (default 1,000 ms; tests). */
  idlePollMs?: number;
}

export type ToWorker =
  | { type: 'wake' }
  | { type: 'stop' }
  | { type: 'command'; id: number; name: string; args: unknown };

export interface BatchSummary {
  processed: number;
  stored: number;
  discarded: number;
  invalid: number;
  ms: number;
}

export type FromWorker =
  | { type: 'ready' }
  | { type: 'live'; event: LiveEvent }
  | { type: 'batch'; summary: BatchSummary }
  /** A line for the core's log (info). */
  | { type: 'log'; message: string }
  | { type: 'result'; id: number; result?: unknown; error?: ErrorPayload }
  /** `message`: the error's stack, for the log; `reason`: its message, for reads refused meanwhile. */
  | { type: 'fatal'; message: string; reason: string }
  | { type: 'stopped' };

/** The worker's last word before it exits on `error`. */
export function fatalMessage(error: unknown): Extract<FromWorker, { type: 'fatal' }> {
  return {
    type: 'fatal',
    message: (error as Error).stack ?? String(error),
    reason: error instanceof Error ? error.message : String(error),
  };
}
