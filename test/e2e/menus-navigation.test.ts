/**
 * Menus and navigation in Chromium against `bin/faultline serve`, fed by the real @sentry/node SDK:
 * every dropdown menu closes on Escape, on a click outside and when the search changes (so a row's
 * open menu never acts on the issue a new search puts in its place); Back to the issue list finds it
 * scrolled where it was left, 300 rows down; and links to a release, an issue or a page that does not
 * exist say so.
 */
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appInChromium, chromiumMissingReason } from '../support/chromium.ts';
import { sendWithSdk } from './fixtures/send.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping browser tests: ${missing}`);

const ISSUES = 320;
const ROW_HEIGHT = 58;

const isOpen = (menu: Locator) => menu.evaluate((details) => (details as HTMLDetailsElement).open);

describe.skipIf(missing !== undefined)('menus and navigation in Chromium', () => {
  const app = appInChromium();
  const rows = () => app.page.getByTestId('issue-row');
  const search = async (query: string) => {
    const box = app.page.getByLabel('Search issues');
    await box.fill(query);
    await box.press('Enter');
  };

  it('a row’s priority menu, the bulk Ignore menu and the issue page’s priority menu close on Escape and on a click outside', async () => {
    const { page } = app;
    // Each error type is an issue of its own; sent 60 at a time (the SDK's transport buffers 64).
    for (let start = 0; start < ISSUES; start += 60) {
      const errors = Array.from({ length: Math.min(60, ISSUES - start) }, (_, i) => ({
        name: `Batch${String(start + i).padStart(3, '0')}Error`,
        message: `item ${start + i}`,
      }));
      await sendWithSdk(app.server.info.dsn, { release: 'shop@2.0.0', errors });
    }
    await expect
      .poll(() => page.getByTestId('issue-total').textContent(), { timeout: 30_000 })
      .toBe(`${ISSUES} issues`);

    const rowMenu = rows().first().locator('details.priority-menu');
    await rowMenu.locator('summary').click();
    expect(await isOpen(rowMenu)).toBe(true);
    await page.keyboard.press('Escape');
    expect(await isOpen(rowMenu)).toBe(false);
    await rowMenu.locator('summary').click();
    expect(await isOpen(rowMenu)).toBe(true);
    await page.getByRole('heading', { name: 'Issues' }).click();
    expect(await isOpen(rowMenu)).toBe(false);

    await rows().first().getByRole('checkbox').check();
    const bulk = page.getByRole('toolbar', { name: 'Bulk actions' });
    const ignore = bulk.locator('details.menu').filter({ hasText: 'Ignore ▾' });
    await ignore.locator('summary').click();
    expect(await isOpen(ignore)).toBe(true);
    await page.keyboard.press('Escape');
    expect(await isOpen(ignore)).toBe(false);
    await ignore.locator('summary').click();
    await page.getByTestId('issue-total').click();
    expect(await isOpen(ignore)).toBe(false);
    await rows().first().getByRole('checkbox').uncheck();

    await rows().first().locator('.issue-title a').click();
    const priority = page.getByTestId('issue-priority').locator('details.menu');
    await priority.locator('summary').click();
    expect(await isOpen(priority)).toBe(true);
    await page.keyboard.press('Escape');
    expect(await isOpen(priority)).toBe(false);
    await priority.locator('summary').click();
    await page.getByTestId('issue-title').click();
    expect(await isOpen(priority)).toBe(false);
    await page.goBack();
  });

  it('a new search closes a row’s open menu, so that it cannot change the issue now in that row', async () => {
    const { page } = app;
    await search('is:unresolved Batch000Error');
    await expect.poll(() => rows().count()).toBe(1);
    const menu = rows().first().locator('details.priority-menu');
    await menu.locator('summary').click();
    expect(await isOpen(menu)).toBe(true);
    await search('is:unresolved Batch001Error');
    await expect
      .poll(() => rows().first().locator('.issue-title a').textContent())
      .toContain('Batch001Error');
    expect(await page.locator('details[open]').count()).toBe(0);
  });

  it('Back to the issue list finds it scrolled to the row the issue was opened from, 300 rows down', async () => {
    const { page } = app;
    await search('is:unresolved');
    await expect.poll(() => rows().count()).toBeGreaterThan(0);
    const list = page.getByTestId('issue-list');
    await list.evaluate((element, top) => element.scrollTo(0, top), 300 * ROW_HEIGHT);
    // The endless scrolling loads the pages down to row 300; one of the rows in sight is opened.
    const rowInSight = () =>
      list.evaluate((element) => {
        const view = element.getBoundingClientRect();
        const inSight = [...element.querySelectorAll('[data-testid="issue-row"]')].find((row) => {
          const box = row.getBoundingClientRect();
          return box.top >= view.top + 100 && box.bottom <= view.bottom;
        });
        return inSight?.querySelector('.issue-title a')?.textContent ?? '';
      });
    await expect.poll(rowInSight, { timeout: 15_000 }).not.toBe('');
    const title = await rowInSight();
    expect(title).toMatch(/^Batch\d+Error/);
    const target = rows().filter({ hasText: title });
    const before = await list.evaluate((element) => element.scrollTop);
    expect(before).toBe(300 * ROW_HEIGHT);
    await target.locator('.issue-title a').click();
    await page.getByTestId('event-view').waitFor();
    await page.goBack();
    await rows().first().waitFor();
    await expect.poll(() => list.evaluate((element) => element.scrollTop)).toBe(before);
    const back = rows().filter({ hasText: title });
    await back.waitFor({ timeout: 15_000 });
    const box = await back.boundingBox();
    const view = await list.boundingBox();
    expect(box && view && box.y >= view.y && box.y + box.height <= view.y + view.height).toBe(true);

    // "← Issues" on the issue page returns there too.
    await back.locator('.issue-title a').click();
    await page.getByTestId('event-view').waitFor();
    await page.getByRole('link', { name: '← Issues' }).click();
    await expect.poll(() => list.evaluate((element) => element.scrollTop)).toBe(before);

    // A reload, with no page cached, loads the pages down to there again.
    await page.reload();
    await expect.poll(() => list.evaluate((element) => element.scrollTop)).toBe(before);
    await rows().filter({ hasText: title }).waitFor({ timeout: 15_000 });
  });

  it('a link to a release, an issue or a page that does not exist says so', async () => {
    const { page } = app;
    const url = app.server.info.url;
    await page.goto(`${url}/#/releases/nope`);
    await page.getByRole('table', { name: 'Releases' }).waitFor();
    expect(await page.getByTestId('release-not-found').textContent()).toContain('nope');
    await page.goto(`${url}/#/releases/shop%402.0.0`);
    await page.getByRole('region', { name: 'Release shop@2.0.0' }).waitFor();
    expect(await page.getByTestId('release-not-found').count()).toBe(0);

    await page.goto(`${url}/#/issues/abc`);
    expect(await page.getByTestId('issue-not-found').textContent()).toContain('There is no issue abc');
    await page.goto(`${url}/#/issues/999999`);
    expect(await page.getByTestId('issue-not-found').textContent()).toContain('There is no issue 999999');
    await page.goto(`${url}/#/nonsense/1`);
    expect(await page.getByTestId('page-not-found').textContent()).toContain('#/nonsense/1');
    expect(await page.getByRole('heading', { name: 'Issues', exact: true }).count()).toBe(0);
    // No route at all is still the issue list.
    await page.goto(`${url}/#/`);
    await page.getByRole('heading', { name: 'Issues', exact: true }).waitFor();
    expect(app.problems.filter((problem) => !problem.includes('404'))).toEqual([]);
  });
});
