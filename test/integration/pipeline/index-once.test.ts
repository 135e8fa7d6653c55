/**
 * An event id gets one `errors` row: sent again in a later envelope (the `events` table knows it),
 * or replayed after a crash that came after DuckDB had its row but before SQLite counted it (the
 * envelope was claimed before, so DuckDB is asked).
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { prepareBatch } from '../../../src-main/core/pipeline/prepare-batch.ts';
import { type PipelineStores, processBatch } from '../../../src-main/core/pipeline/process-batch.ts';
import { batchOf, writeErrorsBatch } from '../../../src-main/core/store/duckdb/errors_writer.ts';
import type { EventIndex } from '../../../src-main/core/store/duckdb/open_event_index.ts';
import type { SqliteDb } from '../../../src-main/core/store/sqlite.ts';
import { openPipeline, type PipelineFixture } from '../../support/pipeline.ts';

let pipeline: PipelineFixture;
let db: SqliteDb;
let index: EventIndex;
let stores: PipelineStores;
const send = (eventId: string) => pipeline.send(eventId);

beforeAll(async () => {
  pipeline = await openPipeline();
  ({ db, index, stores } = pipeline);
});
afterAll(() => pipeline?.close());

async function errorsRows(eventId: string): Promise<number> {
  const conn = await index.connect();
  try {
    const reader = await conn.runAndReadAll(
      'SELECT count(*)::INTEGER FROM errors WHERE event_id = $id::UUID',
      {
        id: eventId,
      },
    );
    return Number(reader.getRowsJS()[0]?.[0]);
  } finally {
    conn.closeSync();
  }
}

const counted = (eventId: string) =>
  db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM events WHERE event_id = ?').get(eventId)?.n;

it('stores an event id sent again in a later envelope once', async () => {
  const eventId = crypto.randomBytes(16).toString('hex');
  await send(eventId);
  expect((await processBatch(stores.consumer.claimBatch(10), stores)).stored).toBe(1);
  await send(eventId);
  const again = stores.consumer.claimBatch(10);
  expect(again.map((row) => row.attempts)).toEqual([1]);
  expect((await processBatch(again, stores)).stored).toBe(0);
  expect(await errorsRows(eventId)).toBe(1);
  expect(counted(eventId)).toBe(1);
});

it('stores an event indexed before a crash once when its envelope is replayed', async () => {
  const eventId = crypto.randomBytes(16).toString('hex');
  await send(eventId);
  // The crashed run: claimed, prepared, its row in DuckDB, nothing committed to SQLite.
  const claimed = stores.consumer.claimBatch(10);
  const errors = prepareBatch(claimed, stores).prepared[0]?.prepared?.errors;
  if (!errors) throw new Error('the envelope did not prepare');
  await writeErrorsBatch(index, [{ ...errors, line: batchOf(index).encoder.withGroupId(errors.line, 1) }]);
  expect(counted(eventId)).toBe(0);
  // The next worker takes the lease back and runs the envelope again.
  stores.consumer.release(claimed.map((queued) => queued.id));
  const replayed = stores.consumer.claimBatch(10);
  expect(replayed.map((queued) => queued.attempts)).toEqual([2]);
  expect((await processBatch(replayed, stores)).stored).toBe(1);
  expect(await errorsRows(eventId)).toBe(1);
  expect(counted(eventId)).toBe(1);
});
