/**
 * Web vitals of a page load, sent by the real @sentry/browser 11 with `browserTracingIntegration` from
 * a page of its own origin in Chromium, as the trace view shows them once the page load is opened (Sentry's
 * trace view details a transaction's web vitals): from a transaction's `measurements` (`traceLifecycle:
 * 'static'`) and from streamed spans (SDK 11's default), where FCP, FP and TTFB are attributes of the
 * page load's segment and LCP one of the span the SDK sends for it when the page navigates.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSdkMissingReason, bundleBrowserSdk, initBrowserTracing } from '../support/browser-sdk.ts';
import { appInChromium, chromiumMissingReason, listSettled } from '../support/chromium.ts';

const missing = chromiumMissingReason() ?? browserSdkMissingReason();
if (missing) console.warn(`skipping the trace web vitals tests: ${missing}`);

const PAGE_SCRIPT = `${initBrowserTracing()}
  // Resolves once the page load's span has ended (its idle timeout) and what it sent is flushed; a
  // navigation then makes the streaming SDK send the LCP it measured during the page load. Listened
  // for from the start: the span may end before the test asks.
  window.__pageLoaded = new Promise((resolve) => {
    Sentry.getClient().on('spanEnd', (span) => {
      // SDK 11 writes a span as span v2 JSON: its op is an attribute.
      if (Sentry.spanToJSON(span).attributes?.['sentry.op'] !== 'pageload') return;
      setTimeout(async () => {
        history.pushState({}, '', '/' + lifecycle + '/next');
        await Sentry.flush(5000);
        resolve();
      }, 0);
    });
  });
`;

describe.skipIf(missing !== undefined)('web vitals in the trace view, from @sentry/browser', () => {
  const app = appInChromium();
  let pageServer: http.Server;
  let pageOrigin = '';

  beforeAll(async () => {
    const bundle = await bundleBrowserSdk();
    const html = `<!doctype html><html><head><title>shop</title>
      <script>window.__DSN = ${JSON.stringify(app.server.info.dsn)};</script>
      <script src="/sentry.js"></script><script src="/page.js"></script></head>
      <body><h1 style="font-size: 64px">Welcome to the shop</h1><p>Everything is on sale.</p></body></html>`;
    pageServer = http.createServer((req, res) => {
      const body = req.url === '/sentry.js' ? bundle : req.url === '/page.js' ? PAGE_SCRIPT : html;
      res.writeHead(200, {
        'content-type': `${req.url?.endsWith('.js') ? 'text/javascript' : 'text/html'}; charset=utf-8`,
      });
      res.end(body);
    });
    await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
    // `localhost` on another port: another origin than Faultline's 127.0.0.1, as a dev's app is.
    pageOrigin = `http://localhost:${(pageServer.address() as AddressInfo).port}`;
  }, 60_000);

  afterAll(async () => {
    await new Promise((resolve) => pageServer?.close(resolve));
  });

  async function loadPage(lifecycle: 'static' | 'stream') {
    const context = await app.browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${pageOrigin}/${lifecycle}?lifecycle=${lifecycle}`);
      await page.evaluate('window.__pageLoaded');
    } finally {
      await context.close();
    }
  }

  /** The web vitals line of the page load `name`, opened from the Traces page. */
  async function vitalsOf(name: string): Promise<string[]> {
    const { page } = app;
    await page.goto(`${app.server.info.url}/#/traces?table=trace`);
    await listSettled(page, 'traces-table');
    const row = page
      .getByRole('table', { name: 'Traces' })
      .locator('tbody tr')
      .filter({ hasText: name })
      .filter({ hasText: 'pageload' });
    await row.first().waitFor({ timeout: 15_000 });
    await row.first().click();
    const trace = page.getByRole('region', { name: 'Trace' });
    const vitals = trace.getByTestId('web-vitals').getByTestId('web-vital');
    await vitals.first().waitFor();
    return vitals.evaluateAll((items) =>
      items.map(
        (item) => `${item.querySelector('dt')?.textContent} ${item.querySelector('dd')?.textContent}`,
      ),
    );
  }

  const ms = /^\d+(\.\d+)?m?s$/;
  const withName = (vitals: string[], name: string) =>
    vitals.find((vital) => vital.startsWith(`${name} `))?.slice(name.length + 1);

  it("a page load's transaction shows its measured LCP, FCP, FP and TTFB, in Sentry's order", async () => {
    await loadPage('static');
    const vitals = await vitalsOf('/static');
    expect(vitals.map((vital) => vital.split(' ')[0])).toEqual(
      expect.arrayContaining(['LCP', 'FCP', 'FP', 'TTFB']),
    );
    for (const name of ['LCP', 'FCP', 'FP', 'TTFB']) expect(withName(vitals, name)).toMatch(ms);
    expect(vitals.map((vital) => vital.split(' ')[0])).toEqual(
      ['LCP', 'FCP', 'FP', 'INP', 'FID', 'CLS', 'TTFB'].filter(
        (name) => withName(vitals, name) !== undefined,
      ),
    );
    expect(app.problems).toEqual([]);
  });

  it('a streamed page load shows the vitals of its segment and of the LCP span the SDK sent for it', async () => {
    await loadPage('stream');
    const vitals = await vitalsOf('Pageload');
    for (const name of ['LCP', 'FCP', 'FP', 'TTFB']) expect(withName(vitals, name)).toMatch(ms);
    expect(app.problems).toEqual([]);
  });
});
