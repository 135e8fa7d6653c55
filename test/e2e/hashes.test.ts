/**
 * The issue's "Merged hashes" tab in Chromium: as in Sentry, a hash that brought no events is not
 * offered for unmerge, and unmerge stays disabled while every hash with events is selected.
 */

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissingReason, launchChromium, openApp } from '../support/chromium.ts';
import { type RunningServe, startServe } from '../support/serve.ts';
import { rpc } from './fixtures/rpc.ts';
import { sendWithSdk } from './fixtures/send.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping the hashes browser test: ${missing}`);

interface Detail {
  hashes: Array<{ hash: string; events: number }>;
}

describe.skipIf(missing !== undefined)('the merged hashes tab in Chromium', () => {
  let server: RunningServe;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServe();
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('offers only hashes with events, and never all of them', async () => {
    await sendWithSdk(server.info.dsn, { errors: [{ name: 'PaymentDeclined', message: 'card declined' }] });
    let groupId: number | undefined;
    await expect
      .poll(
        async () => {
          const list = await rpc<{ issues: Array<{ id: number }> }>(server, 'issues.list', { projectId: 1 });
          groupId = list.issues[0]?.id;
          return groupId;
        },
        { timeout: 15_000 },
      )
      .toBeDefined();
    const { hashes } = await rpc<Detail>(server, 'issues.get', { groupId });
    // The SDK's event brings two hashes (app and system variants); only its primary one has events.
    const withEvents = hashes.filter((hash) => hash.events > 0).map((hash) => hash.hash);
    const empty = hashes.filter((hash) => hash.events === 0).map((hash) => hash.hash);
    expect(withEvents).toHaveLength(1);
    expect(empty.length).toBeGreaterThan(0);

    const { page, problems } = await openApp(browser, server);
    await page.goto(`${server.info.url}/#/issues/${groupId}/hashes`);
    const box = (hash: string) => page.getByLabel(`select hash ${hash}`);
    await expect.poll(() => box(withEvents[0] ?? '').count()).toBe(1);
    for (const hash of empty) expect(await box(hash).count()).toBe(0);
    await box(withEvents[0] ?? '').check();
    expect(await page.getByRole('button', { name: /^Unmerge/ }).isDisabled()).toBe(true);
    expect(problems).toEqual([]);

    // The server refuses it too, as invalid params, and creates no empty issue.
    for (const chosen of [empty, withEvents]) {
      const response = await fetch(`${server.info.url}/rpc/issues.unmerge`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-faultline-token': server.info.token },
        body: JSON.stringify({ projectId: 1, groupId, hashes: chosen }),
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { type: 'invalid_params' } });
    }
    const list = await rpc<{ total: number }>(server, 'issues.list', { projectId: 1 });
    expect(list.total).toBe(1);
  });

  it('unmerging a merged issue links to the new issue it made', async () => {
    await sendWithSdk(server.info.dsn, {
      errors: [
        { name: 'StockMissing', message: 'sku 3 gone' },
        { name: 'PriceStale', message: 'price of sku 3 changed' },
      ],
    });
    const issuesOf = async () =>
      (await rpc<{ issues: Array<{ id: number; title: string }> }>(server, 'issues.list', { projectId: 1 }))
        .issues;
    const titled = async (name: string) => (await issuesOf()).find((issue) => issue.title.startsWith(name));
    await expect.poll(async () => (await titled('PriceStale'))?.id, { timeout: 15_000 }).toBeDefined();
    await expect.poll(async () => (await titled('StockMissing'))?.id, { timeout: 15_000 }).toBeDefined();
    const groupIds = [(await titled('StockMissing'))?.id, (await titled('PriceStale'))?.id];
    const { primaryId: mergedId } = await rpc<{ primaryId: number }>(server, 'issues.merge', {
      projectId: 1,
      groupIds,
    });
    const { hashes } = await rpc<Detail>(server, 'issues.get', { groupId: mergedId });
    const withEvents = hashes.filter((hash) => hash.events > 0).map((hash) => hash.hash);
    expect(withEvents).toHaveLength(2);

    const { page, problems } = await openApp(browser, server);
    await page.goto(`${server.info.url}/#/issues/${mergedId}/hashes`);
    await page.getByLabel(`select hash ${withEvents[0]}`).check();
    await page.getByRole('button', { name: /^Unmerge/ }).click();
    const link = page.getByRole('link', { name: 'a new issue' });
    await link.waitFor();
    const href = await link.getAttribute('href');
    const newId = Number(/#\/issues\/(\d+)$/.exec(href ?? '')?.[1]);
    expect(newId).toBeGreaterThan(0);
    expect(newId).not.toBe(mergedId);
    await link.click();
    await expect.poll(() => page.url()).toBe(`${server.info.url}/#/issues/${newId}`);
    // The merged issue's page has a title too: wait for the new issue's own short id.
    const { shortId } = await rpc<{ shortId: string }>(server, 'issues.get', { groupId: newId });
    await expect.poll(() => page.locator('.issue-header .short-id').textContent()).toBe(shortId);
    expect(await page.getByTestId('issue-title').count()).toBe(1);
    expect(problems).toEqual([]);
  });
});
