/**
 * An event whose id the project already has is dropped before it is grouped (as Sentry's ingest
 * consumer drops a duplicated event): no issue is created or touched, nothing is counted, no
 * outcome is recorded, and DuckDB keeps one row. `sentry-cli send-event --raw` sends every event
 * with the id 000…0, and SDKs retry envelopes, so this happens in practice.
 */
import crypto from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { IndexBuffer } from '../../../src-main/core/pipeline/index-buffer.ts';
import { type PipelineStores, processBatch } from '../../../src-main/core/pipeline/process-batch.ts';
import { pipelineStores } from '../../../src-main/core/pipeline/stores.ts';
import type { EventIndex } from '../../../src-main/core/store/duckdb/open_event_index.ts';
import type { QueueEntry } from '../../../src-main/core/store/queue.ts';
import type { SqliteDb } from '../../../src-main/core/store/sqlite.ts';
import { sendEnvelope, startCore } from '../../support/core.ts';
import {
  capture,
  openPipeline,
  type PipelineFixture,
  processThenCrashBeforeAck,
  queueEntry,
} from '../../support/pipeline.ts';

const newId = () => crypto.randomBytes(16).toString('hex');

let pipeline: PipelineFixture;
let db: SqliteDb;
let index: EventIndex;
let stores: PipelineStores;
beforeEach(async () => {
  pipeline = await openPipeline();
  ({ db, index, stores } = pipeline);
});
afterEach(() => pipeline?.close());

function enqueue(name: 'node' | 'browser', eventId: string, projectId = 1): Promise<number> {
  const entry: QueueEntry = { ...queueEntry(eventId), projectId, envelope: capture(name, eventId) };
  return pipeline.queue.enqueue(entry);
}

const storeQueued = (using: PipelineStores = stores) => processBatch(using.consumer.claimBatch(10), using);

interface GroupRow {
  id: number;
  title: string;
  times_seen: number;
  short_id: number;
}
const groups = () =>
  db.prepare<[], GroupRow>('SELECT id, title, times_seen, short_id FROM groups ORDER BY id').all();
const count = (sql: string, ...params: unknown[]) =>
  Number(
    db
      .prepare(sql)
      .pluck()
      .get(...params),
  );

async function duckdbCount(sql: string): Promise<number> {
  const conn = await index.connect();
  try {
    return Number((await conn.runAndReadAll(sql)).getRowsJS()[0]?.[0]);
  } finally {
    conn.closeSync();
  }
}

const outcomes = () =>
  stores.outcomes.list().map(({ outcome, category, quantity }) => ({ outcome, category, quantity }));

it('an event id sent again with other content creates no issue and changes no count', async () => {
  const eventId = newId();
  await enqueue('node', eventId);
  expect((await storeQueued()).stored).toBe(1);
  const before = groups();
  expect(before).toHaveLength(1);
  const acceptedBefore = outcomes();

  await enqueue('browser', eventId);
  const again = await storeQueued();
  expect(again.stored).toBe(0);
  expect(again.changes.size).toBe(0);
  expect(groups()).toEqual(before);
  expect(count('SELECT count(*) FROM events WHERE event_id = ?', eventId)).toBe(1);
  expect(count('SELECT count(*) FROM group_hashes')).toBe(
    count('SELECT count(*) FROM group_hashes WHERE group_id = ?', before[0]?.id),
  );
  // Sentry records no outcome for a dropped duplicate.
  expect(outcomes()).toEqual(acceptedBefore);
  expect(await duckdbCount(`SELECT count(*) FROM errors WHERE event_id = '${eventId}'::UUID`)).toBe(1);
  expect(await duckdbCount('SELECT count(*) FROM groupedmessage')).toBe(1);
  // No short id was spent on a group created and left empty.
  expect(count('SELECT value FROM project_counters WHERE project_id = 1')).toBe(1);
});

it('of two envelopes with one event id in the same batch, the first is stored and the second dropped', async () => {
  const eventId = newId();
  await enqueue('node', eventId);
  await enqueue('browser', eventId);
  const result = await storeQueued();
  expect(result.processed).toBe(2);
  expect(result.stored).toBe(1);
  expect(groups()).toMatchObject([{ times_seen: 1 }]);
  // The Node capture's issue, queued first.
  expect(db.prepare('SELECT platform FROM groups').pluck().all()).toEqual(['node']);
  expect(count('SELECT count(*) FROM events')).toBe(1);
  expect(outcomes()).toEqual([{ outcome: 'accepted', category: 'error', quantity: 1 }]);
  expect(await duckdbCount('SELECT count(*) FROM errors')).toBe(1);
  expect(await duckdbCount('SELECT count(*) FROM groupedmessage')).toBe(1);
});

it('a batch with a duplicate replayed after a crash before its ack changes nothing', async () => {
  const eventId = newId();
  await enqueue('node', eventId);
  await enqueue('browser', eventId);
  // The crashed run: steps 2-4 done, the process died before deleting the rows.
  await processThenCrashBeforeAck(stores.consumer.claimBatch(10), stores);
  const before = groups();

  const next = pipelineStores(db, index, pipeline.dataDir);
  try {
    next.consumer.recover();
    const again = next.consumer.claimBatch(10);
    expect(again).toHaveLength(2);
    expect((await processBatch(again, next)).stored).toBe(0);
  } finally {
    next.consumer.close();
    next.outcomes.close();
  }
  expect(groups()).toEqual(before);
  expect(groups()).toMatchObject([{ times_seen: 1 }]);
  expect(count('SELECT count(*) FROM events')).toBe(1);
  expect(outcomes()).toEqual([{ outcome: 'accepted', category: 'error', quantity: 1 }]);
  expect(await duckdbCount('SELECT count(*) FROM errors')).toBe(1);
});

it('the same event id in another project is another event', async () => {
  db.prepare("INSERT INTO projects (id, slug, name, created_at) VALUES (2, 'second', 'Second', 0)").run();
  const eventId = newId();
  await enqueue('node', eventId, 1);
  await enqueue('node', eventId, 2);
  expect((await storeQueued()).stored).toBe(2);
  expect(count('SELECT count(DISTINCT project_id) FROM groups')).toBe(2);
});

it('with the worker buffer, a duplicate adds no errors row while the first one still waits', async () => {
  const buffered = { ...stores, indexBuffer: new IndexBuffer(index, stores.consumer, () => undefined) };
  const eventId = newId();
  await enqueue('node', eventId);
  expect((await storeQueued(buffered)).stored).toBe(1);
  await enqueue('browser', eventId);
  expect((await storeQueued(buffered)).stored).toBe(0);
  await buffered.indexBuffer.flush();
  expect(await duckdbCount(`SELECT count(*) FROM errors WHERE event_id = '${eventId}'::UUID`)).toBe(1);
  expect(groups()).toHaveLength(1);
});

describe('through the envelope endpoint', () => {
  let core: Core | undefined;
  afterEach(async () => {
    await core?.close();
    core = undefined;
  });

  it('two envelopes with the same event id make one issue, with one event', async () => {
    core = await startCore();
    const eventId = newId();
    for (const name of ['node', 'browser'] as const) {
      await sendEnvelope(core, new Uint8Array(capture(name, eventId)));
    }
    const rows = core.ctx.db.prepare<[], { times_seen: number }>('SELECT times_seen FROM groups').all();
    expect(rows).toEqual([{ times_seen: 1 }]);
    const response = await core.ctx.pipeline.call('snql.query', {
      query: 'MATCH (groupedmessage) SELECT id, status WHERE project_id = 1',
    });
    expect(response).toMatchObject({ data: [{ status: 0 }] });
  });
});
