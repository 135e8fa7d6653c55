/**
 * The worker hands its first batch to the prepare threads before its stores are set up, the rows'
 * lines encoded for the columns a new `errors` table has (worker-main.ts). A data dir made by an
 * older version has them in another order (a column added later goes last): that batch is then
 * prepared again, and the events' values land in their own columns.
 */
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { expect, it } from 'vitest';
import { EVENT_INDEX_FILE } from '../../../src-main/core/pipeline/paths.ts';
import { ERRORS_COLUMNS, quoteIdent } from '../../../src-main/core/store/duckdb/schema.ts';
import { IngestQueue } from '../../../src-main/core/store/queue.ts';
import { openQueueDb } from '../../../src-main/core/store/queue-db.ts';
import { openSqlite } from '../../../src-main/core/store/sqlite.ts';
import { startCore } from '../../support/core.ts';
import { queueEntry } from '../../support/pipeline.ts';
import { tempDir } from '../../support/serve.ts';

const EVENT_ID = '0123456789abcdef0123456789abcdef';

/** An `errors` table as a version without the SDK's name and version made it; opening adds them at the end. */
async function olderEventIndex(file: string): Promise<void> {
  const instance = await DuckDBInstance.create(file);
  const conn = await instance.connect();
  const columns = ERRORS_COLUMNS.filter(
    (column) => column.name !== 'sdk_name' && column.name !== 'sdk_version',
  );
  await conn.run(
    `CREATE TABLE errors (${columns.map((column) => `${quoteIdent(column.name)} ${column.type.toString()}`).join(', ')})`,
  );
  conn.closeSync();
  instance.closeSync();
}

async function queueBeforeStart(dataDir: string): Promise<void> {
  const queueDb = openQueueDb(dataDir);
  const queue = new IngestQueue(queueDb);
  await queue.enqueue(queueEntry(EVENT_ID));
  queue.close();
  queueDb.close();
}

it('an event queued before start is indexed in the columns of an older data dir', {
  timeout: 30_000,
}, async () => {
  const dataDir = tempDir();
  const indexFile = path.join(dataDir, EVENT_INDEX_FILE);
  // An older data dir has its metadata database too (without it, the start is refused).
  openSqlite(dataDir).close();
  await olderEventIndex(indexFile);
  await queueBeforeStart(dataDir);

  const core = await startCore(dataDir);
  try {
    await core.ctx.pipeline.call('pipeline.drain', {});
  } finally {
    await core.close();
  }

  const instance = await DuckDBInstance.create(indexFile);
  const conn = await instance.connect();
  const reader = await conn.runAndReadAll(
    'SELECT platform, sdk_name, sdk_version, group_id > 0 AS grouped FROM errors WHERE event_id = $id',
    { id: EVENT_ID },
  );
  const rows = reader.getRowObjectsJS();
  const columns = (
    await conn.runAndReadAll('SELECT column_name FROM duckdb_columns() WHERE table_name = $t', {
      t: 'errors',
    })
  )
    .getRowsJS()
    .map(([name]) => name);
  conn.closeSync();
  instance.closeSync();
  // The table is the older one, with the SDK columns added last.
  expect(columns.slice(-2)).toEqual(['sdk_name', 'sdk_version']);
  expect(rows).toEqual([
    { platform: 'node', sdk_name: 'sentry.javascript.node', sdk_version: expect.any(String), grouped: true },
  ]);
});
