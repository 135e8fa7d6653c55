/**
 * The worker's DuckDB writes: the `errors` rows of several batches go to DuckDB in one write, a
 * quarter second after the first (or at once when enough wait), and the batches' queue rows are
 * deleted only after it. Events are on their issues (SQLite) before.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import {
  FLUSH_DELAY_MS,
  FLUSH_ROWS,
  IDLE_FLUSH_MS,
  IndexBuffer,
} from '../../../src-main/core/pipeline/index-buffer.ts';
import { type PipelineStores, processBatch } from '../../../src-main/core/pipeline/process-batch.ts';
import { openPipeline, type PipelineFixture } from '../../support/pipeline.ts';

let pipeline: PipelineFixture;
let failures: unknown[];
let stores: PipelineStores;
beforeEach(async () => {
  pipeline = await openPipeline();
  failures = [];
  stores = {
    ...pipeline.stores,
    indexBuffer: new IndexBuffer(pipeline.index, pipeline.stores.consumer, (error) => failures.push(error)),
  };
});
afterEach(() => pipeline?.close());

const count = (table: string, db = pipeline.db) =>
  (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

async function errorsRows(): Promise<number> {
  const conn = await pipeline.index.connect();
  try {
    return Number((await conn.runAndReadAll('SELECT count(*)::INTEGER FROM errors')).getRowsJS()[0]?.[0]);
  } finally {
    conn.closeSync();
  }
}

async function sendAndStore(events: number): Promise<void> {
  for (let i = 0; i < events; i++) await pipeline.send();
  expect((await processBatch(stores.consumer.claimBatch(events), stores)).stored).toBe(events);
}

it('writes the rows of several batches at once, a moment after the first, then deletes their queue rows', async () => {
  await sendAndStore(3);
  await sendAndStore(2);
  // Counted on their issues, not yet in DuckDB, still in the queue (marked processed).
  expect(count('events')).toBe(5);
  expect(await errorsRows()).toBe(0);
  expect(count('ingest_queue', pipeline.queueDb)).toBe(5);
  expect(count('ingest_queue_processed')).toBe(5);
  await new Promise((resolve) => setTimeout(resolve, FLUSH_DELAY_MS + 200));
  expect(await errorsRows()).toBe(5);
  expect(count('ingest_queue', pipeline.queueDb)).toBe(0);
  expect(count('ingest_queue_processed')).toBe(0);
  expect(failures).toEqual([]);
});

it('writes soon once the worker is idle, unless more rows come first', async () => {
  await sendAndStore(2);
  stores.indexBuffer?.idle();
  // More rows before the idle wait is over: the worker was not idle after all.
  await sendAndStore(1);
  await new Promise((resolve) => setTimeout(resolve, IDLE_FLUSH_MS + 100));
  expect(await errorsRows()).toBe(0);
  stores.indexBuffer?.idle();
  await new Promise((resolve) => setTimeout(resolve, IDLE_FLUSH_MS + 150));
  expect(await errorsRows()).toBe(3);
  expect(IDLE_FLUSH_MS + 250).toBeLessThan(FLUSH_DELAY_MS);
  expect(count('ingest_queue', pipeline.queueDb)).toBe(0);
  expect(failures).toEqual([]);
});

it('flush writes what waits at once', async () => {
  await sendAndStore(2);
  await stores.indexBuffer?.flush();
  expect(await errorsRows()).toBe(2);
  expect(count('ingest_queue', pipeline.queueDb)).toBe(0);
});

it('writes without waiting once enough rows wait', async () => {
  const buffer = stores.indexBuffer as IndexBuffer;
  const [row] = (await prepared(1)).rows;
  if (!row) throw new Error('nothing prepared');
  // FLUSH_ROWS rows of one event: written as one (the first of an id wins), right away.
  await buffer.add(
    [],
    Array.from({ length: FLUSH_ROWS }, () => row),
    false,
  );
  await buffer.add([], [], false);
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(await errorsRows()).toBe(1);
});

it('after a failed write nothing is deleted from the queue, and later writes fail too', async () => {
  await sendAndStore(2);
  pipeline.index.close();
  await expect(stores.indexBuffer?.flush()).rejects.toThrow();
  expect(count('ingest_queue', pipeline.queueDb)).toBe(2);
  // The next batch fails too: at its rows' write, or already at its groups' copy to the mirrors
  // (which it makes when a mirrored value of its group changed, e.g. the second of last_seen).
  const next = (async () => {
    await sendAndStore(1);
    await stores.indexBuffer?.flush();
  })();
  await expect(next).rejects.toThrow(/an earlier index write failed|connection disconnected/);
  expect(count('ingest_queue', pipeline.queueDb)).toBe(3);
});

/** The `errors` lines of `events` new events, as step 4 gets them. */
async function prepared(events: number) {
  for (let i = 0; i < events; i++) await pipeline.send();
  const gathered: { rows: unknown[] } = { rows: [] };
  const capture = {
    ...pipeline.stores,
    indexBuffer: {
      add(_queueRows: readonly number[], rows: readonly unknown[]) {
        gathered.rows.push(...rows);
        return Promise.resolve();
      },
    } as unknown as IndexBuffer,
  };
  await processBatch(capture.consumer.claimBatch(events), capture);
  return gathered as { rows: Parameters<IndexBuffer['add']>[1] };
}
