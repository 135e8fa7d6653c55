/**
 * The ingest queue has its own SQLite file. Ingest commits while the pipeline holds the metadata
 * database's write lock; the pipeline shares only the queue file's lock with ingest (to claim and
 * delete rows), raising a flag while it waits so that ingest lets it go first. Processing a row
 * and deleting it are separate files, so the work's SQLite transaction marks the row processed: a
 * row marked and not deleted (a crash in between) gets only its missing DuckDB rows, and is never
 * counted twice.
 */
import crypto from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { IndexBuffer } from '../../../src-main/core/pipeline/index-buffer.ts';
import { processBatch } from '../../../src-main/core/pipeline/process-batch.ts';
import { pipelineStores } from '../../../src-main/core/pipeline/stores.ts';
import { type EventIndex, openEventIndex } from '../../../src-main/core/store/duckdb/open_event_index.ts';
import { openPipeline, type PipelineFixture, processThenCrashBeforeAck } from '../../support/pipeline.ts';

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

const count = (db: PipelineFixture['db'], table: string) =>
  (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

const accepted = (db: PipelineFixture['db']) =>
  db.prepare("SELECT sum(quantity) FROM outcomes WHERE category = 'error' AND outcome = 0").pluck().get();

/** `errors` rows (matching `where`), read on a connection of their own. */
async function errorsRows(index: EventIndex, where = 'true'): Promise<number> {
  const conn = await index.connect();
  try {
    const reader = await conn.runAndReadAll(`SELECT count(*)::INTEGER FROM errors WHERE ${where}`);
    return Number(reader.getRowsJS()[0]?.[0]);
  } finally {
    conn.closeSync();
  }
}

it('ingest acknowledges while the pipeline holds the metadata database write lock', async () => {
  const { db, queueDb } = pipeline;
  db.exec('BEGIN IMMEDIATE');
  try {
    // With one shared database this waited for the COMMIT below (and failed after 5 s).
    expect(await pipeline.send()).toBeGreaterThan(0);
    expect(count(queueDb, 'ingest_queue')).toBe(1);
  } finally {
    db.exec('COMMIT');
  }
});

it('the pipeline raises its own flag while ingest holds the queue lock, so that ingest lets it go first', async () => {
  const { queue, queueDb, stores } = pipeline;
  for (let i = 0; i < 3; i++) await pipeline.send();
  const rows = stores.consumer.claimBatch(10);
  // Another thread holds the queue's write lock, as the writer thread does while it commits, and
  // looks at the pipeline's flag before it lets go.
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
    { eval: true, workerData: { file: queueDb.name, flag: queue.pipelineWait.buffer } },
  );
  const messages: unknown[] = [];
  const holding = new Promise((resolve) => holder.once('message', resolve));
  holder.on('message', (message) => messages.push(message));
  await holding;
  // Stores the events, then blocks deleting the rows until the other thread commits: it sees the
  // flag raised meanwhile.
  const result = await processBatch(rows, stores);
  await until('the holder reporting', () => messages.length === 2);
  await holder.terminate();
  expect(messages).toEqual(['holding', true]);
  expect(result.stored).toBe(3);
  expect(queue.pipelineWait.raised).toBe(false);
  expect(count(queueDb, 'ingest_queue')).toBe(0);
});

it('ingest waits for a waiting pipeline only a moment, never for good', async () => {
  const { queue } = pipeline;
  queue.pipelineWait.raise(); // as if the pipeline waited and never got the lock
  // Committed all the same (waiting for good would fail this test by its timeout).
  expect(await pipeline.send()).toBeGreaterThan(0);
  queue.pipelineWait.lower();
});

it('rows processed and not deleted before a crash are deleted at the next start, not processed again', async () => {
  const { dataDir, db, queueDb, index, stores } = pipeline;
  for (let i = 0; i < 4; i++) await pipeline.send();
  // The crashed run: every transaction of step 3 committed, DuckDB's too, the process died before step 5.
  await processThenCrashBeforeAck(stores.consumer.claimBatch(10), stores);
  expect(count(db, 'events')).toBe(4);
  expect(count(db, 'ingest_queue_processed')).toBe(4);
  expect(count(queueDb, 'ingest_queue')).toBe(4);
  stores.outcomes.flush();
  expect(accepted(db)).toBe(4);

  // The next worker: its own consumer, as after a restart. The rows come back flagged processed.
  const next = pipelineStores(db, index, dataDir);
  try {
    next.consumer.recover();
    const again = next.consumer.claimBatch(10);
    expect(again.map((row) => row.processed)).toEqual([true, true, true, true]);
    expect((await processBatch(again, next)).stored).toBe(0);
    expect(count(queueDb, 'ingest_queue')).toBe(0);
    expect(count(db, 'ingest_queue_processed')).toBe(0);
    expect(next.consumer.claimBatch(10)).toEqual([]);
  } finally {
    next.consumer.close();
    next.outcomes.close();
  }
  expect(count(db, 'events')).toBe(4);
  expect(accepted(db)).toBe(4);
  expect(await errorsRows(index)).toBe(4);
});

it('rows whose DuckDB write a crash prevented get their rows at the next start, counted once', async () => {
  const { dataDir, db, queueDb, stores } = pipeline;
  const eventIds = Array.from({ length: 5 }, () => crypto.randomBytes(16).toString('hex'));
  for (const eventId of eventIds) await pipeline.send(eventId);
  // As the worker: the rows gathered for a DuckDB write a quarter second later, which the crash
  // comes before (the write then fails on the closed index).
  const shared = { ...stores, indexBuffer: new IndexBuffer(stores.index, stores.consumer, () => undefined) };
  expect((await processBatch(stores.consumer.claimBatch(10), shared)).stored).toBe(5);
  expect(count(db, 'events')).toBe(5);
  stores.index.close();
  const index = await openEventIndex(stores.index.path);
  try {
    expect(await errorsRows(index)).toBe(0);
    const next = pipelineStores(db, index, dataDir);
    try {
      next.consumer.recover();
      const again = next.consumer.claimBatch(10);
      expect(again.every((row) => row.processed)).toBe(true);
      expect((await processBatch(again, next)).stored).toBe(0);
      expect(count(queueDb, 'ingest_queue')).toBe(0);
      expect(count(db, 'ingest_queue_processed')).toBe(0);
    } finally {
      next.consumer.close();
      next.outcomes.close();
    }
    expect(await errorsRows(index)).toBe(5);
    // On the group of their `events` rows (one issue: the same capture five times).
    const groups = db.prepare('SELECT DISTINCT group_id FROM events').pluck().all();
    expect(groups).toHaveLength(1);
    expect(await errorsRows(index, `group_id = ${Number(groups[0])}`)).toBe(5);
    expect(db.prepare('SELECT sum(times_seen) FROM groups').pluck().get()).toBe(5);
    stores.outcomes.flush();
    expect(accepted(db)).toBe(5);
  } finally {
    index.close();
  }
});

it('a row found marked processed when claimed comes back flagged, and is not counted again', async () => {
  const { db, stores } = pipeline;
  const first = await pipeline.send();
  const second = await pipeline.send();
  // A consumer that claimed both and died after step 3 of the first: claimed again, it is flagged.
  expect(stores.consumer.claimBatch(10)).toHaveLength(2);
  db.transaction(() => stores.consumer.markProcessed([first]))();
  stores.consumer.recover();
  const claimed = stores.consumer.claimBatch(10);
  expect(claimed.map((row) => [row.id, row.processed ?? false])).toEqual([
    [first, true],
    [second, false],
  ]);
  expect((await processBatch(claimed, stores)).stored).toBe(1);
  expect(count(db, 'events')).toBe(1);
  expect(count(db, 'ingest_queue_processed')).toBe(0);
});
