/** The stores a pipeline writes through, over one data dir's SQLite and DuckDB (the worker's, a bench's, a test's). */
import { AttachmentStore } from '../store/attachments.ts';
import { errorsLineLayout } from '../store/duckdb/errors_json_batch.ts';
import type { EventIndex } from '../store/duckdb/open_event_index.ts';
import type { LockWaitFlag } from '../store/lock-wait-flag.ts';
import { Nodestore } from '../store/nodestore.ts';
import { OutcomeStore } from '../store/outcomes.ts';
import { IngestQueueConsumer } from '../store/queue.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import type { GroupingFn } from './prepare.ts';
import { PreparePool } from './prepare-pool.ts';
import type { PipelineStores } from './process-batch.ts';
import { crashReportLimitFor, groupingFor, groupingPolicyFor } from './project-options.ts';

export function pipelineStores(
  db: SqliteDb,
  index: EventIndex,
  dataDir: string,
  options: {
    /** Sentry's grouping unless given (a bench's stand-in); another function runs on this thread only. */
    group?: GroupingFn;
    /** Threads that prepare batches (Sentry's grouping); 0, the default, prepares on this thread. */
    prepareThreads?: number;
    /** Raised while ingest waits for the write lock (IngestQueue.lockWait): transactions end early. */
    lockWait?: LockWaitFlag;
    /** Raised by the pipeline while it waits for the write lock (IngestQueue.pipelineWait). */
    pipelineWait?: LockWaitFlag;
  } = {},
): PipelineStores {
  const threads = options.prepareThreads ?? 0;
  if (threads > 0 && options.group) throw new Error('prepare threads group with Sentry grouping only');
  return {
    ...(threads > 0 ? { pool: new PreparePool(threads, errorsLineLayout(index.errorsColumns)) } : {}),
    db,
    consumer: new IngestQueueConsumer(db),
    outcomes: new OutcomeStore(db),
    nodestore: new Nodestore(db),
    attachments: new AttachmentStore(db, dataDir),
    index,
    group: options.group ?? groupingFor(),
    policyFor: (projectId) => groupingPolicyFor(db, projectId),
    crashReportLimit: (projectId) => crashReportLimitFor(db, projectId),
    ingestWaits: () => options.lockWait?.raised === true,
    ...(options.pipelineWait ? { pipelineWait: options.pipelineWait } : {}),
  };
}
