/**
 * Issue priority and bookmarks in Chromium against `bin/faultline serve`, fed by the real @sentry/node
 * SDK: each row shows Sentry's priority badge from the level, a row's dropdown changes it,
 * the bulk actions set it and bookmark the selected issues, `issue.priority:` and `bookmarks:me`
 * find them, and the issue page's dropdown and star change it there, the change in its Activity.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appInChromium, chromiumMissingReason } from '../support/chromium.ts';
import { REPO_ROOT } from '../support/serve.ts';
import { type SenderSpec, sendWithSdk } from './fixtures/send.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping the priority browser test: ${missing}`);

type SentError = SenderSpec['errors'][number];
const CART: SentError = { name: 'CartExpired', message: 'cart 9 expired' };
const SLOW: SentError = { name: 'SlowQuery', message: 'query took 3 s', level: 'warning' };
const NOTE: SentError = { name: 'CacheMiss', message: 'cache cold', level: 'info' };

describe.skipIf(missing !== undefined)('issue priority and bookmarks in Chromium', () => {
  const app = appInChromium();
  const rows = () => app.page.getByTestId('issue-row');
  const rowOf = (error: SentError) => rows().filter({ hasText: `${error.name}: ` });
  const badgeOf = (error: SentError) => rowOf(error).getByTestId('priority-badge').textContent();
  /** The error types of the listed issues, sorted. */
  const rowTypes = async () =>
    (await rows().locator('.issue-title a').allTextContents()).map((t) => t.split(':')[0]?.trim()).sort();
  const search = async (query: string) => {
    const box = app.page.getByLabel('Search issues');
    await box.fill(query);
    await box.press('Enter');
  };

  it('shows each issue’s priority, changes it from a row and in bulk, and bookmarks in bulk', async () => {
    const { page } = app;
    await sendWithSdk(app.server.info.dsn, { errors: [CART, SLOW, NOTE] });
    await expect.poll(rowTypes, { timeout: 15_000 }).toEqual(['CacheMiss', 'CartExpired', 'SlowQuery']);
    expect(await badgeOf(CART)).toBe('High');
    expect(await badgeOf(SLOW)).toBe('Med');
    expect(await badgeOf(NOTE)).toBe('Low');

    await rowOf(CART).locator('.priority-menu summary').click();
    await rowOf(CART).getByRole('menuitemradio').filter({ hasText: 'Low' }).click();
    await expect.poll(() => badgeOf(CART)).toBe('Low');
    await search('is:unresolved issue.priority:low');
    await expect.poll(rowTypes).toEqual(['CacheMiss', 'CartExpired']);

    await search('is:unresolved');
    await expect.poll(() => rows().count()).toBe(3);
    await rowOf(SLOW).getByRole('checkbox').check();
    await rowOf(NOTE).getByRole('checkbox').check();
    const bulk = page.getByRole('toolbar', { name: 'Bulk actions' });
    await bulk.getByText('Set Priority ▾').click();
    await bulk.getByRole('menuitemradio').filter({ hasText: 'High' }).click();
    await expect.poll(() => badgeOf(SLOW)).toBe('High');
    await expect.poll(() => badgeOf(NOTE)).toBe('High');
    // The list can refetch (a live update) before the action's answer clears the selection: checked
    // before that, the rows would then be unselected and the bookmarks below added to none.
    const checked = () =>
      Promise.all([SLOW, NOTE].map((error) => rowOf(error).getByRole('checkbox').isChecked()));
    await expect.poll(checked).toEqual([false, false]);

    await rowOf(SLOW).getByRole('checkbox').check();
    await rowOf(NOTE).getByRole('checkbox').check();
    await bulk.getByText('Bookmarks ▾').click();
    await bulk.getByRole('menuitem', { name: 'Add to Bookmarks' }).click();
    await search('bookmarks:me');
    await expect.poll(rowTypes).toEqual(['CacheMiss', 'SlowQuery']);
    await page.screenshot({ path: path.join(REPO_ROOT, 'test-artifacts', 'issue-priority-list.png') });
    expect(app.problems).toEqual([]);
  });

  it('the issue page changes the priority from its dropdown and bookmarks with the star', async () => {
    const { page } = app;
    await search('is:unresolved');
    await rowOf(CART).locator('.issue-title a').click();
    const priority = page.getByTestId('issue-priority');
    await expect.poll(() => priority.getByTestId('priority-badge').textContent()).toBe('Low');
    await priority.locator('summary').click();
    await priority.getByRole('menuitemradio').filter({ hasText: 'Med' }).click();
    await expect.poll(() => priority.getByTestId('priority-badge').textContent()).toBe('Med');

    const star = page.getByRole('button', { name: 'Bookmark', exact: true });
    expect(await star.getAttribute('aria-pressed')).toBe('false');
    await star.click();
    await expect
      .poll(() => page.getByRole('button', { name: 'Remove Bookmark' }).getAttribute('aria-pressed'))
      .toBe('true');

    await page.getByRole('link', { name: 'Activity' }).click();
    const items = page.getByTestId('activity-item');
    await expect
      .poll(async () => (await items.allInnerTexts()).map((text) => text.split('\n')[0]).slice(0, 2))
      .toEqual([
        expect.stringMatching(/^You updated the priority value of this issue to be medium/),
        expect.stringMatching(/^You updated the priority value of this issue to be low/),
      ]);
    await page.screenshot({ path: path.join(REPO_ROOT, 'test-artifacts', 'issue-priority-page.png') });

    await page.goto(`${app.server.info.url}/#/issues?query=${encodeURIComponent('bookmarks:me')}`);
    await expect.poll(rowTypes).toEqual(['CacheMiss', 'CartExpired', 'SlowQuery']);
    expect(app.problems).toEqual([]);
  });
});
