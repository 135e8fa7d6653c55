/**
 * The issue page's header and tags sidebar in Chromium against `bin/faultline serve`, fed by the real
 * @sentry/node SDK, read as Sentry shows them: first and last seen each with its release, and per tag
 * its top three values and "Other", as shares of the events that carry the tag.
 */
import { describe, expect, it } from 'vitest';
import type { TagDistribution } from '../../src-shared/issues-api.ts';
import { appInChromium, chromiumMissingReason } from '../support/chromium.ts';
import { rpc } from './fixtures/rpc.ts';
import { type SenderSpec, sendWithSdk } from './fixtures/send.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping browser tests: ${missing}`);

type SentError = SenderSpec['errors'][number];
let sent = 0;
/** Each with its own message: the SDK's Dedupe integration drops an error equal to the one before. */
const QUOTA = (browser?: string): SentError => ({
  name: 'QuotaExceeded',
  message: `storage full ${++sent}`,
  ...(browser ? { tags: { browser } } : {}),
});

describe.skipIf(missing !== undefined)('the issue header and tags in Chromium', () => {
  const app = appInChromium();

  it('first and last seen name their releases; tags show three values and Other, as shares of the events with the tag', async () => {
    const { dsn } = app.server.info;
    // Five events carry `browser` (Chrome twice, three others once), a sixth has none.
    await sendWithSdk(dsn, {
      release: 'shop@1.0.0',
      errors: [QUOTA('Chrome'), QUOTA('Chrome'), QUOTA('Firefox')],
    });
    await sendWithSdk(dsn, { release: 'shop@1.1.0', errors: [QUOTA('Safari'), QUOTA('Edge'), QUOTA()] });
    const row = app.page.getByTestId('issue-row').filter({ hasText: 'QuotaExceeded' });
    await expect.poll(() => row.getByTestId('issue-events').textContent(), { timeout: 15_000 }).toBe('6');
    // The tags come from the event index, written up to ~1 s after the list counts an event under load:
    // the page is opened once it has all six.
    const groupId = Number(await row.getAttribute('data-issue-id'));
    const browserTotal = async () =>
      (await rpc<TagDistribution[]>(app.server, 'issues.tags', { groupId })).find((t) => t.key === 'browser')
        ?.totalValues;
    await expect.poll(browserTotal).toBe(5);
    await row.locator('.issue-title a').click();
    await app.page.getByTestId('issue-title').filter({ hasText: 'QuotaExceeded' }).waitFor();

    expect(await app.page.getByTestId('first-seen').textContent()).toMatch(
      /^First seen .+ in release shop@1\.0\.0$/,
    );
    expect(await app.page.getByTestId('last-seen').textContent()).toMatch(
      /^Last seen .+ in release shop@1\.1\.0$/,
    );

    // The chart says the period's events, the count the list and the header show: all six are of now.
    await expect
      .poll(() => app.page.locator('.events-chart .chart-head strong').textContent(), { timeout: 10_000 })
      .toBe('6 events in 24h');
    await expect
      .poll(() => app.page.getByTestId('issue-event-count').textContent(), { timeout: 10_000 })
      .toBe('Events 6');

    const browser = app.page.getByTestId('tag-distribution').filter({ hasText: /^browser/ });
    await expect.poll(() => browser.getByTestId('tag-value').count(), { timeout: 10_000 }).toBe(4);
    const bars = (await browser.getByTestId('tag-value').allTextContents()).map((text) => text.trim());
    // Chrome 2 of 5, two more values 1 of 5 each (by name), then the fourth value as Other.
    expect(bars).toEqual(['Chrome40%', 'Edge20%', 'Firefox20%', 'Other20%']);
    expect(await browser.getByTestId('tag-value').last().getAttribute('title')).toBe('1 / 5 events');
    expect(app.problems).toEqual([]);
  });
});
