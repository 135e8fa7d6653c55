/**
 * Source maps on the event page: the real @sentry/browser SDK in Chromium on a page from a loopback
 * dev server, whose bundle was minified by a real bundler with its source map beside it; the event
 * page shows the original file, function, line and source, and Sentry's "Minified" toggle the frames
 * the browser reported.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSdkMissingReason, bundleBrowserSdk } from '../support/browser-sdk.ts';
import { appInChromium, chromiumMissingReason, openLatestEventOf } from '../support/chromium.ts';
import { APP_SOURCES, type BuiltApp, buildApp, framesOf, throwFromBundle } from '../support/js-bundle.ts';
import { tempDir } from '../support/serve.ts';

const missing = chromiumMissingReason() ?? browserSdkMissingReason();
if (missing) console.warn(`skipping the source map event page tests: ${missing}`);

describe.skipIf(missing !== undefined)('source maps on the event page', () => {
  const app = appInChromium();
  let devServer: http.Server;
  let origin = '';
  let built: BuiltApp;

  beforeAll(async () => {
    built = await buildApp(tempDir('faultline-maps-e2e-'));
    const dist = path.dirname(built.bundlePath);
    fs.writeFileSync(path.join(dist, 'sentry.js'), await bundleBrowserSdk());
    fs.writeFileSync(
      path.join(dist, 'index.html'),
      `<!doctype html><html><head><title>shop</title>
<script src="sentry.js"></script>
<script>Sentry.init({ dsn: ${JSON.stringify(app.server.info.dsn)} });</script>
<script src="shop.js"></script></head><body></body></html>`,
    );
    // A dev server on loopback, as Vite's: the page, the SDK, the minified bundle and its map.
    devServer = http.createServer((request, response) => {
      const file = path.join(
        dist,
        path.basename(new URL(request.url ?? '/', 'http://x').pathname) || 'index.html',
      );
      if (!fs.existsSync(file)) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': file.endsWith('.html') ? 'text/html' : 'text/javascript' });
      response.end(fs.readFileSync(file));
    });
    await new Promise<void>((resolve) => devServer.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(devServer.address() as AddressInfo).port}`;
    const page = await app.browser.newPage();
    await page.goto(`${origin}/index.html`);
    await page.evaluate(async () => {
      setTimeout(() => (window as unknown as { shop: { buy(): void } }).shop.buy(), 0);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await (window as unknown as { Sentry: { flush(ms: number): Promise<boolean> } }).Sentry.flush(5000);
    });
    await page.close();
  }, 60_000);

  afterAll(async () => {
    await new Promise((resolve) => devServer?.close(resolve));
  });

  it('the frame that threw shows the original file, function, line and source; Minified shows the bundle', async () => {
    await openLatestEventOf(app, 'negative price');
    const top = app.page.locator('[data-testid="frame"][open]');
    expect(await top.locator('.frame-file').textContent()).toBe('../src/util.ts');
    expect(await top.locator('.frame-fn').textContent()).toBe('formatPrice');
    expect(await top.locator('summary').textContent()).toContain('at line 3:');
    expect(await top.locator('.error-line').textContent()).toBe(APP_SOURCES['src/util.ts']?.split('\n')[2]);
    expect(await top.getByTestId('frame-sourcemap').textContent()).toBe(`Source Map: ${origin}/shop.js.map`);
    const fns = await app.page.locator('[data-testid="frame"] .frame-fn').allTextContents();
    expect(fns.slice(0, 2)).toEqual(['formatPrice', 'checkout']);

    const stack = app.page.getByRole('region', { name: 'Exception' });
    await stack.getByRole('button', { name: 'Minified' }).click();
    const minified = app.page.locator('[data-testid="frame"][open]');
    // Relay's filename of a URL: its path.
    expect(await minified.locator('.frame-file').textContent()).toBe('/shop.js');
    expect(await minified.locator('.frame-fn').textContent()).toBe('e');
    expect(await minified.locator('.error-line').textContent()).toContain('throw RangeError(');
    await stack.getByRole('button', { name: 'Minified' }).click();
    expect(await app.page.locator('[data-testid="frame"][open] .frame-fn').textContent()).toBe('formatPrice');
    expect(app.problems).toEqual([]);
  });

  it.each([
    ['a thread', { threads: { values: [{ id: 1, current: true, stacktrace: { frames: [] } }] } }],
    ['the event itself', { stacktrace: { frames: [] } }],
  ])(
    "a message's stack trace (on %s) is shown mapped, and Minified shows it as sent",
    async (where, shape) => {
      const frames = framesOf(await throwFromBundle(built, built.bundlePath), built.bundlePath);
      const message = `checkout stack on ${where}`;
      const eventId = where === 'a thread' ? '7'.repeat(32) : '6'.repeat(32);
      const body = JSON.stringify(shape).replace('"frames":[]', `"frames":${JSON.stringify(frames)}`);
      const event = {
        event_id: eventId,
        platform: 'javascript',
        timestamp: Date.now() / 1000,
        message,
        fingerprint: [message], // an issue of its own: both stacks are the same
        ...JSON.parse(body),
      };
      const key = new URL(app.server.info.dsn).username;
      const sent = await fetch(`${app.server.info.url}/api/1/envelope/?sentry_key=${key}&sentry_version=7`, {
        method: 'POST',
        body: `${JSON.stringify({ event_id: eventId })}\n{"type":"event"}\n${JSON.stringify(event)}\n`,
      });
      expect(sent.status).toBe(200);
      await openLatestEventOf(app, `"${message}"`);
      const stack = app.page.getByRole('region', { name: 'Stack Trace' });
      await stack.waitFor();
      const fns = () => stack.locator('[data-testid="frame"] .frame-fn').allTextContents();
      expect(await stack.locator('[data-testid="frame"][open] .frame-file').textContent()).toBe(
        '../src/util.ts',
      );
      expect(await fns()).toEqual(['formatPrice', 'checkout', 'buy']);
      await stack.getByRole('button', { name: 'Minified' }).click();
      expect(await fns()).toEqual(['e', 't', 'Object.buy']);
      expect(await stack.locator('[data-testid="frame"][open] .frame-file').textContent()).toBe(
        built.bundlePath,
      );
      expect(app.problems).toEqual([]);
    },
  );
});
