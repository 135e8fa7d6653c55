/**
 * The issue page's tags sidebar follows an event indexed while its first tags request is under way:
 * the answer to that request, read before the event, must not stay on the page as fresh. The request
 * is held in Chromium (its answer read from the real server, then delivered after the event) so the
 * race happens every time.
 */
import type { Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TagDistribution } from '../../src-shared/issues-api.ts';
import { appInChromium, chromiumMissingReason } from '../support/chromium.ts';
import { rpc } from './fixtures/rpc.ts';
import { sendWithSdk } from './fixtures/send.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping browser tests: ${missing}`);

describe.skipIf(missing !== undefined)('the issue page under live updates in Chromium', () => {
  const app = appInChromium();

  it('an event indexed while the tags are first fetched shows in the sidebar', async () => {
    const { dsn } = app.server.info;
    const send = (browser: string, n: number) =>
      sendWithSdk(dsn, { errors: [{ name: 'LiveTagError', message: `live ${n}`, tags: { browser } }] });
    await send('Chrome', 1);
    const row = app.page.getByTestId('issue-row').filter({ hasText: 'LiveTagError' });
    await row.waitFor({ timeout: 15_000 });
    const groupId = Number(await row.getAttribute('data-issue-id'));
    const browserTotal = async () =>
      (await rpc<TagDistribution[]>(app.server, 'issues.tags', { groupId })).find((t) => t.key === 'browser')
        ?.totalValues;
    await expect.poll(browserTotal).toBe(1);

    // The page's first tags request is answered by the server now, and its answer held back.
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let held: Promise<void> | undefined;
    let fetched: () => void = () => undefined;
    const firstFetched = new Promise<void>((resolve) => {
      fetched = resolve;
    });
    await app.page.route('**/rpc/issues.tags', (route: Route) => {
      if (held) return route.continue();
      held = (async () => {
        const response = await route.fetch();
        fetched();
        await released;
        await route.fulfill({ response });
      })();
      return held;
    });
    await row.locator('.issue-title a').click();
    await firstFetched;

    // The second event is indexed (and announced) while that request is under way.
    await send('Firefox', 2);
    await expect.poll(browserTotal, { timeout: 15_000 }).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    release();
    await held;

    const browser = app.page.getByTestId('tag-distribution').filter({ hasText: /^browser/ });
    await expect.poll(() => browser.getByTestId('tag-value').count(), { timeout: 10_000 }).toBe(2);
    await app.page.unroute('**/rpc/issues.tags');
    expect(app.problems).toEqual([]);
  });
});
