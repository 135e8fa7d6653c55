/**
 * SnQL's group entities (`groupedmessage`, `group_attributes`) and the events' joins to them see
 * the issues the pipeline creates and counts on, not only those a command changed: each batch
 * copies the groups it touched to DuckDB's mirrors before its rows are written, and a batch
 * replayed after a crash copies them again.
 */
import crypto from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { GROUP_COMMANDS } from '../../../src-main/core/pipeline/group-commands.ts';
import { IndexBuffer } from '../../../src-main/core/pipeline/index-buffer.ts';
import { backfillGroupMirrors } from '../../../src-main/core/pipeline/mirrors.ts';
import { type PipelineStores, processBatch } from '../../../src-main/core/pipeline/process-batch.ts';
import { pipelineStores } from '../../../src-main/core/pipeline/stores.ts';
import { runSnql } from '../../../src-main/core/snql/execute.ts';
import { type EventIndex, openEventIndex } from '../../../src-main/core/store/duckdb/open_event_index.ts';
import type { SqliteDb } from '../../../src-main/core/store/sqlite.ts';
import type { SnqlRow } from '../../../src-shared/snql-api.ts';
import {
  capture,
  openPipeline,
  type PipelineFixture,
  processThenCrashBeforeAck,
  queueEntry,
} from '../../support/pipeline.ts';

const HOUR_MS = 3600 * 1000;

let pipeline: PipelineFixture;
let db: SqliteDb;
let stores: PipelineStores;
beforeEach(async () => {
  pipeline = await openPipeline();
  ({ db, stores } = pipeline);
});
afterEach(() => pipeline?.close());

async function send(name: 'node' | 'browser', at?: number): Promise<void> {
  const eventId = crypto.randomBytes(16).toString('hex');
  await pipeline.queue.enqueue({ ...queueEntry(eventId), envelope: capture(name, eventId, at) });
}

const storeQueued = (using: PipelineStores = stores) => processBatch(using.consumer.claimBatch(10), using);

async function snql(query: string, index: EventIndex = pipeline.index): Promise<SnqlRow[]> {
  const conn = await index.connect();
  try {
    const response = await runSnql(conn, query);
    if ('error' in response) throw new Error(`${response.error.message}\n${query}`);
    return response.data;
  } finally {
    conn.closeSync();
  }
}

interface GroupRow {
  id: number;
  status: number;
  substatus: number;
  first_seen: number;
  last_seen: number;
}
const groups = () =>
  db
    .prepare<[], GroupRow>('SELECT id, status, substatus, first_seen, last_seen FROM groups ORDER BY id')
    .all();

/** A time as SnQL returns a `DateTime`: whole seconds, ISO 8601 with the UTC offset. */
const dateTime = (ms: number) => `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}+00:00`;

const GROUPEDMESSAGE =
  'MATCH (groupedmessage) SELECT id, status, first_seen, last_seen WHERE project_id = 1 ORDER BY id ASC';
const GROUP_ATTRIBUTES =
  'MATCH (group_attributes) SELECT group_id, group_status, group_substatus, group_first_seen WHERE project_id = 1 ORDER BY group_id ASC';

const mirrored = (rows: GroupRow[]) =>
  rows.map((row) => ({
    id: row.id,
    status: row.status,
    first_seen: dateTime(row.first_seen),
    last_seen: dateTime(row.last_seen),
  }));

it('new issues are in groupedmessage and group_attributes once their batch is stored', async () => {
  await send('node');
  await send('browser');
  await send('node');
  expect((await storeQueued()).stored).toBe(3);
  const issues = groups();
  expect(issues).toHaveLength(2);
  expect(await snql(GROUPEDMESSAGE)).toEqual(mirrored(issues));
  expect(await snql(GROUP_ATTRIBUTES)).toEqual(
    issues.map((row) => ({
      group_id: row.id,
      group_status: 0,
      group_substatus: 7, // new
      group_first_seen: dateTime(row.first_seen),
    })),
  );
});

it('events join their issue: -[grouped]-> groupedmessage and -[attributes]-> group_attributes', async () => {
  await send('node');
  await send('node');
  await storeQueued();
  const [issue] = groups();
  if (!issue) throw new Error('no issue');
  const window = `e.timestamp >= toDateTime('${new Date(issue.first_seen - HOUR_MS).toISOString()}') AND e.timestamp < toDateTime('${new Date(issue.last_seen + HOUR_MS).toISOString()}')`;
  expect(
    await snql(
      `MATCH (e: events) -[grouped]-> (g: groupedmessage) SELECT g.id, g.status, count() AS events BY g.id, g.status WHERE e.project_id = 1 AND g.project_id = 1 AND ${window}`,
    ),
  ).toEqual([{ 'g.id': issue.id, 'g.status': 0, events: 2 }]);
  expect(
    await snql(
      `MATCH (e: events) -[attributes]-> (a: group_attributes) SELECT a.group_substatus, count() AS events BY a.group_substatus WHERE e.project_id = 1 AND a.project_id = 1 AND ${window}`,
    ),
  ).toEqual([{ 'a.group_substatus': 7, events: 2 }]);
});

it('a newer event moves last_seen, and a regression reopens the issue in the mirrors', async () => {
  const firstAt = Date.now() - 10 * 60 * 1000;
  await send('node', firstAt);
  await storeQueued();
  const [issue] = groups();
  if (!issue) throw new Error('no issue');
  await GROUP_COMMANDS['issues.update']?.run(
    stores,
    { projectId: 1, groupIds: [issue.id], update: { status: 'resolved' } },
    () => undefined,
  );
  expect(await snql(GROUPEDMESSAGE)).toMatchObject([{ id: issue.id, status: 1 }]);

  // Seconds later than the resolution (whole seconds, as the mirrors hold times).
  await send('node', Date.now() + 2000);
  await storeQueued();
  const [regressed] = groups();
  expect(regressed).toMatchObject({ status: 0, substatus: 6 });
  if (!regressed) throw new Error('no issue');
  expect(regressed.last_seen).toBeGreaterThan(issue.last_seen);
  expect(await snql(GROUPEDMESSAGE)).toEqual(mirrored([regressed]));
  expect(await snql(GROUP_ATTRIBUTES)).toMatchObject([
    { group_id: issue.id, group_status: 0, group_substatus: 6 },
  ]);
});

it("the issue is copied before the batch's rows go to the worker's buffer, whose write acks the batch", async () => {
  const buffer = new IndexBuffer(pipeline.index, stores.consumer, () => undefined);
  const copiedWhenHandedOver: SnqlRow[][] = [];
  const watching = {
    async add(queueRows: readonly number[], rows: Parameters<IndexBuffer['add']>[1], checkStored: boolean) {
      copiedWhenHandedOver.push(await snql(GROUPEDMESSAGE));
      return buffer.add(queueRows, rows, checkStored);
    },
  } as unknown as IndexBuffer;
  await send('node');
  await storeQueued({ ...stores, indexBuffer: watching });
  expect(copiedWhenHandedOver).toEqual([mirrored(groups())]);
  await buffer.flush();
  expect(pipeline.queueDb.prepare('SELECT count(*) FROM ingest_queue').pluck().get()).toBe(0);
});

it('a batch replayed after a crash that lost its copy copies its issues again, counting nothing twice', async () => {
  await send('node');
  await send('browser');
  // The crashed run: steps 2 and 3 committed, then the process died before its copy and its ack.
  await processThenCrashBeforeAck(stores.consumer.claimBatch(10), stores);
  await pipeline.index.exclusive(async (writer) => {
    await writer.run('DELETE FROM groupedmessage');
    await writer.run('DELETE FROM group_attributes');
  });
  const issues = groups();
  pipeline.index.close();

  // The next worker: its own DuckDB instance and consumer; the rows come back flagged processed.
  const index = await openEventIndex(pipeline.index.path);
  try {
    const next = pipelineStores(db, index, pipeline.dataDir);
    try {
      next.consumer.recover();
      const again = next.consumer.claimBatch(10);
      expect(again.map((row) => row.processed)).toEqual([true, true]);
      expect((await processBatch(again, next)).stored).toBe(0);
    } finally {
      next.consumer.close();
      next.outcomes.close();
    }
    expect(groups()).toEqual(issues);
    expect(await snql(GROUPEDMESSAGE, index)).toEqual(mirrored(issues));
    expect(await snql(GROUP_ATTRIBUTES, index)).toHaveLength(2);
  } finally {
    index.close();
  }
});

it('after a merge only the primary issue is in the mirrors, with the events of both', async () => {
  await send('node');
  await send('browser');
  await storeQueued();
  const issues = groups();
  const merged = (await GROUP_COMMANDS['issues.merge']?.run(
    stores,
    { projectId: 1, groupIds: issues.map((row) => row.id) },
    () => undefined,
  )) as { primaryId: number; mergedIds: number[] };
  expect(await snql('MATCH (groupedmessage) SELECT id WHERE project_id = 1')).toEqual([
    { id: merged.primaryId },
  ]);
  expect(await snql('MATCH (group_attributes) SELECT group_id WHERE project_id = 1')).toEqual([
    { group_id: merged.primaryId },
  ]);
  const window = `e.timestamp >= toDateTime('2000-01-01T00:00:00') AND e.timestamp < toDateTime('2100-01-01T00:00:00')`;
  expect(
    await snql(
      `MATCH (e: events) -[grouped]-> (g: groupedmessage) SELECT g.id, count() AS events BY g.id WHERE e.project_id = 1 AND g.project_id = 1 AND ${window}`,
    ),
  ).toEqual([{ 'g.id': merged.primaryId, events: 2 }]);
});

it('issues the mirrors lack (a data dir from before they were copied) are copied as the worker starts', async () => {
  await send('node');
  await send('browser');
  expect((await storeQueued()).stored).toBe(2);
  // As a data dir written before batches copied their groups: the mirrors are empty.
  await pipeline.index.exclusive(async (writer) => {
    await writer.run('DELETE FROM groupedmessage');
    await writer.run('DELETE FROM group_attributes');
  });
  expect(await snql(GROUPEDMESSAGE)).toEqual([]);
  expect(await backfillGroupMirrors(db, pipeline.index)).toBe(2);
  expect(await snql(GROUPEDMESSAGE)).toEqual(mirrored(groups()));
  expect((await snql(GROUP_ATTRIBUTES)).map((row) => row.group_id)).toEqual(groups().map((row) => row.id));
  // Nothing missing: nothing copied.
  expect(await backfillGroupMirrors(db, pipeline.index)).toBe(0);
});
