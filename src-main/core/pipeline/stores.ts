/**
 * The stores a pipeline writes through, over one data dir's SQLite files and DuckDB (the worker's,
 * a bench's, a test's). The queue gets a connection of its own (closed by `consumer.close()`).
 */
import { EnvironmentRecorder } from '../environments/store.ts';
import { AttachmentStore } from '../store/attachments.ts';
import { errorsLineLayout } from '../store/duckdb/errors_json_batch.ts';
import type { EventIndex } from '../store/duckdb/open_event_index.ts';
import type { LockWaitFlag } from '../store/lock-wait-flag.ts';
import { Nodestore } from '../store/nodestore.ts';
import { OutcomeStore } from '../store/outcomes.ts';
import { IngestQueueConsumer } from '../store/queue.ts';
import { openQueueDb } from '../store/queue-db.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import type { GroupingFn } from './prepare.ts';
import { PreparePool } from './prepare-pool.ts';
import type { PipelineStores } from './process-batch.ts';
import { crashReportLimitFor, groupingFor, groupingPolicyFor } from './project-options.ts';

/**
 * The ingest queue as a pipeline reads it: a connection of its own (closed by `close()`), the rows
 * it processed marked in `db` in the same transactions as their events.
 */
export function queueConsumer(
  db: SqliteDb,
  dataDir: string,
  pipelineWait?: LockWaitFlag,
): IngestQueueConsumer {
  return new IngestQueueConsumer(openQueueDb(dataDir, { synchronous: 'NORMAL' }), {
    processedIn: db,
    ...(pipelineWait ? { waiting: pipelineWait } : {}),
  });
}

export function pipelineStores(
  db: SqliteDb,
  index: EventIndex,
  dataDir: string,
  options: {
    /** Sentry's grouping unless given (a bench's stand-in); another function runs on this thread only. */
    group?: GroupingFn;
    /** Threads that prepare batches (Sentry's grouping); 0, the default, prepares on this thread. */
    prepareThreads?: number;
    /**
     * Prepare threads already started (they may have been started before the index was open),
     * instead of `prepareThreads` new ones; from here on they encode lines for the index's columns.
     */
    pool?: PreparePool;
    /** The queue, already opened (queueConsumer) with the same `pipelineWait`; else opened here. */
    consumer?: IngestQueueConsumer;
    /**
     * Raised by the pipeline while it waits for the queue's write lock (IngestQueue.pipelineWait).
     * Without it (benches, tests with no ingest) the lock is taken with SQLite's busy handler.
     */
    pipelineWait?: LockWaitFlag;
  } = {},
): PipelineStores {
  const threads = options.prepareThreads ?? 0;
  if ((threads > 0 || options.pool) && options.group)
    throw new Error('prepare threads group with Sentry grouping only');
  const layout = errorsLineLayout(index.errorsColumns);
  options.pool?.setLayout(layout);
  const pool = options.pool ?? (threads > 0 ? new PreparePool(threads, layout) : undefined);
  return {
    ...(pool ? { pool } : {}),
    db,
    consumer: options.consumer ?? queueConsumer(db, dataDir, options.pipelineWait),
    outcomes: new OutcomeStore(db),
    environments: new EnvironmentRecorder(db),
    nodestore: new Nodestore(db),
    attachments: new AttachmentStore(db, dataDir),
    index,
    group: options.group ?? groupingFor(),
    policyFor: (projectId) => groupingPolicyFor(db, projectId),
    crashReportLimit: (projectId) => crashReportLimitFor(db, projectId),
  };
}
