/**
 * A pipeline bench's data dir: SQLite opened as the worker opens it, the given envelopes queued for
 * project 1, DuckDB's event index and the pipeline's stores over them (pipeline.ts and
 * _pipeline-stages.ts start from the same queue).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EVENT_INDEX_FILE } from '../src-main/core/pipeline/paths.ts';
import type { PipelineStores } from '../src-main/core/pipeline/process-batch.ts';
import { pipelineStores } from '../src-main/core/pipeline/stores.ts';
import { openEventIndex } from '../src-main/core/store/duckdb/open_event_index.ts';
import { IngestQueue } from '../src-main/core/store/queue.ts';
import { openQueueDb } from '../src-main/core/store/queue-db.ts';
import { openSqlite, PIPELINE_SQLITE } from '../src-main/core/store/sqlite.ts';

export interface QueuedPipeline {
  stores: PipelineStores;
  /** Closes every store and removes the data dir. */
  close(): Promise<void>;
}

export async function queuedPipeline(
  envelopes: readonly Buffer[],
  options: Parameters<typeof pipelineStores>[3] = {},
): Promise<QueuedPipeline> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-bench-pipeline-'));
  // As the worker opens it (see pipeline/worker.ts).
  const db = openSqlite(dataDir, PIPELINE_SQLITE);
  db.prepare(
    "INSERT OR IGNORE INTO projects (id, slug, name, created_at) VALUES (1, 'default', 'Default', 0)",
  ).run();
  const queueDb = openQueueDb(dataDir);
  const queue = new IngestQueue(queueDb, { maxRows: 10_000_000, maxBytes: 1e12 });
  const receivedAt = Date.now();
  await Promise.all(
    envelopes.map((envelope) =>
      queue.enqueue({
        projectId: 1,
        keyId: 1,
        route: 'envelope',
        eventId: null,
        receivedAt,
        clientIp: '127.0.0.1',
        userAgent: 'bench',
        origin: null,
        sentryClient: null,
        envelope,
      }),
    ),
  );
  const index = await openEventIndex(path.join(dataDir, EVENT_INDEX_FILE));
  const stores = pipelineStores(db, index, dataDir, options);
  return {
    stores,
    async close() {
      await stores.pool?.close();
      index.close();
      queue.close();
      stores.consumer.close();
      queueDb.close();
      db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
