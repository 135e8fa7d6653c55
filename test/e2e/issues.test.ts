/**
 * The issue pages in Chromium against `bin/faultline serve`, fed by the real @sentry/node SDK:
 * live arrival, search, sort, resolve, ignore, regression, the issue page and the event page.
 * Screenshots of the list, the issue page and the event page are kept in test-artifacts/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissingReason, launchChromium, openApp, openStatusTab } from '../support/chromium.ts';
import { REPO_ROOT, type RunningServe, startServe } from '../support/serve.ts';
import { type SenderSpec, sendWithSdk } from './fixtures/send.ts';

const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');
const missing = chromiumMissingReason();
if (missing) console.warn(`skipping browser tests: ${missing}`);

const PAYMENT: SenderSpec['errors'][number] = {
  name: 'PaymentDeclined',
  message: 'card declined',
  tags: { checkout_step: 'payment' },
  user: { id: '7', email: 'ada@example.com' },
  breadcrumbs: ['cart loaded', 'pay clicked'],
  request: { method: 'POST', url: 'http://shop.local/checkout', headers: { 'user-agent': 'curl/8.5' } },
};

const AGAIN = 'PaymentDeclined: card declined again';
const AFTER_FIX = 'PaymentDeclined: card declined after the fix';

describe.skipIf(missing !== undefined)('the issue pages in Chromium', () => {
  let server: RunningServe;
  let browser: Browser;
  let page: Page;
  let problems: string[] = [];

  const rows = () => page.getByTestId('issue-row');
  const rowTitles = async () =>
    (await rows().locator('.issue-title a').allTextContents()).map((t) => t.trim());
  const search = async (query: string) => {
    const box = page.getByLabel('Search issues');
    await box.fill(query);
    await box.press('Enter');
  };
  const send = (errors: SenderSpec['errors'], release = 'shop@1.0.0') =>
    sendWithSdk(server.info.dsn, { release, environment: 'production', errors });

  beforeAll(async () => {
    server = await startServe();
    browser = await launchChromium();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    ({ page, problems } = await openApp(browser, server));
    page.on('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('issue-total').filter({ hasText: '0 issues' }).waitFor();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an error sent by the SDK appears in the list without a reload', async () => {
    await send([PAYMENT]);
    await expect.poll(rowTitles, { timeout: 15_000 }).toEqual(['PaymentDeclined: card declined']);
    // As in Sentry, the latest event names the issue.
    await send([{ ...PAYMENT, message: 'card declined again', user: { id: '8' } }]);
    await expect.poll(rowTitles, { timeout: 15_000 }).toEqual([AGAIN]);
    await send([
      {
        name: 'InventoryMissing',
        message: 'sku 12 gone',
        level: 'warning',
        tags: { checkout_step: 'stock' },
      },
    ]);
    await expect.poll(rowTitles, { timeout: 15_000 }).toHaveLength(2);
    const payment = rows().filter({ hasText: 'PaymentDeclined' });
    expect(await payment.getByTestId('issue-events').textContent()).toBe('2');
    expect(await payment.locator('.short-id').textContent()).toMatch(/^DEFAULT-\w+$/);
    // Column headers as in Sentry's stream, each over its column.
    const columns = page.getByTestId('issue-columns');
    expect(await columns.textContent()).toMatch(/Graph.*Events.*Users/);
    const right = async (box: ReturnType<Page['locator']>) => {
      const bounds = await box.boundingBox();
      return bounds ? Math.round(bounds.x + bounds.width) : undefined;
    };
    expect(await right(columns.getByText('Events', { exact: true }))).toBe(
      await right(payment.getByTestId('issue-events')),
    );
    expect(await right(columns.getByText('Users', { exact: true }))).toBe(
      await right(payment.getByTestId('issue-users')),
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'issue-list.png') });
  });

  it('searching filters the list and a bad search shows where it is wrong', async () => {
    await search('is:unresolved level:warning');
    await expect.poll(rowTitles).toEqual(['InventoryMissing: sku 12 gone']);
    await search('is:unresolved checkout_step:payment');
    await expect.poll(rowTitles).toEqual([AGAIN]);
    // As in Sentry, under event filters an issue counts the events that match, its totals in the tooltip.
    await search('is:unresolved user.id:8');
    const events = rows().first().getByTestId('issue-events');
    await expect
      .poll(() => events.getAttribute('title'))
      .toBe('Events matching search filters: 1\nEvents in this period: 2\nEvents since issue began: 2');
    expect(await events.textContent()).toBe('1');
    expect(await rows().first().getByTestId('issue-users').textContent()).toBe('1');
    expect(await rowTitles()).toEqual([AGAIN]);
    await page.getByLabel('Search issues').fill('is:unresolved is:bogus');
    expect(await page.getByTestId('search-error').locator('mark').textContent()).toBe('bogus');
    // The issue search takes no OR, as Sentry's: its message, the operator marked.
    await page.getByLabel('Search issues').fill('level:warning OR user.id:8');
    const refusal = page.getByTestId('search-error');
    await expect
      .poll(() => refusal.innerText())
      .toMatch(/^Boolean statements containing "OR" or "AND" are not supported in this search: /);
    expect(await refusal.locator('mark').textContent()).toBe('OR');
    await search('is:unresolved');
    await expect.poll(rowTitles).toHaveLength(2);
  });

  it('sorting by events and by first seen reorders the list', async () => {
    await page.getByLabel('Sort by').selectOption('freq');
    await expect.poll(rowTitles).toEqual([AGAIN, 'InventoryMissing: sku 12 gone']);
    await page.getByLabel('Sort by').selectOption('new');
    await expect.poll(rowTitles).toEqual(['InventoryMissing: sku 12 gone', AGAIN]);
  });

  it('resolving and ignoring move issues out of Unresolved into their tabs', async () => {
    const unresolve = page.getByRole('button', { name: 'Unresolve', exact: true });
    await rows().filter({ hasText: 'PaymentDeclined' }).getByRole('checkbox').check();
    // Unresolving an unresolved issue would change nothing, so it is not offered.
    expect(await unresolve.isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Resolve', exact: true }).click();
    await expect.poll(rowTitles).toEqual(['InventoryMissing: sku 12 gone']);
    await rows().first().getByRole('checkbox').check();
    await page.locator('.bulk-actions summary', { hasText: 'Ignore' }).click();
    // "Until [n] more events" stays on one line.
    const moreEvents = await page.getByText('more events', { exact: true }).boundingBox();
    const countBox = await page.getByLabel('events until it returns').boundingBox();
    expect(moreEvents && countBox && moreEvents.height < countBox.height).toBe(true);
    expect(moreEvents && countBox && moreEvents.x > countBox.x).toBe(true);
    await page.getByRole('button', { name: 'Forever' }).click();
    await expect.poll(() => page.getByTestId('issue-total').textContent()).toBe('0 issues');
    await page.getByRole('link', { name: 'Resolved', exact: true }).click();
    await expect.poll(rowTitles).toEqual([AGAIN]);
    await rows().first().getByRole('checkbox').check();
    expect(await unresolve.isDisabled()).toBe(false);
    await rows().first().getByRole('checkbox').uncheck();
    await page.getByRole('link', { name: 'Ignored', exact: true }).click();
    await expect.poll(rowTitles).toEqual(['InventoryMissing: sku 12 gone']);
  });

  it('a resolved issue that happens again comes back as regressed', async () => {
    await page.getByRole('link', { name: 'Unresolved', exact: true }).click();
    await expect.poll(() => page.getByTestId('issue-total').textContent()).toBe('0 issues');
    await send([{ ...PAYMENT, message: 'card declined after the fix' }], 'shop@1.0.1');
    await expect.poll(rowTitles, { timeout: 15_000 }).toEqual([AFTER_FIX]);
    expect(await rows().first().locator('.status').textContent()).toBe('regressed');
    // Unresolved lists the same one issue: wait for the Regressed tab's own rows.
    await openStatusTab(page, 'Regressed');
    await expect.poll(rowTitles).toEqual([AFTER_FIX]);
  });

  it('the keyboard moves through the list and e resolves the focused issue', async () => {
    // Regressed lists the same one issue: j pressed on its rows would focus a row about to go.
    await openStatusTab(page, 'Unresolved');
    await expect.poll(rowTitles).toHaveLength(1);
    await page.locator('body').press('j');
    await expect.poll(() => page.locator('.issue-row.focused').count()).toBe(1);
    await page.locator('body').press('e');
    await expect.poll(() => page.getByTestId('issue-total').textContent()).toBe('0 issues');
    await page.getByRole('link', { name: 'Resolved', exact: true }).click();
    await expect.poll(rowTitles).toEqual([AFTER_FIX]);
  });

  it('the issue page shows the issue, its tags and its recommended event', async () => {
    await rows().first().locator('.issue-title a').click();
    await expect.poll(() => page.getByTestId('issue-title').textContent()).toBe(AFTER_FIX);
    await expect.poll(() => page.getByTestId('tag-distribution').count()).toBeGreaterThan(2);
    const release = page.getByTestId('tag-distribution').filter({ hasText: 'release' });
    expect(await release.textContent()).toContain('shop@1.0.0');
    await expect.poll(() => page.getByTestId('event-view').isVisible()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'issue-page.png') });
  });

  it('the event page shows exception, in-app frames with source, breadcrumbs, tags, request, user and grouping', async () => {
    const choice = page.getByRole('navigation', { name: 'Event shown' });
    await choice.getByRole('link', { name: 'Oldest', exact: true }).click();
    // The latest event has two breadcrumbs too: wait for the oldest event itself, not just any event.
    const exception = page.getByTestId('exception');
    await expect.poll(() => exception.locator('.exc-value').textContent()).toBe(': card declined');
    expect(await page.getByTestId('breadcrumb').count()).toBe(2);
    expect(await exception.locator('.exc-type').textContent()).toBe('PaymentDeclined');
    const frames = exception.getByTestId('frame');
    expect(await frames.locator('.frame-fn').allTextContents()).toEqual(
      expect.arrayContaining(['chargeCard', 'handleCheckout']),
    );
    expect(await frames.locator('.frame-fn').allTextContents()).not.toContain('ModuleJob.run');
    const errorLine = exception.getByTestId('source-context').first().locator('.error-line');
    expect(await errorLine.textContent()).toContain('new CheckoutError(error.message)');
    // Newest first, as in Sentry.
    expect(await page.getByTestId('breadcrumb').allTextContents()).toEqual([
      expect.stringContaining('pay clicked'),
      expect.stringContaining('cart loaded'),
    ]);
    expect(await page.getByTestId('event-tag').allTextContents()).toEqual(
      expect.arrayContaining(['checkout_steppayment', 'environmentproduction']),
    );
    expect(await page.getByTestId('request-line').textContent()).toContain('POST http://shop.local/checkout');
    expect(await page.getByRole('region', { name: 'User' }).textContent()).toContain('ada@example.com');
    // The Node SDK sends `cloud_resource: {}` off a cloud: no bare heading for it, or any empty context.
    const contexts = page.getByTestId('event-context');
    expect(await contexts.count()).toBeGreaterThan(0);
    expect(await contexts.locator('h3').allTextContents()).not.toContain('cloud_resource');
    for (const context of await contexts.all())
      expect(await context.locator('tr').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('contributing-variant').textContent()).toBe('app');
    await page.getByRole('button', { name: 'Full' }).first().click();
    await expect.poll(() => frames.locator('.frame-fn').allTextContents()).toContain('ModuleJob.run');
    await page.getByRole('button', { name: 'In app' }).first().click();
    await page.getByRole('region', { name: 'Exception' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'event-page.png') });
    expect(problems).toEqual([]);
  });

  it('"← Issues" returns to the list as it was left: search, sort and period', async () => {
    const back = page.getByRole('link', { name: '← Issues' });
    const listAsLeft = async () => ({
      search: await page.getByLabel('Search issues').inputValue(),
      sort: await page.getByLabel('Sort by').inputValue(),
      period: await page
        .getByRole('group', { name: 'Period' })
        .locator('[aria-pressed="true"]')
        .textContent(),
      titles: await rowTitles(),
    });
    // Left at the Resolved tab, sorted by first seen, when the issue was opened.
    await back.click();
    await expect
      .poll(listAsLeft)
      .toEqual({ search: 'is:resolved', sort: 'new', period: '14d', titles: [AFTER_FIX] });
    await page.getByRole('button', { name: '24h', exact: true }).click();
    await expect.poll(listAsLeft).toMatchObject({ period: '24h', titles: [AFTER_FIX] });
    const calls: string[] = [];
    const record = (request: Request) => {
      if (request.url().includes('/rpc/')) calls.push(request.url().replace(/^.*\/rpc\//, ''));
    };
    page.on('request', record);
    await page.locator('body').press('j');
    await page.locator('body').press('Enter');
    await page.getByTestId('issue-title').waitFor();
    page.off('request', record);
    // Opening the issue fetches no list: the list once rendered alone with the route
    // (and took it for the list as left, or fetched the default list when not cached).
    expect(calls).not.toContain('issues.list');
    // Moving around the issue page keeps it too, and so does a reload.
    await page.getByRole('link', { name: /^Events \(/ }).click();
    await page.reload();
    await back.click();
    await expect
      .poll(listAsLeft)
      .toEqual({ search: 'is:resolved', sort: 'new', period: '24h', titles: [AFTER_FIX] });
    expect(problems).toEqual([]);
  });

  it('an issue that does not exist says so and links back to the list as it was left', async () => {
    await page.goto(`${server.info.url}/#/issues/987654`);
    await page.getByRole('heading', { name: 'Issue not found' }).waitFor();
    expect(await page.getByTestId('issue-not-found').textContent()).toContain('There is no issue 987654');
    await page.getByRole('link', { name: '← Issues' }).click();
    await expect.poll(() => page.getByLabel('Search issues').inputValue()).toBe('is:resolved');
    await expect.poll(rowTitles).toEqual([AFTER_FIX]);
  });

  it("searching an event id or a short id opens its issue, as Sentry's direct hit does", async () => {
    // The page before asked for an issue that does not exist, on purpose.
    problems.length = 0;
    const [eventId] = await send([{ name: 'LookupError', message: 'found by its id' }]);
    await search('is:unresolved');
    await expect.poll(rowTitles, { timeout: 15_000 }).toContain('LookupError: found by its id');
    await search(eventId!);
    await expect.poll(() => page.url()).toContain(`/events/${eventId}`);
    await expect.poll(() => page.getByTestId('issue-title').textContent()).toContain('LookupError');
    const shortId = (await page.locator('.issue-header .short-id').textContent())?.trim() ?? '';
    // "← Issues" leads to the project's unresolved issues, not back into the lookup.
    await page.getByRole('link', { name: '← Issues' }).click();
    await expect.poll(() => page.getByLabel('Search issues').inputValue()).toBe('is:unresolved');
    await search(shortId.toLowerCase());
    await expect.poll(() => page.url()).toMatch(/#\/issues\/\d+$/);
    await expect.poll(() => page.getByTestId('issue-title').textContent()).toContain('LookupError');
    expect(problems).toEqual([]);
  });
});
