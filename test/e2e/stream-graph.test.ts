/**
 * The graph of a row of the issue stream in Chromium, fed by the real @sentry/node SDK: under a search
 * with event filters it draws the matching events over all events, as Sentry's stream does, and the
 * tooltip of a bar gives both counts; without event filters only the total series.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appInChromium, chromiumMissingReason } from '../support/chromium.ts';
import { REPO_ROOT } from '../support/serve.ts';
import { type SenderSpec, sendWithSdk } from './fixtures/send.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping browser tests: ${missing}`);

let sent = 0;
// Each message its own: the SDK drops an event repeating the one before it (its Dedupe integration).
const cart = (browser: string, minutesAgo = 0): SenderSpec['errors'][number] => ({
  name: 'CartError',
  message: `cart lost ${++sent}`,
  tags: { browser },
  minutesAgo,
});

describe.skipIf(missing !== undefined)("the stream's graph in Chromium", () => {
  const app = appInChromium();
  const graph = () => app.page.getByTestId('issue-row').first().getByTestId('sparkline');

  /** The tooltip of each bucket with events, oldest first (hovered one after the other). */
  async function tooltips(): Promise<string[][]> {
    const buckets = graph().getByTestId('sparkline-bucket');
    const busy = await buckets.evaluateAll((groups) =>
      groups.flatMap((group, index) => {
        const bar = group.querySelector('rect:not(.sparkline-matching)');
        return Number(bar?.getAttribute('height') ?? 0) > 0 ? [index] : [];
      }),
    );
    const out: string[][] = [];
    for (const index of busy) {
      await buckets.nth(index).hover();
      out.push(await app.page.getByTestId('sparkline-tooltip').locator('div').allTextContents());
    }
    await app.page.mouse.move(0, 0);
    return out;
  }

  it('draws the matching events over all events under a tag filter, with both in the tooltip', async () => {
    // Three now (two in Chrome), one in Chrome three hours ago.
    await sendWithSdk(app.server.info.dsn, {
      errors: [cart('Chrome'), cart('Chrome'), cart('Firefox'), cart('Chrome', 180)],
    });
    // Hourly bars: the events of three hours ago have a bar of their own.
    await app.page.getByRole('button', { name: '24h', exact: true }).click();
    await expect
      .poll(() => graph().getAttribute('aria-label'), { timeout: 15_000 })
      .toBe('4 events in period');
    expect(await graph().getByTestId('sparkline-bucket').count()).toBe(25);
    // Without event filters: one series, its tooltip the events.
    expect(await graph().locator('.sparkline-matching').count()).toBe(0);
    expect(await tooltips()).toEqual([['Events: 1'], ['Events: 3']]);

    const box = app.page.getByLabel('Search issues');
    await box.fill('browser:Chrome');
    await box.press('Enter');
    await expect
      .poll(() => graph().getAttribute('aria-label'), { timeout: 15_000 })
      .toBe('4 events in period, 3 matching');
    expect(await graph().locator('.sparkline-matching').count()).toBe(25);
    expect(await tooltips()).toEqual([
      ['Total Events: 1', 'Matching Events: 1'],
      ['Total Events: 3', 'Matching Events: 2'],
    ]);
    // The latest bucket's matching bar is two thirds of its total bar, drawn over it in another colour.
    const last = graph().getByTestId('sparkline-bucket').last();
    const heights = await last.evaluate((group) =>
      ['.sparkline-total', '.sparkline-matching'].map((selector) =>
        Number(group.querySelector(selector)?.getAttribute('height')),
      ),
    );
    expect(heights).toEqual([24, 16]);
    const fills = await last.evaluate((group) =>
      ['.sparkline-total', '.sparkline-matching'].map(
        (selector) => getComputedStyle(group.querySelector(selector) as Element).fill,
      ),
    );
    expect(fills[0]).not.toBe(fills[1]);
    await graph().getByTestId('sparkline-bucket').last().hover();
    fs.mkdirSync(path.join(REPO_ROOT, 'test-artifacts'), { recursive: true });
    await app.page.screenshot({ path: path.join(REPO_ROOT, 'test-artifacts', 'stream-graph-filtered.png') });
    expect(app.problems).toEqual([]);
  });
});
