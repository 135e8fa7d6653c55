/**
 * The worker's batch loop under steady load: a chain of batches goes on while the queue has rows,
 * and a stored batch must not stay in memory until the chain ends (it did: ~35 KB an event).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BatchLoop, storeBatches } from '../../../src-main/core/pipeline/batch-loop.ts';
import { EVENT_INDEX_FILE } from '../../../src-main/core/pipeline/paths.ts';
import { type PipelineStores, prepareBatch } from '../../../src-main/core/pipeline/process-batch.ts';
import { pipelineStores } from '../../../src-main/core/pipeline/stores.ts';
import { type EventIndex, openEventIndex } from '../../../src-main/core/store/duckdb/open_event_index.ts';
import { IngestQueue } from '../../../src-main/core/store/queue.ts';
import { openSqlite, type SqliteDb } from '../../../src-main/core/store/sqlite.ts';
import { tempDir } from '../../support/serve.ts';

const TEMPLATE = fs.readFileSync(
  path.resolve(import.meta.dirname, '../../../resources/sample-envelopes/node-v11-event-exception.envelope'),
  'utf8',
);
const BATCH = 20;
const BATCHES = 6;

let db: SqliteDb;
let index: EventIndex;
let queue: IngestQueue;
let stores: PipelineStores;

beforeAll(async () => {
  const dataDir = tempDir();
  db = openSqlite(dataDir);
  db.prepare(
    "INSERT OR IGNORE INTO projects (id, slug, name, created_at) VALUES (1, 'default', 'Default', 0)",
  ).run();
  queue = new IngestQueue(db);
  await Promise.all(
    Array.from({ length: BATCH * BATCHES }, () =>
      queue.enqueue({
        projectId: 1,
        keyId: 1,
        route: 'envelope',
        eventId: null,
        receivedAt: Date.now(),
        clientIp: '127.0.0.1',
        userAgent: 'test',
        origin: null,
        sentryClient: null,
        envelope: Buffer.from(
          TEMPLATE.replace(
            /"event_id":"[0-9a-f]{32}"/g,
            `"event_id":"${crypto.randomBytes(16).toString('hex')}"`,
          ),
        ),
      }),
    ),
  );
  index = await openEventIndex(path.join(dataDir, EVENT_INDEX_FILE));
  stores = pipelineStores(db, index, dataDir);
});
afterAll(() => {
  index?.close();
  queue?.close();
  db?.close();
});

it('lets a stored batch go while the chain goes on', async () => {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  let firstBatch: WeakRef<object> | undefined;
  const collectedWhileRunning: boolean[] = [];
  let stored = 0;
  const loop: BatchLoop = {
    schedule: (work) => work(),
    claimNext: () => stores.consumer.claimBatch(BATCH),
    onResult: (result) => {
      stored += result.stored;
      if (stored === BATCH * (BATCHES - 1)) {
        gc();
        collectedWhileRunning.push(firstBatch?.deref() === undefined);
      }
    },
  };
  const chain = (() => {
    const first = prepareBatch(stores.consumer.claimBatch(BATCH), stores);
    firstBatch = new WeakRef(first);
    return storeBatches(first, stores, loop);
  })();
  await chain;
  expect(stored).toBe(BATCH * BATCHES);
  expect(collectedWhileRunning).toEqual([true]);
});
