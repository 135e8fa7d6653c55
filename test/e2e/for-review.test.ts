/**
 * Sentry's For Review in Chromium against `bin/faultline serve`, fed by the real @sentry/node SDK:
 * the list's For Review tab holds the new issues, the bulk "Mark Reviewed" takes the selected ones
 * out (they stay unresolved, as Ongoing), and the issue page's "Mark Reviewed" does the same for
 * its issue and records it in the Activity; an Ongoing issue offers no such action.
 */
import { describe, expect, it } from 'vitest';
import { appInChromium, chromiumMissingReason, openStatusTab } from '../support/chromium.ts';
import { type SenderSpec, sendWithSdk } from './fixtures/send.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping the For Review browser test: ${missing}`);

type SentError = SenderSpec['errors'][number];
const CART: SentError = { name: 'CartExpired', message: 'cart 9 expired' };
const SLOW: SentError = { name: 'SlowQuery', message: 'query took 3 s' };
const CACHE: SentError = { name: 'CacheMiss', message: 'cache cold' };

describe.skipIf(missing !== undefined)('For Review and Mark Reviewed in Chromium', () => {
  const app = appInChromium();
  const rows = () => app.page.getByTestId('issue-row');
  const rowOf = (error: SentError) => rows().filter({ hasText: `${error.name}: ` });
  /** The error types of the listed issues, sorted. */
  const rowTypes = async () =>
    (await rows().locator('.issue-title a').allTextContents()).map((t) => t.split(':')[0]?.trim()).sort();

  it('the For Review tab lists new issues and Mark Reviewed takes the selected ones out', async () => {
    const { page } = app;
    await sendWithSdk(app.server.info.dsn, { errors: [CART, SLOW, CACHE] });
    await expect.poll(rowTypes, { timeout: 15_000 }).toEqual(['CacheMiss', 'CartExpired', 'SlowQuery']);
    await openStatusTab(page, 'For Review');
    await expect.poll(rowTypes).toEqual(['CacheMiss', 'CartExpired', 'SlowQuery']);

    const bulk = page.getByRole('toolbar', { name: 'Bulk actions' });
    const markReviewed = bulk.getByRole('button', { name: 'Mark Reviewed' });
    expect(await markReviewed.isDisabled()).toBe(true);
    await rowOf(SLOW).getByRole('checkbox').check();
    await rowOf(CACHE).getByRole('checkbox').check();
    await markReviewed.click();
    await expect.poll(rowTypes).toEqual(['CartExpired']);

    // Reviewed is not resolved: all three are still unresolved.
    await openStatusTab(page, 'Unresolved');
    await expect.poll(rowTypes).toEqual(['CacheMiss', 'CartExpired', 'SlowQuery']);
    expect(app.problems).toEqual([]);
  });

  it('the issue page marks its issue reviewed and says so in the Activity', async () => {
    const { page } = app;
    await rowOf(CART).locator('.issue-title a').click();
    await expect
      .poll(() => page.getByTestId('issue-title').textContent())
      .toBe('CartExpired: cart 9 expired');
    const actions = page.getByRole('toolbar', { name: 'Issue actions' });
    await actions.getByRole('button', { name: 'Mark Reviewed' }).click();
    await expect.poll(() => actions.getByRole('button', { name: 'Mark Reviewed' }).count()).toBe(0);
    expect(await actions.getByRole('button', { name: 'Ignore', exact: true }).isVisible()).toBe(true);

    await page.getByRole('link', { name: 'Activity' }).click();
    await expect
      .poll(async () => (await page.getByTestId('activity-item').allInnerTexts())[0]?.split('\n')[0])
      .toMatch(/^You marked this issue as reviewed/);

    await page.goto(`${app.server.info.url}/#/issues?query=${encodeURIComponent('is:for_review')}`);
    await expect.poll(() => page.getByTestId('issue-total').textContent()).toBe('0 issues');
    expect(app.problems).toEqual([]);
  });
});
