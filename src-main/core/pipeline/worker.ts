/**
 * The pipeline worker thread's entry. It starts the prepare threads first: they load and warm up
 * the step-1 code while this thread loads the rest of the pipeline (worker-main.ts, which needs
 * DuckDB's client and the stores) and opens SQLite and DuckDB. Measured at start under load, the
 * threads started only once all of that was loaded, and the first batch waited for them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { defaultPrepareThreads, PreparePool } from './prepare-pool.ts';
import type { WorkerInit } from './protocol.ts';

const port = parentPort;
if (!port) throw new Error('pipeline/worker.ts must run as a worker thread');
const init = workerData as WorkerInit;
const threads = init.prepareThreads ?? defaultPrepareThreads();
const pool = threads > 0 ? new PreparePool(threads) : undefined;
const { runPipelineWorker } = await import('./worker-main.ts');
await runPipelineWorker(port, init, pool);
