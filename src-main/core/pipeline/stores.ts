/**
 * The stores a pipeline writes through, over one data dir's SQLite files and DuckDB (the worker's,
 * a bench's, a test's). The queue gets a connection of its own (closed by `consumer.close()`).
 */
import { AttachmentStore } from '../store/attachments.ts';
import { errorsLineLayout } from '../store/duckdb/errors_json_batch.ts';
import type { EventIndex } from '../store/duckdb/open_event_index.ts';
import { ERRORS_COLUMNS } from '../store/duckdb/schema.ts';
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
 * Starts prepare threads before the event index is open, for the columns `errors` is created with:
 * they load and warm up while the caller opens its stores (measured at start: the first batch
 * waited ~300 ms for the threads, started only after DuckDB was open). `matching` then checks them
 * against the columns the opened table has (an older data dir may order them otherwise).
 */
export function startPreparePool(threads: number): {
  pool: PreparePool;
  matching(index: EventIndex): Promise<PreparePool>;
} {
  const expected = errorsLineLayout(ERRORS_COLUMNS);
  const pool = new PreparePool(threads, expected);
  return {
    pool,
    async matching(index) {
      const actual = errorsLineLayout(index.errorsColumns);
      if (JSON.stringify(actual) === JSON.stringify(expected)) return pool;
      await pool.close();
      return new PreparePool(threads, actual);
    },
  };
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
    /** Prepare threads already started (startPreparePool), instead of `prepareThreads` new ones. */
    pool?: PreparePool;
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
  const pool =
    options.pool ??
    (threads > 0 ? new PreparePool(threads, errorsLineLayout(index.errorsColumns)) : undefined);
  return {
    ...(pool ? { pool } : {}),
    db,
    consumer: new IngestQueueConsumer(openQueueDb(dataDir, { synchronous: 'NORMAL' }), {
      processedIn: db,
      ...(options.pipelineWait ? { waiting: options.pipelineWait } : {}),
    }),
    outcomes: new OutcomeStore(db),
    nodestore: new Nodestore(db),
    attachments: new AttachmentStore(db, dataDir),
    index,
    group: options.group ?? groupingFor(),
    policyFor: (projectId) => groupingPolicyFor(db, projectId),
    crashReportLimit: (projectId) => crashReportLimitFor(db, projectId),
  };
}
