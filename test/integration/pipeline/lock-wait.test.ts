/**
 * Ingest and the pipeline write one SQLite database. The queue's writer thread raises a shared
 * flag while it waits for the write lock, and the pipeline then ends its transaction after the
 * event it is writing once it has held the lock a millisecond: an acknowledgement waits about that
 * long, not for a slice of events.
 */
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
