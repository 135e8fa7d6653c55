/**
 * The pipeline worker thread: owns the DuckDB event index and its own SQLite connection, drains
 * the ingest queue batch by batch, and runs the commands that change groups (so group state and
 * the index change in one place, one at a time). HTTP and IPC on the main thread never wait on it.
 */
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { FaultlineError } from '../../../src-shared/errors.ts';
import { AttachmentStore } from '../store/attachments.ts';
import { createCheckpointScheduler } from '../store/duckdb/checkpoint.ts';
import { openEventIndex } from '../store/duckdb/open_event_index.ts';
import { Nodestore } from '../store/nodestore.ts';
import { OutcomeStore } from '../store/outcomes.ts';
import { IngestQueueConsumer } from '../store/queue.ts';
import { openSqlite } from '../store/sqlite.ts';
import { isReadOnlyCommand, runCommand } from './commands.ts';
import { EVENT_INDEX_FILE } from './paths.ts';
import { type PipelineStores, processBatch } from './process-batch.ts';
import { crashReportLimitFor, groupingFor, groupingPolicyFor } from './project-options.ts';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.ts';

const port = parentPort;
if (!port) throw new Error('pipeline/worker.ts must run as a worker thread');
const init = workerData as WorkerInit;
const post = (message: FromWorker) => port.postMessage(message);

const db = openSqlite(init.dataDir);
// One worker serves a data dir; a lease held at start belongs to a worker that died (kill -9,
// crash): give those rows back now instead of waiting for their leases to expire.
db.prepare('UPDATE ingest_queue SET claimed_at = NULL WHERE claimed_at IS NOT NULL').run();
const index = await openEventIndex(path.join(init.dataDir, EVENT_INDEX_FILE));
const checkpoints = createCheckpointScheduler(index);
const stores: PipelineStores = {
  db,
  consumer: new IngestQueueConsumer(db),
  outcomes: new OutcomeStore(db),
  nodestore: new Nodestore(db),
  attachments: new AttachmentStore(db, init.dataDir),
  index,
  group: groupingFor(),
  policyFor: (projectId) => groupingPolicyFor(db, projectId),
  crashReportLimit: (projectId) => crashReportLimitFor(db, projectId),
};

let stopping = false;
let wakeUp: (() => void) | undefined;
/** Batches and commands run one at a time, in arrival order. */
let exclusive: Promise<unknown> = Promise.resolve();
function serially<T>(work: () => Promise<T>): Promise<T> {
  const next = exclusive.then(work, work);
  exclusive = next.catch(() => undefined);
  return next;
}

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'wake':
      wakeUp?.();
      return;
    case 'stop':
      stopping = true;
      wakeUp?.();
      return;
    case 'command':
      {
        const run = () =>
          runCommand(stores, message.name, message.args, (event) => post({ type: 'live', event }));
        void (isReadOnlyCommand(message.name) ? run() : serially(run))
          .then((result) => post({ type: 'result', id: message.id, result }))
          .catch((error: unknown) => {
            const payload =
              error instanceof FaultlineError
                ? error.toPayload()
                : { type: 'internal' as const, message: (error as Error).message };
            post({ type: 'result', id: message.id, error: payload });
          });
      }
      return;
  }
});

async function drain(): Promise<void> {
  while (!stopping) {
    const rows = stores.consumer.claimBatch(init.batchSize);
    if (rows.length === 0) {
      // Nothing queued: sleep until ingest wakes us (or a second passes, for leases that expired).
      await new Promise<void>((resolve) => {
        wakeUp = resolve;
        setTimeout(resolve, 1000).unref();
      });
      wakeUp = undefined;
      continue;
    }
    const started = performance.now();
    const result = await serially(() => processBatch(rows, stores));
    checkpoints.noteWrite();
    post({
      type: 'batch',
      summary: {
        processed: result.processed,
        stored: result.stored,
        discarded: result.discarded,
        invalid: result.invalid,
        ms: performance.now() - started,
      },
    });
    for (const projectId of result.projects)
      post({ type: 'live', event: { type: 'issues.changed', projectId } });
  }
}

post({ type: 'ready' });
try {
  await drain();
  await exclusive;
  await checkpoints.stop();
  index.close();
  stores.outcomes.close();
  db.close();
  post({ type: 'stopped' });
  // The message port would keep this thread alive; the work is done.
  process.exit(0);
} catch (error) {
  post({ type: 'fatal', message: (error as Error).stack ?? String(error) });
  throw error;
}
