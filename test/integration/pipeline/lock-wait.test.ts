/**
 * Ingest and the pipeline write one SQLite database. The queue's writer thread raises a shared
 * flag while it waits for the write lock, and the pipeline then ends its transaction after the
 * event it is writing once it has held the lock a millisecond: an acknowledgement waits about that
 * long, not for a slice of events.
 */
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { processBatch } from '../../../src-main/core/pipeline/process-batch.ts';
import { openPipeline, type PipelineFixture } from '../../support/pipeline.ts';

let pipeline: PipelineFixture;
beforeEach(async () => {
  pipeline = await openPipeline();
});
afterEach(() => pipeline?.close());

async function until(what: string, condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within 5 s`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

it('the queue writer raises the flag while another connection holds the write lock, then commits', async () => {
  const { db, queue, stores } = pipeline;
  expect(stores.ingestWaits()).toBe(false);
  db.exec('BEGIN IMMEDIATE');
  let acknowledged = false;
  const sent = pipeline.send().then((id) => {
    acknowledged = true;
    return id;
  });
  await until('the writer raising the flag', () => queue.lockWait.raised);
  // The pipeline sees the same flag.
  expect(stores.ingestWaits()).toBe(true);
  expect(acknowledged).toBe(false);
  db.exec('COMMIT');
  expect(await sent).toBeGreaterThan(0);
  expect(queue.lockWait.raised).toBe(false);
  expect(db.prepare('SELECT count(*) AS n FROM ingest_queue').get()).toEqual({ n: 1 });
});

it('the pipeline ends its transaction after the current event once ingest has waited long enough', async () => {
  const { db, queue } = pipeline;
  // Without the grace period (a millisecond of writes by default), every event is its own transaction.
  const stores = { ...pipeline.stores, yieldAfterMs: 0 };
  // Each transaction of step 4 acknowledges its own queue rows: one ack call per transaction.
  const acks: number[] = [];
  const ack = stores.consumer.ack.bind(stores.consumer);
  stores.consumer.ack = (ids) => {
    acks.push(ids.length);
    ack(ids);
  };

  for (let i = 0; i < 6; i++) await pipeline.send();
  queue.lockWait.raise(); // as the writer does while it waits
  const waited = await processBatch(stores.consumer.claimBatch(100), stores);
  queue.lockWait.lower();
  expect(waited.stored).toBe(6);
  expect(acks).toEqual([1, 1, 1, 1, 1, 1]);

  acks.length = 0;
  for (let i = 0; i < 6; i++) await pipeline.send();
  const alone = await processBatch(stores.consumer.claimBatch(100), stores);
  expect(alone.stored).toBe(6);
  expect(acks).toEqual([6]);

  expect(db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 12 });
  expect(db.prepare('SELECT count(*) AS n FROM ingest_queue').get()).toEqual({ n: 0 });
});

it('the pipeline raises its own flag while ingest holds the lock, so that ingest lets it go first', async () => {
  const { db, queue, stores } = pipeline;
  for (let i = 0; i < 3; i++) await pipeline.send();
  const rows = stores.consumer.claimBatch(10);
  // Another thread holds the write lock, as the queue writer does while it commits, and looks at
  // the pipeline's flag before it lets go.
  const holder = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const Database = require('better-sqlite3');
     const db = new Database(workerData.file);
     const flag = new Int32Array(workerData.flag);
     db.exec('BEGIN IMMEDIATE');
     parentPort.postMessage('holding');
     const deadline = Date.now() + 3000;
     while (Atomics.load(flag, 0) === 0 && Date.now() < deadline) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
     const raised = Atomics.load(flag, 0) === 1;
     db.exec('COMMIT');
     db.close();
     parentPort.postMessage(raised);`,
    { eval: true, workerData: { file: db.name, flag: queue.pipelineWait.buffer } },
  );
  const messages: unknown[] = [];
  const holding = new Promise((resolve) => holder.once('message', resolve));
  holder.on('message', (message) => messages.push(message));
  await holding;
  // Blocks until the other thread commits: it sees the flag raised meanwhile.
  const result = await processBatch(rows, stores);
  await until('the holder reporting', () => messages.length === 2);
  await holder.terminate();
  expect(messages).toEqual(['holding', true]);
  expect(result.stored).toBe(3);
  expect(queue.pipelineWait.raised).toBe(false);
});

it('ingest waits for a waiting pipeline only a moment, never for good', async () => {
  const { queue } = pipeline;
  queue.pipelineWait.raise(); // as if the pipeline waited and never got the lock
  // Committed all the same (waiting for good would fail this test by its timeout).
  expect(await pipeline.send()).toBeGreaterThan(0);
  queue.pipelineWait.lower();
});
