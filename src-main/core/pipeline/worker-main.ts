/**
 * The pipeline worker thread: owns the DuckDB event index and its own SQLite connection, drains
 * the ingest queue batch by batch, and runs the commands that change groups (so group state and
 * the index change in one place, one at a time). HTTP and IPC on the main thread never wait on it.
 * Loaded by the thread's entry (worker.ts) once the prepare threads are started.
 */

import path from 'node:path';
import type { MessagePort } from 'node:worker_threads';
import { FaultlineError } from '../../../src-shared/errors.ts';
import { frequencyAlerts } from '../alerts/frequency-alerts.ts';
import { issueAlertEvents } from '../alerts/issue-alerts.ts';
import { backfillEnvironments } from '../environments/backfill.ts';
import { collectWhenIdle } from '../idle-gc.ts';
import { readSettings } from '../settings/settings-store.ts';
import { damagedFileError } from '../store/damaged-file.ts';
import { createCheckpointScheduler } from '../store/duckdb/checkpoint.ts';
import { errorsLineLayout } from '../store/duckdb/errors_json_batch.ts';
import { type EventIndex, openEventIndex } from '../store/duckdb/open_event_index.ts';
import { LockWaitFlag } from '../store/lock-wait-flag.ts';
import type { IngestQueueConsumer, QueuedEnvelope } from '../store/queue.ts';
import { openSqlite, PIPELINE_SQLITE, type SqliteDb } from '../store/sqlite.ts';
import { type BatchLoop, prepareRows, storeBatches } from './batch-loop.ts';
import { ChangeAnnouncer, ItemsAnnouncer } from './change-announcer.ts';
import { isReadOnlyCommand, runCommand } from './commands.ts';
import { IndexBuffer } from './index-buffer.ts';
import { backfillGroupMirrors } from './mirrors.ts';
import { EVENT_INDEX_FILE } from './paths.ts';
import type { PreparedBatch } from './prepare-batch.ts';
import type { PreparePool } from './prepare-pool.ts';
import type { BatchResult } from './process-batch.ts';
import { groupingPolicyFor } from './project-options.ts';
import { type FromWorker, fatalMessage, type ToWorker, type WorkerInit } from './protocol.ts';
import { ReadLimit } from './read-limit.ts';
import { reindexMissingEvents } from './reindex.ts';
import { replayPendingReplacements } from './replacements.ts';
import { pipelineStores, queueConsumer } from './stores.ts';

/**
 * The first batch, claimed and handed to the prepare threads while the worker sets up its stores,
 * its lines encoded for the open index's own `errors` columns (an older data dir orders them otherwise).
 */
function prepareEarly(
  pool: PreparePool,
  consumer: IngestQueueConsumer,
  db: SqliteDb,
  index: EventIndex,
  batchSize: number,
) {
  const rows = consumer.claimBatch(batchSize);
  if (rows.length === 0) return undefined;
  pool.setLayout(errorsLineLayout(index.errorsColumns));
  const prepared = pool.prepare(rows, (projectId) => groupingPolicyFor(db, projectId));
  // Awaited by the batch's chain; until then a failure must not count as unhandled.
  prepared.catch(() => undefined);
  return { rows, prepared };
}

/**
 * The shortest time between two claims. A batch costs the worker, its prepare thread and SQLite
 * about the same whatever its size, on top of what its events cost: at 1,000 events/s, claimed as
 * fast as the worker went, batches had ~10 events; claimed at most every 25 ms, ~25, and the
 * server used 12-15% less CPU (`faultline serve`, 1,000 envelopes/s for 5 s, 2 pairs: 7.6-7.9 →
 * 6.4-6.9 s of CPU). An event waits for it only when another was claimed just before.
 */
const CLAIM_INTERVAL_MS = 25;

/** How long a failed worker waits for DuckDB's running work before it ends anyway. */
const FATAL_WAIT_MS = 5000;

/**
 * Runs the worker on `port` until it is told to stop. `pool`: its prepare threads, started by the
 * entry (worker.ts) before this module was loaded.
 */
export async function runPipelineWorker(
  port: MessagePort,
  init: WorkerInit,
  pool: PreparePool | undefined,
): Promise<void> {
  const post = (message: FromWorker) => port.postMessage(message);

  const db = openSqlite(init.dataDir, PIPELINE_SQLITE);
  const pipelineWait = init.pipelineWait ? new LockWaitFlag(init.pipelineWait) : undefined;
  // A worker that died waiting for the write lock left its flag raised: ingest would give way to no one.
  pipelineWait?.lower();
  // The index opens before the queue is touched: a damaged one stops the start (serve says so before
  // it announces itself) with the queue file as it was. (Claiming the first batch while DuckDB
  // opened saved its ~30 ms open with 200k events.)
  const index = await openEventIndex(path.join(init.dataDir, EVENT_INDEX_FILE));
  let consumer: ReturnType<typeof queueConsumer>;
  let early: ReturnType<typeof prepareEarly> | undefined;
  try {
    consumer = queueConsumer(db, init.dataDir, pipelineWait);
    // One worker serves a data dir: what a dead one (kill -9, crash) leased goes back to the queue
    // now instead of when the leases expire, and what it processed and did not delete is deleted.
    consumer.recover();
    early = pool && prepareEarly(pool, consumer, db, index, init.batchSize);
  } catch (error) {
    // (A full disk.)
    index.close();
    throw error;
  }
  const checkpoints = createCheckpointScheduler(index);
  const stores = pipelineStores(db, index, init.dataDir, {
    ...(pool ? { pool } : {}),
    consumer,
    ...(pipelineWait ? { pipelineWait } : {}),
  });

  let stopping = false;
  /**
   * Read-only commands run beside the batches, each on a DuckDB connection of its own. The index is
   * closed only once they are done: closing it under a running query left DuckDB's query thread
   * deadlocked on its own connection's lock (seen with gdb on a `serve` that never exited), and
   * the worker, then the whole process, waited for it for ever.
   */
  const reading = new Set<Promise<unknown>>();
  /** Read-only commands running at once, at most (each DuckDB query holds a pool thread). */
  const reads = new ReadLimit();
  let wakeUp: (() => void) | undefined;
  /** Batches and commands run one at a time, in arrival order. */
  let exclusive: Promise<unknown> = Promise.resolve();
  function serially<T>(work: () => Promise<T>): Promise<T> {
    const next = exclusive.then(work, work);
    exclusive = next.catch(() => undefined);
    return next;
  }
  /**
   * Waits for what runs on DuckDB (its writer's queue, the reads), then closes the index. The index
   * must not close under a query (DuckDB's query thread deadlocked on its connection's lock), nor
   * this thread end under one: its callback then finds the thread gone, and the native abort
   * ("terminate called after throwing an instance of 'Napi::Error'") ended the whole process.
   */
  async function closeIndex(): Promise<void> {
    await index.exclusive(async () => undefined);
    await Promise.allSettled([...reading]);
    index.close();
  }
  /**
   * A failure the worker cannot go on from (a failed DuckDB write, a full disk) ends it, once what
   * runs on DuckDB is done (at most FATAL_WAIT_MS): the next worker writes the rows again (see
   * process-batch.ts). Commands arriving meanwhile are refused as for a stop.
   */
  let dying = false;
  const fatal = async (error: unknown): Promise<never> => {
    if (!dying) {
      dying = true;
      stopping = true;
      post(fatalMessage(damagedFileError(error, init.dataDir) ?? error));
      await Promise.race([
        closeIndex().catch(() => undefined),
        new Promise((resolve) => setTimeout(resolve, FATAL_WAIT_MS)),
      ]);
    }
    return process.exit(1);
  };
  // The batch's issues.changed came when SQLite had its events; the pages that read the index
  // (the Unhandled mark, tag distributions, tag searches) are current only once DuckDB has them too.
  const changes = new ChangeAnnouncer((projectId) =>
    post({ type: 'live', event: { type: 'issues.changed', projectId } }),
  );
  const itemChanges = new ItemsAnnouncer((projectId, itemTypes) =>
    post({ type: 'live', event: { type: 'items.changed', projectId, itemTypes } }),
  );
  const indexBuffer = new IndexBuffer(index, consumer, fatal, (projectIds) => {
    for (const projectId of projectIds) changes.announce(projectId);
  });
  stores.indexBuffer = indexBuffer;
  const flushIndex = () => indexBuffer.flush();
  // Issues the mirrors lack (a data dir from before the pipeline copied its groups) are copied
  // before the first batch; a failure here is the worker's end, as a failed DuckDB write is.
  void serially(() => backfillGroupMirrors(db, index)).catch(fatal);
  // A merge, unmerge or delete whose index side a crash interrupted is finished first, the same way.
  void serially(async () => {
    for (const projectId of await replayPendingReplacements(db, index))
      post({ type: 'live', event: { type: 'issues.changed', projectId } });
  }).catch(fatal);
  // Then what the index lacks of the events SQLite has (a new or damaged events.duckdb), before the
  // first batch: nothing else writes `errors` while it is found and written.
  void serially(async () => {
    const { reindexed, failed, ms } = await reindexMissingEvents(db, index, () => stopping);
    if (reindexed > 0 || failed > 0)
      post({
        type: 'log',
        message:
          `event index: re-indexed ${reindexed} event${reindexed === 1 ? '' : 's'} from nodestore in ${Math.round(ms)} ms` +
          (failed > 0 ? ` (${failed} could not be read and stay out of it)` : ''),
      });
  }).catch(fatal);
  // A data dir from before environments were kept gets them once, from the index and stored items.
  void serially(async () => {
    const filled = await backfillEnvironments(db, index);
    if (filled)
      post({
        type: 'log',
        message: `environments: found ${filled.environments} in the event index and ${filled.items} stored items in ${Math.round(filled.ms)} ms`,
      });
  }).catch(fatal);

  /** Commands queued and not started yet: the next batch is not claimed ahead of them. */
  let waitingCommands = 0;
  function countedWhileWaiting<T>(work: () => Promise<T>): () => Promise<T> {
    waitingCommands++;
    return () => {
      waitingCommands--;
      return work();
    };
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
        // Once stopping, the index and the database are about to close: nothing new may start on them
        // (a drain or a change queued behind the last flush would run on them after they closed).
        if (stopping) {
          post({
            type: 'result',
            id: message.id,
            error: { type: 'unavailable', message: 'the pipeline is stopping' },
          });
          return;
        }
        if (message.name === 'pipeline.drain') {
          void drainQueue()
            .then((processed) => post({ type: 'result', id: message.id, result: { processed } }))
            .catch((error: unknown) =>
              post({
                type: 'result',
                id: message.id,
                error: damagedFileError(error, init.dataDir)?.toPayload() ?? {
                  type: 'internal',
                  message: (error as Error).message,
                },
              }),
            );
          return;
        }
        {
          const run = () =>
            runCommand(stores, message.name, message.args, (event) => post({ type: 'live', event }));
          // What changes DuckDB (merges, deletes, retention) comes after the rows gathered before it.
          const flushFirst = () => flushIndex().then(run);
          const readOnly = isReadOnlyCommand(message.name);
          const work = readOnly ? reads.run(run) : serially(countedWhileWaiting(flushFirst));
          if (readOnly) {
            reading.add(work);
            void work.finally(() => reading.delete(work)).catch(() => undefined);
          }
          void work
            .then((result) => post({ type: 'result', id: message.id, result }))
            .catch((error: unknown) => {
              const named = damagedFileError(error, init.dataDir);
              const payload = named
                ? named.toPayload()
                : error instanceof FaultlineError
                  ? error.toPayload()
                  : { type: 'internal' as const, message: (error as Error).message };
              post({ type: 'result', id: message.id, error: payload });
            });
        }
        return;
    }
  });

  function report(result: BatchResult & { ms: number }): void {
    checkpoints.noteWrite();
    post({
      type: 'batch',
      summary: {
        processed: result.processed,
        stored: result.stored,
        discarded: result.discarded,
        invalid: result.invalid,
        ms: result.ms,
      },
    });
    for (const projectId of result.projects) changes.announce(projectId);
    for (const [projectId, itemTypes] of result.itemTypes) itemChanges.announce(projectId, itemTypes);
    const frequent = frequencyAlerts(db, readSettings(db), result.changes.keys(), Date.now());
    for (const event of issueAlertEvents(db, result.changes, frequent)) post({ type: 'live', event });
  }

  /**
   * While a batch is stored, the next one is claimed and prepared (see `storeBatches`), unless the
   * worker is stopping, a command waits (it then runs before the next batch is claimed), or the
   * last claim is under CLAIM_INTERVAL_MS old: the chain then ends, and `drain` claims again once
   * the interval is over.
   */
  let lastClaim = Number.NEGATIVE_INFINITY;
  const claim = () => {
    lastClaim = performance.now();
    return stores.consumer.claimBatch(init.batchSize);
  };
  const loop: BatchLoop = {
    schedule: serially,
    claimNext: () =>
      stopping || waitingCommands > 0 || performance.now() - lastClaim < CLAIM_INTERVAL_MS ? [] : claim(),
    onResult: report,
  };

  /** Batch chains under way (the main loop's, and a drain's): a drain waits for them all. */
  const activeChains = new Set<Promise<void>>();

  function runChain(
    rows: QueuedEnvelope[],
    prepared: Promise<PreparedBatch> | PreparedBatch = prepareRows(rows, stores),
  ): Promise<void> {
    const chain = storeBatches(prepared, stores, loop);
    activeChains.add(chain);
    void chain.finally(() => activeChains.delete(chain)).catch(() => undefined);
    return chain;
  }

  /**
   * `pipeline.drain`: resolves once everything queued before it was called is stored. Rows another
   * chain claimed are waited for (they may still be in preparation); unclaimed rows are run here.
   */
  async function drainQueue(): Promise<number> {
    let processed = 0;
    for (;;) {
      while (activeChains.size > 0) await Promise.allSettled([...activeChains]);
      // The stop waits for the chains; what is still queued is processed after the next start.
      if (stopping) return processed;
      const rows = stores.consumer.claimBatch(init.batchSize);
      if (rows.length === 0) {
        if (activeChains.size > 0) continue;
        await serially(flushIndex);
        // Drained means announced too: what waits for the end of its window goes now.
        changes.flushAll();
        itemChanges.flushAll();
        return processed;
      }
      processed += rows.length;
      await runChain(rows);
    }
  }

  /** 1 while this worker sleeps with nothing to claim: ingest then wakes it (controller.ts). */
  const sleeping = init.sleeping ? new Int32Array(init.sleeping) : undefined;
  const IDLE_POLL_MS = init.idlePollMs ?? 1000;

  async function drain(): Promise<void> {
    while (!stopping) {
      const pause = lastClaim + CLAIM_INTERVAL_MS - performance.now();
      if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
      if (stopping) break;
      let rows = claim();
      if (rows.length === 0 && sleeping) {
        // Say so before looking once more: a commit made after the claim above and before the flag
        // would not wake us, and this claim sees it.
        Atomics.store(sleeping, 0, 1);
        rows = claim();
        if (rows.length > 0) Atomics.store(sleeping, 0, 0);
      }
      if (rows.length === 0) {
        // Idle: the index rows gathered go to DuckDB soon, unless more come.
        indexBuffer.idle();
        // The queue's file gives back a step of the space a burst left, one every 50 ms.
        const shrinking = stores.consumer.shrink();
        // Nothing queued: sleep until ingest wakes us (or IDLE_POLL_MS pass, for leases that expired).
        await new Promise<void>((resolve) => {
          wakeUp = resolve;
          setTimeout(resolve, shrinking ? 50 : IDLE_POLL_MS).unref();
        });
        wakeUp = undefined;
        if (sleeping) Atomics.store(sleeping, 0, 0);
        continue;
      }
      await runChain(rows);
    }
  }

  post({ type: 'ready' });
  // The young generation a burst grew, given back once the worker is idle (see idle-gc.ts).
  collectWhenIdle();
  try {
    if (early) await runChain(early.rows, early.prepared);
    await drain();
    // A drain a command started before the stop may still run chains.
    while (activeChains.size > 0) await Promise.allSettled([...activeChains]);
    await serially(flushIndex);
    await checkpoints.stop();
    // Whatever else waits for DuckDB's writer (a flush's write) is done before it closes.
    await closeIndex();
    await stores.pool?.close();
    stores.outcomes.close();
    stores.consumer.close();
    db.close();
    post({ type: 'stopped' });
    // The message port would keep this thread alive; the work is done.
    process.exit(0);
  } catch (error) {
    await fatal(error);
  }
}
