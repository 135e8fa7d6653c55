/**
 * A pipeline over real stores in a temp data dir (SQLite, DuckDB, the ingest queue), for tests
 * that drive batches themselves, and the SDK capture they send with a fresh event id each time.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { EVENT_INDEX_FILE } from '../../src-main/core/pipeline/paths.ts';
import { type PipelineStores, processBatch } from '../../src-main/core/pipeline/process-batch.ts';
import { pipelineStores } from '../../src-main/core/pipeline/stores.ts';
import { type EventIndex, openEventIndex } from '../../src-main/core/store/duckdb/open_event_index.ts';
import { IngestQueue, type QueuedEnvelope, type QueueEntry } from '../../src-main/core/store/queue.ts';
import { openQueueDb } from '../../src-main/core/store/queue-db.ts';
import { openSqlite, type SqliteDb } from '../../src-main/core/store/sqlite.ts';
import { tempDir } from './serve.ts';

const TEMPLATE = fs.readFileSync(
  path.resolve(import.meta.dirname, '../../resources/sample-envelopes/node-v11-event-exception.envelope'),
  'utf8',
);

/** The Node SDK exception capture with `eventId`, as ingest queues it for project 1. */
export function queueEntry(eventId: string): QueueEntry {
  return {
    projectId: 1,
    keyId: 1,
    route: 'envelope',
    eventId: null,
    receivedAt: Date.now(),
    clientIp: '127.0.0.1',
    userAgent: 'test',
    origin: null,
    sentryClient: null,
    envelope: Buffer.from(TEMPLATE.replace(/"event_id":"[0-9a-f]{32}"/g, `"event_id":"${eventId}"`)),
  };
}

export interface PipelineFixture {
  dataDir: string;
  db: SqliteDb;
  /** The main thread's connection to the queue file (the queue's). */
  queueDb: SqliteDb;
  index: EventIndex;
  queue: IngestQueue;
  stores: PipelineStores;
  /** Queues the Node SDK exception capture with `eventId` (random when not given). */
  send(eventId?: string): Promise<number>;
  close(): void;
}

export async function openPipeline(): Promise<PipelineFixture> {
  const dataDir = tempDir();
  const db = openSqlite(dataDir);
  db.prepare(
    "INSERT OR IGNORE INTO projects (id, slug, name, created_at) VALUES (1, 'default', 'Default', 0)",
  ).run();
  const queueDb = openQueueDb(dataDir);
  const queue = new IngestQueue(queueDb);
  const index = await openEventIndex(path.join(dataDir, EVENT_INDEX_FILE));
  // As the worker: ingest lets the pipeline go first while it waits for the queue's lock.
  const stores = pipelineStores(db, index, dataDir, { pipelineWait: queue.pipelineWait });
  return {
    dataDir,
    db,
    queueDb,
    index,
    queue,
    stores,
    send: (eventId = crypto.randomBytes(16).toString('hex')) => queue.enqueue(queueEntry(eventId)),
    close() {
      index.close();
      queue.close();
      stores.consumer.close();
      queueDb.close();
      db.close();
    },
  };
}

/**
 * Processes `rows` as a run that crashed after its transactions (DuckDB's too) and before it
 * deleted the rows from the queue: the next claim finds them again.
 */
export async function processThenCrashBeforeAck(
  rows: QueuedEnvelope[],
  stores: PipelineStores,
): Promise<void> {
  const ack = stores.consumer.ack;
  stores.consumer.ack = () => {
    throw new Error('killed before deleting the rows');
  };
  try {
    await expect(processBatch(rows, stores)).rejects.toThrow('killed');
  } finally {
    stores.consumer.ack = ack;
  }
}

const CAPTURES = path.resolve(import.meta.dirname, '../../resources/sample-envelopes');

/**
 * A captured SDK exception envelope (Node or browser: two different issues) with `eventId` in it;
 * sent at `at` (ms) when given: the event's timestamp and the envelope's `sent_at` both, so no
 * clock drift is corrected.
 */
export function capture(name: 'node' | 'browser', eventId: string, at?: number): Buffer {
  let text = fs
    .readFileSync(path.join(CAPTURES, `${name}-v11-event-exception.envelope`), 'utf8')
    .replace(/"event_id":"[0-9a-f]{32}"/g, `"event_id":"${eventId}"`);
  if (at !== undefined)
    text = text
      .replace(/"sent_at":"[^"]*"/, `"sent_at":"${new Date(at).toISOString()}"`)
      .replace(/"timestamp":[0-9.]+/, `"timestamp":${at / 1000}`);
  return Buffer.from(text);
}
