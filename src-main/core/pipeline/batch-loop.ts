/**
 * The worker's batch loop: batches stored back to back, each next batch claimed and prepared
 * while the current one is stored (step 1 touches no store: it runs on the prepare threads of
 * prepare-pool.ts, or here while DuckDB writes). Nothing of the next batch is written before its
 * own steps 2-5, which start only once the current batch's are done: the replay guarantees of
 * process-batch.ts are unchanged.
 */
import type { QueuedEnvelope } from '../store/queue.ts';
import { type PreparedBatch, prepareBatch } from './prepare-batch.ts';
import { type BatchResult, type PipelineStores, storeBatch, type Timed } from './process-batch.ts';

/** Envelopes prepared between two turns of the event loop (a few milliseconds of work). */
const PREPARE_STEP = 32;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * `prepareBatch` in steps that give the event loop a turn in between, so that DuckDB's replies
 * for the batch being indexed (and worker messages) are handled while this one is prepared.
 * The time of each step is added to `spent` as well.
 */
export async function prepareBatchInSteps(
  rows: QueuedEnvelope[],
  stores: PipelineStores,
  spent?: Timed,
): Promise<PreparedBatch> {
  const batch: PreparedBatch = { rows, prepared: [], policies: [], invalid: [], ms: 0 };
  for (let start = 0; start < rows.length; start += PREPARE_STEP) {
    await nextTurn();
    const step = prepareBatch(rows.slice(start, start + PREPARE_STEP), stores);
    batch.prepared.push(...step.prepared);
    batch.policies.push(...step.policies);
    batch.invalid.push(...step.invalid);
    batch.ms += step.ms;
    if (spent) spent.ms += step.ms;
  }
  return batch;
}

/** `first`'s rows followed by `last`'s, as one batch of `rows`. */
function joined(rows: QueuedEnvelope[], first: PreparedBatch, last: PreparedBatch): PreparedBatch {
  return {
    rows,
    prepared: [...first.prepared, ...last.prepared],
    policies: [...first.policies, ...last.policies],
    invalid: [...first.invalid, ...last.invalid],
    ms: first.ms + last.ms,
  };
}

/**
 * Step 1 for claimed rows: on the stores' prepare threads when there are some, the last rows (the
 * pool's WriterShare) here in steps beside them; else all here in steps (`prepareBatchInSteps`;
 * their time goes to `spent`).
 */
export function prepareRows(
  rows: QueuedEnvelope[],
  stores: PipelineStores,
  spent?: Timed,
): Promise<PreparedBatch> {
  const { pool } = stores;
  if (!pool) return prepareBatchInSteps(rows, stores, spent);
  const here = pool.writerShare.rowsHere(rows.length);
  if (here === 0) return pool.prepare(rows, stores.policyFor);
  const split = rows.length - here;
  const started = performance.now();
  const finished = (part: Promise<PreparedBatch>) =>
    part.then((batch) => ({ batch, ms: performance.now() - started }));
  const there = finished(pool.prepare(rows.slice(0, split), stores.policyFor));
  const mine = finished(prepareBatchInSteps(rows.slice(split), stores, spent));
  return Promise.all([there, mine]).then(([first, last]) => {
    pool.writerShare.observe({ rows: here, ms: last.ms }, { rows: split, ms: first.ms });
    return joined(rows, first.batch, last.batch);
  });
}

export interface BatchLoop {
  /** Runs one batch's steps 2-5 in the caller's order of work (the worker's one-at-a-time queue). */
  schedule<T>(work: () => Promise<T>): Promise<T>;
  /** The next rows to process, claimed from the queue; empty to end the chain. */
  claimNext(): QueuedEnvelope[];
  onResult(result: BatchResult & Timed): void;
}

/**
 * Stores `first` and then, as long as `claimNext` returns rows, the batches after it. Each next
 * batch is claimed as soon as the current one's turn comes, prepared or not (with prepare threads),
 * or once its DuckDB step starts (without: it is then prepared in steps while DuckDB writes), and
 * scheduled at once (so it runs right after the current batch and before any work scheduled later,
 * exactly as if it had been claimed after it). A batch whose predecessor failed
 * is not stored. Resolves when the last batch of the chain is stored.
 *
 * Under steady load a chain goes on for as long as the queue has rows, and each call waits for the
 * rest of it: so no call keeps its batch (envelopes, parsed events) or its result once stored;
 * holding them leaked ~35 KB an event for as long as the load lasted.
 */
export async function storeBatches(
  first: PreparedBatch | Promise<PreparedBatch> | undefined,
  stores: PipelineStores,
  loop: BatchLoop,
  previous?: Promise<void>,
): Promise<void> {
  let following: Promise<void> | undefined;
  let pending = first;
  first = undefined;
  let before = previous;
  previous = undefined;
  const storing: Promise<void> = loop.schedule(async () => {
    await before;
    before = undefined;
    const startNext = (overlapped?: Timed) => {
      const rows = loop.claimNext();
      if (rows.length === 0) return;
      const preparing = prepareRows(rows, stores, overlapped);
      // Awaited when its turn comes; until then a failure must not count as unhandled.
      preparing.catch(() => undefined);
      following = storeBatches(preparing, stores, loop, storing);
    };
    // Prepare threads take the next batch at once, while they may still be preparing this one:
    // they then always have a batch to go on with (handed over only once this one was ready, they
    // stood idle ~20% of the time, while it was received and the next claimed and sent), and steps
    // 2-5 of this one run beside it. Prepared here, the next waits until DuckDB has this batch's
    // rows and this thread is free.
    if (stores.pool && pending !== undefined) startNext();
    const batch = await pending;
    pending = undefined;
    if (!batch) return;
    const result = await storeBatch(batch, stores, stores.pool ? undefined : startNext);
    loop.onResult(result);
  });
  try {
    await storing;
  } catch (error) {
    following?.catch(() => undefined);
    throw error;
  }
  await following;
}
