/**
 * A data dir written before Faultline kept environments: a real core stores errors (store endpoint)
 * and transactions (the real @sentry/node 11 SDK, as items and as streamed spans), then its SQLite
 * file is put back as the version before `0123_environments` left it. Opened again, the worker fills
 * the tables once from the event index and the stored items, before the first batch. Clear data empties
 * them, and the next events fill them again.
 */

import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { SQLITE_FILE } from '../../../src-main/core/store/sqlite.ts';
import { callApi, coreForEachTest, storeEvents } from '../../support/core.ts';
import { tempDir } from '../../support/serve.ts';
import { sendTransactionsWithSdk } from '../../support/transactions.ts';

const start = coreForEachTest();

/** Undoes the migration as if the data dir came from the version before it. */
function asBeforeEnvironments(dir: string): void {
  const db = new Database(path.join(dir, SQLITE_FILE));
  db.exec(`DROP TABLE environment_projects; DROP TABLE environments;
           DELETE FROM schema_migrations WHERE name = '0123_environments';
           DELETE FROM settings WHERE key = 'environments.backfill';`);
  db.close();
}

it('fills the environments of an older data dir from its errors and stored transactions, once', async () => {
  const dir = tempDir();
  let core = await start(dir);
  const dsn = core.ctx.projects.defaultDsn(1) ?? '';
  const tenDaysAgo = Math.floor(Date.now() / 1000) - 10 * 86_400;
  await storeEvents(core, [
    { message: 'old failure', environment: 'production', timestamp: tenDaysAgo },
    { message: 'new failure', environment: 'production' },
    { message: 'staging failure', environment: 'staging' },
    { message: 'no environment' },
  ]);
  const transaction = { name: 'GET /', op: 'http.server', ms: 1 };
  await sendTransactionsWithSdk(dsn, 'static', [transaction], 'txn-only');
  await sendTransactionsWithSdk(dsn, 'stream', [transaction], 'stream-only');
  await core.ctx.pipeline.call('pipeline.drain', {});
  const before = await callApi(core, 'issues.environments', { projectId: 1 });
  expect(before).toEqual(['production', 'staging', 'stream-only', 'txn-only']);
  await core.close();

  asBeforeEnvironments(dir);
  core = await start(dir);
  // The fill runs ahead of any batch: once the (empty) queue is drained, it is done.
  await core.ctx.pipeline.call('pipeline.drain', {});
  expect(await callApi(core, 'issues.environments', { projectId: 1 })).toEqual(before);
  // First seen is the earliest event's time, read from the index.
  const production = core.ctx.db
    .prepare(
      `SELECT ep.first_seen FROM environment_projects ep JOIN environments e ON e.id = ep.environment_id
       WHERE e.name = 'production'`,
    )
    .get() as { first_seen: number };
  expect(Math.abs(production.first_seen - tenDaysAgo * 1000)).toBeLessThan(1000);
  expect(
    core.ctx.db.prepare("SELECT * FROM settings WHERE key = 'environments.backfill'").get(),
  ).toBeUndefined();
  await core.close();

  // Done once: opened again, nothing is asked and the rows stay as they are.
  core = await start(dir);
  await core.ctx.pipeline.call('pipeline.drain', {});
  expect(await callApi(core, 'issues.environments', { projectId: 1 })).toEqual(before);
}, 120_000);

it('Clear data forgets the environments, and the next event naming one lists it again', async () => {
  const core = await start();
  await storeEvents(core, [{ message: 'before', environment: 'production' }]);
  expect(await callApi(core, 'issues.environments', { projectId: 1 })).toEqual(['production']);
  await callApi(core, 'data.clear', { confirm: true });
  expect(await callApi(core, 'issues.environments', { projectId: 1 })).toEqual([]);
  // The worker wrote the pair before the clear: it must not take it as still stored.
  await storeEvents(core, [{ message: 'after', environment: 'production' }]);
  expect(await callApi(core, 'issues.environments', { projectId: 1 })).toEqual(['production']);
}, 60_000);
