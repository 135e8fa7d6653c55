/**
 * The issue and event pages with awkward user data and narrow windows, in Chromium against
 * `bin/faultline serve`, fed by the real @sentry/node SDK: a message of 5,000 characters without a
 * space wraps inside its card instead of widening the page, the header separates release and
 * environment, a long tag value ellipsizes beside its whole percentage, a right-to-left override in
 * one error's message does not reverse the labels beside it, and at 900 px the issue page stacks its
 * tags below the event and the issue list and releases fit the window.
 */
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appInChromium, chromiumMissingReason, openApp, openLatestEventIn } from '../support/chromium.ts';
import { REPO_ROOT } from '../support/serve.ts';
import { sendWithSdk } from './fixtures/send.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`skipping browser tests: ${missing}`);

const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');
const LONG_VALUE = `value_22_${'v'.repeat(120)}`;

async function box(locator: Locator) {
  const found = await locator.boundingBox();
  if (!found) throw new Error('not visible');
  return { left: found.x, top: found.y, right: found.x + found.width, bottom: found.y + found.height };
}

/** How much wider than its window the page's main area is (0 when it fits). */
function overflowOf(page: Page): Promise<number> {
  return page.evaluate(() => {
    const main = document.querySelector('main.content');
    const root = document.documentElement;
    return Math.max(main ? main.scrollWidth - main.clientWidth : 0, root.scrollWidth - root.clientWidth);
  });
}

function openIssue(page: Page, url: string, name: string): Promise<void> {
  return openLatestEventIn(page, url, `is:unresolved ${name}`);
}

describe.skipIf(missing !== undefined)('the issue and event pages with awkward data in Chromium', () => {
  const app = appInChromium();

  it('a 5,000-character message without a space wraps inside its card, and so does its grouping value', async () => {
    const { page } = app;
    await sendWithSdk(app.server.info.dsn, {
      release: 'shop@1.0.0',
      errors: [
        { name: 'LongError', message: `LONG ${'x'.repeat(5000)}`, tags: { customer: LONG_VALUE } },
        // Sent last in the same process, so that it shares LongError's trace.
        { name: 'RtlError', message: 'خطأ \u202Eevil override' },
      ],
    });
    await openIssue(page, app.server.info.url, 'LongError');
    expect(await overflowOf(page)).toBe(0);
    const card = await box(page.getByRole('region', { name: 'Exception' }));
    const heading = await box(page.getByTestId('exception').locator('h3'));
    expect(heading.right).toBeLessThanOrEqual(card.right);
    expect(heading.bottom - heading.top).toBeGreaterThan(100);
    // The tags sidebar stays beside the event, not under the message.
    expect((await box(page.getByRole('complementary', { name: 'Tags' }))).left).toBeGreaterThan(card.right);

    const grouping = page.getByRole('region', { name: 'Grouping info' });
    const groupingCard = await box(grouping);
    const longValue = grouping.locator('.leaf code').filter({ hasText: 'xxxxxxxxxx' }).first();
    expect((await box(longValue)).right).toBeLessThanOrEqual(groupingCard.right);
    await page.screenshot({ path: path.join(ARTIFACTS, 'event-long-message.png') });
  });

  it('the event header separates its release from its environment', async () => {
    const facts = app.page.getByTestId('event-view').locator('.event-facts');
    expect(await facts.innerText()).toBe('Release shop@1.0.0 · Environment production');
  });

  it('a long tag value ellipsizes in the tags sidebar, its percentage whole beside it', async () => {
    const bar = app.page
      .getByTestId('tag-distribution')
      .filter({ hasText: 'customer' })
      .getByTestId('tag-value')
      .first();
    const share = bar.locator('.tag-share');
    expect(await share.textContent()).toBe('100%');
    const fits = await share.evaluate((element) => element.scrollWidth <= element.clientWidth);
    expect(fits).toBe(true);
    expect((await box(share)).right).toBeLessThanOrEqual((await box(bar)).right);
    const value = bar.locator('.tag-value');
    expect(await value.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
  });

  it('a right-to-left override in a title reverses neither the project beside it nor what follows', async () => {
    const row = app.page.getByTestId('trace-error').filter({ hasText: 'RtlError' });
    await row.waitFor({ timeout: 10_000 });
    // The project label "default", as laid out: its first letter left of its last.
    const order = await row.locator('.trace-project').evaluate((element) => {
      const text = [...element.childNodes].find((node) => node.textContent?.includes('default')) as Text;
      const at = (offset: number) => {
        const range = document.createRange();
        range.setStart(text, offset);
        range.setEnd(text, offset + 1);
        return range.getBoundingClientRect().left;
      };
      const first = text.data.indexOf('d');
      return { d: at(first), t: at(text.data.lastIndexOf('t')) };
    });
    expect(order.d).toBeLessThan(order.t);
    await row.screenshot({ path: path.join(ARTIFACTS, 'trace-row-rtl.png') });
  });

  it('at 900 px the issue page stacks the tags below the event, its tabs and trace id inside the event column', async () => {
    const { page } = await openApp(app.browser, app.server, { width: 900, height: 800 });
    await openIssue(page, app.server.info.url, 'LongError');
    expect(await overflowOf(page)).toBe(0);
    const body = await box(page.locator('.issue-body'));
    const tags = await box(page.getByRole('complementary', { name: 'Tags' }));
    expect(tags.top).toBeGreaterThanOrEqual(body.bottom);
    for (const tab of await page.locator('.issue-tabs a').all())
      expect((await box(tab)).right).toBeLessThanOrEqual(body.right);
    const trace = page.getByRole('region', { name: 'Trace' });
    expect((await box(trace.locator('h2 code'))).right).toBeLessThanOrEqual((await box(trace)).right);
    await page.screenshot({ path: path.join(ARTIFACTS, 'issue-900.png') });
    await page.context().close();
  });

  it('at 900 px the issue list drops its graph for the titles, and the releases fit the window', async () => {
    const { page } = await openApp(app.browser, app.server, { width: 900, height: 800 });
    const row = page.getByTestId('issue-row').first();
    await row.waitFor({ timeout: 10_000 });
    expect(await row.getByTestId('sparkline').isVisible()).toBe(false);
    expect(await page.getByTestId('issue-columns').getByText('Graph').isVisible()).toBe(false);
    expect(
      (await box(row.locator('.issue-title'))).right - (await box(row.locator('.issue-title'))).left,
    ).toBeGreaterThan(250);
    expect(await overflowOf(page)).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'issue-list-900.png') });

    await page.getByRole('link', { name: 'Releases', exact: true }).click();
    await page.getByRole('table', { name: 'Releases' }).waitFor();
    expect(await overflowOf(page)).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'releases-900.png') });
    const table = await box(page.getByRole('table', { name: 'Releases' }));
    // Inside the main area's padding: no column hidden behind a sideways scroll.
    expect(table.right).toBeLessThanOrEqual((await box(page.locator('main.content'))).right - 20);
    await page.context().close();
    expect(app.problems).toEqual([]);
  });
});
