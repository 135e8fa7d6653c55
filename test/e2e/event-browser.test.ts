/**
 * The event page for what the real @sentry/browser SDK sends from a page in Chromium, read in Chromium:
 * an error thrown from a minified one-line bundle (its source line cut around the column, as Sentry cuts
 * it), click, console, fetch and XHR breadcrumbs as Sentry titles and renders them, the browser and OS
 * contexts Relay derives from the User-Agent and the user without Relay's `sentry_user`; and display
 * choices remembered across page loads.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSdkMissingReason, bundleBrowserSdk } from '../support/browser-sdk.ts';
import {
  appInChromium,
  chromiumMissingReason,
  issueListSettled,
  openLatestEventOf,
} from '../support/chromium.ts';
import { tempDir } from '../support/serve.ts';

const missing = chromiumMissingReason() ?? browserSdkMissingReason();
if (missing) console.warn(`skipping the browser SDK event page tests: ${missing}`);

/** One line of ~2,000 characters, as a minifier writes it; `boom` throws near its end. */
const MINIFIED = `${Array.from({ length: 60 }, (_, i) => `function f${i}(n){return n+${i}}`).join(';')};function boom(o){throw new RangeError("minified boom "+o.k)}window.shop={buy:function(){boom({k:7})}};${Array.from({ length: 40 }, (_, i) => `var z${i}=${i}`).join(';')};`;

describe.skipIf(missing !== undefined)('the event page for @sentry/browser events in Chromium', () => {
  const app = appInChromium();
  /** The shop's API, answering the page's fetch and XHR (any origin: the page is a file). */
  let api: http.Server;
  let apiOrigin = '';

  beforeAll(async () => {
    api = http.createServer((request, response) => {
      response.writeHead(request.url?.includes('missing') ? 404 : 200, {
        'access-control-allow-origin': '*',
        'content-type': 'application/json',
      });
      response.end('{}');
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    apiOrigin = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    // A page and its bundle on disk, opened as a file: the frames' paths are files here, so the event
    // page reads their source from disk.
    const dir = tempDir('faultline-shop-');
    fs.writeFileSync(path.join(dir, 'sentry.js'), await bundleBrowserSdk());
    fs.writeFileSync(path.join(dir, 'shop.min.js'), MINIFIED);
    fs.writeFileSync(
      path.join(dir, 'index.html'),
      `<!doctype html><html><head><title>shop</title>
<script src="sentry.js"></script>
<script>Sentry.init({ dsn: ${JSON.stringify(app.server.info.dsn)}, release: 'shop@2.0.0' });</script>
<script src="shop.min.js"></script></head>
<body><button id="buy" class="btn primary">Buy</button></body></html>`,
    );
    const page = await app.browser.newPage();
    await page.goto(`${pathToFileURL(path.join(dir, 'index.html')).href}?tab=cart`);
    await page.click('#buy');
    await page.evaluate(async (origin) => {
      console.warn('cart is slow');
      await fetch(`${origin}/api/cart?id=4`, { method: 'POST', body: '{}' });
      await fetch(`${origin}/api/missing`);
      await new Promise((resolve) => {
        const xhr = new XMLHttpRequest();
        xhr.open('GET', `${origin}/api/items`);
        xhr.onloadend = resolve;
        xhr.send();
      });
      setTimeout(() => Promise.reject('plain string reason'), 0);
      setTimeout(() => (window as unknown as { shop: { buy(): void } }).shop.buy(), 20);
      await new Promise((resolve) => setTimeout(resolve, 300));
      // What the SDK sends with a synthetic exception (no type): a rejected plain object, and a
      // message with the stack trace SDK 11 attaches by default.
      setTimeout(() => Promise.reject({ code: 42, reason: 'out of stock' }), 0);
      const sdk = (window as unknown as { Sentry: { captureMessage(message: string, level: string): void } })
        .Sentry;
      sdk.captureMessage('the basket is empty', 'warning');
      await new Promise((resolve) => setTimeout(resolve, 100));
      await (window as unknown as { Sentry: { flush(ms: number): Promise<boolean> } }).Sentry.flush(5000);
    }, apiOrigin);
    await page.close();
  }, 60_000);

  afterAll(async () => {
    await new Promise((resolve) => api?.close(resolve));
  });

  const openIssue = (text: string) => openLatestEventOf(app, text);

  it("a minified bundle's source line is cut to 140 characters around the column, marked {snip}", async () => {
    await openIssue('minified boom');
    const line = app.page.locator('[data-testid="frame"][open] .error-line');
    const text = (await line.textContent()) ?? '';
    expect(text).toMatch(/^\{snip\} .* \{snip\}$/);
    expect(text.length).toBe('{snip} '.length + 140 + ' {snip}'.length);
    expect(text).toContain('throw new RangeError("minified boom "+o.k)');
  });

  it('breadcrumbs are titled and typed as in Sentry: a UI click, console debug, HTTP requests "METHOD: url [status]"', async () => {
    const crumbs = app.page.getByTestId('breadcrumb');
    const rows = await crumbs.evaluateAll((items) =>
      items.map((item) => [
        item.querySelector('.crumb-type')?.textContent,
        item.querySelector('.crumb-category')?.textContent,
        item.querySelector('.crumb-level')?.textContent,
      ]),
    );
    // Oldest last; the SDK's record of the rejection it sent first, as a transaction.
    expect(rows.slice(-6)).toEqual([
      ['Transaction', 'Sentry Event', 'error'],
      ['HTTP Request', 'XHR', 'info'],
      ['HTTP Request', 'Fetch', 'warning'],
      ['HTTP Request', 'Fetch', 'info'],
      ['Debug', 'Console', 'warning'],
      ['User Action', 'UI Click', 'info'],
    ]);
    expect(await app.page.getByTestId('breadcrumb-http').allTextContents()).toEqual([
      `GET: ${apiOrigin}/api/items [200]`,
      `GET: ${apiOrigin}/api/missing [404]`,
      `POST: ${apiOrigin}/api/cart?id=4 [200]`,
    ]);
    expect(await crumbs.last().locator('.crumb-message').textContent()).toBe('body > button#buy.btn.primary');
    const own = app.page.getByTestId('breadcrumb-event');
    expect(await own.locator('.crumb-category').textContent()).toBe('Exception - This event');
    expect(await own.locator('.crumb-message').textContent()).toBe('RangeError: minified boom 7');
  });

  it('the browser and OS from the User-Agent, and the user, with the names Sentry gives their fields', async () => {
    const context = (title: string) =>
      app.page
        .getByTestId('event-context')
        .filter({ has: app.page.getByRole('heading', { name: title, exact: true }) })
        .locator('th');
    // Relay's `browser: "HeadlessChrome 1.2.3"` summary is not a row, as in Sentry.
    expect(await context('Browser').allTextContents()).toEqual(['Name', 'Version']);
    expect(await context('Operating System').allTextContents()).toEqual(['Name']);
    const user = app.page.getByRole('region', { name: 'User' }).locator('th');
    expect(await user.allTextContents()).toEqual(['IP Address']);
    expect(await user.getAttribute('title')).toBe('ip_address');
    const request = app.page.getByRole('region', { name: 'Request' });
    expect(await request.getByRole('table', { name: 'Headers' }).locator('th').allTextContents()).toEqual([
      'User-Agent',
    ]);
    expect(
      await request.getByRole('table', { name: 'Query string' }).locator('tr').allTextContents(),
    ).toEqual(['tabcart']);
  });

  it("an issue whose exception has no type is titled as Sentry titles it (the crash frame's function, else <unknown>), with the exception's value on the line below, in the list and on its page", async () => {
    const shown = async (query: string) => {
      await app.page.goto(`${app.server.info.url}/#/issues?query=${encodeURIComponent(query)}`);
      await expect.poll(() => app.page.getByLabel('Search issues').inputValue()).toBe(query);
      await issueListSettled(app.page);
      const row = app.page.getByTestId('issue-row');
      await row.first().waitFor({ timeout: 15_000 });
      expect(await row.count()).toBe(1);
      const inList = [
        await row.locator('.issue-title a').textContent(),
        await row.getByTestId('issue-message').textContent(),
      ];
      await row.locator('.issue-title a').click();
      const header = app.page.locator('.issue-header');
      await header.getByTestId('issue-title').waitFor();
      return {
        inList,
        onPage: [
          await header.getByTestId('issue-title').textContent(),
          await header.getByTestId('issue-message').textContent(),
        ],
      };
    };
    const rejection = await shown('promise rejection with keys');
    expect(rejection.inList).toEqual([
      '<unknown>',
      'Object captured as promise rejection with keys: code, reason',
    ]);
    expect(rejection.onPage).toEqual(rejection.inList);
    // The message's stack trace ends in the page's own code, called from Playwright's evaluate.
    const message = await shown('the basket is empty');
    expect(message.inList[1]).toBe('the basket is empty');
    expect(message.inList[0]).not.toContain('the basket is empty');
    expect(message.onPage).toEqual(message.inList);
    // An exception with a type keeps its one-line "Type: value" title and no second line.
    await openIssue('minified boom');
    expect(await app.page.getByTestId('issue-title').textContent()).toBe('RangeError: minified boom 7');
    expect(await app.page.getByTestId('issue-message').count()).toBe(0);
  });

  it('the stack trace order, Raw, the breadcrumb order and relative times are remembered across page loads', async () => {
    await openIssue('minified boom');
    const stack = app.page.getByRole('region', { name: 'Exception' });
    await stack.getByRole('button', { name: 'Oldest first' }).click();
    await stack.getByRole('button', { name: 'Raw' }).click();
    await app.page.getByLabel('Breadcrumb order').selectOption('oldest');
    await app.page.getByRole('button', { name: 'Change Time Format for Breadcrumbs' }).click();
    await app.page.reload();
    await app.page.getByTestId('event-view').waitFor();
    expect(await stack.getByRole('button', { name: 'Oldest first' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    expect(await stack.getByRole('button', { name: 'Raw' }).getAttribute('aria-pressed')).toBe('true');
    expect(await app.page.getByTestId('raw-stacktrace').count()).toBe(1);
    expect(await app.page.getByLabel('Breadcrumb order').inputValue()).toBe('oldest');
    // Relative to the first crumb shown (the oldest): Sentry's exact durations.
    const times = await app.page.getByTestId('breadcrumb-time').allTextContents();
    expect(times[0]).toBe('0ms');
    expect(times.slice(1)).toEqual(times.slice(1).map(() => expect.stringMatching(/^(\d+s )?\d+ms$|^\d+s$/)));
    expect(app.problems).toEqual([]);
  });
});
