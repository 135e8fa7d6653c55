/** Messages between the core (main thread) and the pipeline worker. */
import type { LiveEvent } from '../../../src-shared/api.ts';
import type { ErrorPayload } from '../../../src-shared/errors.ts';

export interface WorkerInit {
  dataDir: string;
  batchSize: number;
  /** Threads that prepare batches; by default `defaultPrepareThreads()` (prepare-pool.ts). */
  prepareThreads?: number;
  /** The flag the pipeline raises while it waits for the queue's write lock (IngestQueue.pipelineWait). */
  pipelineWait?: SharedArrayBuffer;
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
  | { type: 'result'; id: number; result?: unknown; error?: ErrorPayload }
  | { type: 'fatal'; message: string }
  | { type: 'stopped' };
