/**
 * `releases.list`, what the Resolve menu offers: the project's releases newest first (the first is
 * "the current release"), filtered by a part of the version, from events sent over HTTP to a real core.
 */
import { expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { callApi, coreForEachTest } from '../../support/core.ts';

const start = coreForEachTest();
const HOUR = 3_600_000;

async function send(core: Core, release: string, at: number): Promise<void> {
  const key = core.ctx.projects.get(1)?.keys[0]?.publicKey;
  const reply = await fetch(`${core.url}/api/1/store/?sentry_key=${key}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message: `boom in ${release}`, release, timestamp: at / 1000 }),
  });
  expect(reply.status).toBe(200);
}

it('lists the releases events named, newest first by when they were first seen, and filters by version', async () => {
  const core = await start();
  const now = Date.now();
  await send(core, 'shop@1.0.0', now - 3 * HOUR);
  await send(core, 'shop@1.1.0', now - 2 * HOUR);
  await send(core, 'admin@7', now - HOUR);
  // Seen again later: a release keeps the date it was first seen.
  await send(core, 'shop@1.0.0', now);
  await core.ctx.pipeline.call('pipeline.drain', {});

  const all = await callApi(core, 'releases.list', { projectId: 1 });
  expect(all.map((release) => release.version)).toEqual(['admin@7', 'shop@1.1.0', 'shop@1.0.0']);
  expect(Date.parse(all[2]?.dateCreated ?? '')).toBe(now - 3 * HOUR);
  const shop = await callApi(core, 'releases.list', { projectId: 1, query: 'SHOP@1.' });
  expect(shop.map((release) => release.version)).toEqual(['shop@1.1.0', 'shop@1.0.0']);
  expect(await callApi(core, 'releases.list', { projectId: 1, limit: 1 })).toHaveLength(1);
  await expect(callApi(core, 'releases.list', { projectId: 99 })).rejects.toThrow(
    'project 99 does not exist',
  );
});
