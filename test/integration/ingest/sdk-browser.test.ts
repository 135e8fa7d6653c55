/**
 * The real @sentry/browser 11 SDK in headless Chromium, on a page served from another origin:
 * its cross-origin requests are accepted and their responses are readable (CORS works), so the
 * SDK records no failures.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSdkMissingReason, bundleBrowserSdk } from '../../support/browser-sdk.ts';
import { itemTypes, queuedEnvelopes, startServer, type TestServer } from './helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
const missing = !fs.existsSync(CHROMIUM) ? `${CHROMIUM} is not installed` : browserSdkMissingReason();
if (missing) console.warn(`[ingest tests] browser SDK test skipped: ${missing}`);

const PAGE_SCRIPT = `
  window.__responses = [];
  const transport = (options) => {
    const inner = Sentry.makeFetchTransport(options);
    return {
      send: async (envelope) => {
        const types = envelope[1].map((item) => item[0].type);
        try {
          const response = await inner.send(envelope);
          window.__responses.push({ types, statusCode: response.statusCode ?? null, headers: response.headers ?? {} });
          return response;
        } catch (error) {
          window.__responses.push({ types, error: String(error) });
          throw error;
        }
      },
      flush: (timeout) => inner.flush(timeout),
    };
  };
  Sentry.init({
    dsn: window.__DSN,
    release: 'browser-fixture@1.0.0',
    transport,
    tracesSampleRate: 1,
    traceLifecycle: 'static',
    integrations: [Sentry.browserTracingIntegration()],
  });
  window.__run = async () => {
    const ids = {
      exception: Sentry.captureException(new Error('browser fixture exception')),
      message: Sentry.captureMessage('browser fixture message'),
    };
    await new Promise((resolve) => setTimeout(resolve, 200));
    await Sentry.flush(5000);
    // A request that needs a preflight (custom content type), as a tunnel or custom transport would send.
    const preflighted = await fetch(window.__ENVELOPE_URL, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-sentry-envelope' },
      body: '{}\\n{"type":"session"}\\n{"sid":"x","status":"ok","attrs":{"release":"r"}}',
    }).then((r) => r.status, (e) => String(e));
    return { ids, responses: window.__responses, outcomes: Sentry.getClient()._clearOutcomes(), preflighted };
  };
`;

describe.skipIf(missing !== undefined)('@sentry/browser 11 in Chromium, cross-origin', () => {
  let server: TestServer;
  let page: http.Server;
  let pageOrigin: string;

  beforeAll(async () => {
    server = await startServer();
    const bundle = await bundleBrowserSdk();
    const envelopeUrl = `${server.core.url}/api/1/envelope/?sentry_key=${server.publicKey}&sentry_version=7`;
    const html = `<!doctype html><html><head><title>fixture</title>
      <script>window.__DSN = ${JSON.stringify(server.dsn)}; window.__ENVELOPE_URL = ${JSON.stringify(envelopeUrl)};</script>
      <script src="/sentry.js"></script><script src="/page.js"></script></head><body>fixture</body></html>`;
    page = http.createServer((req, res) => {
      const body = req.url === '/sentry.js' ? bundle : req.url === '/page.js' ? PAGE_SCRIPT : html;
      const type = req.url?.endsWith('.js') ? 'text/javascript' : 'text/html';
      res.writeHead(200, { 'content-type': `${type}; charset=utf-8` });
      res.end(body);
    });
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
    // `localhost` vs `127.0.0.1` on another port: a different origin from the ingest server.
    pageOrigin = `http://localhost:${(page.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => page?.close(resolve));
    await server?.close();
  });

  it('sends events and a session cross-origin, and every response is readable (CORS)', async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
    try {
      const tab = await browser.newPage();
      await tab.goto(`${pageOrigin}/`);
      const result = (await tab.evaluate('window.__run()')) as {
        ids: Record<string, string>;
        responses: Array<{
          types: string[];
          statusCode?: number;
          error?: string;
          headers: Record<string, string | null>;
        }>;
        outcomes: unknown[];
        preflighted: number | string;
      };
      expect(result.responses.length).toBeGreaterThanOrEqual(2);
      for (const response of result.responses) {
        expect(response.error).toBeUndefined();
        expect(response.statusCode).toBe(200);
        expect(response.headers['x-sentry-rate-limits'] ?? null).toBeNull();
      }
      expect(result.outcomes).toEqual([]);
      expect(result.preflighted).toBe(200);

      const queued = queuedEnvelopes(server);
      const exception = queued.find(({ row }) => row.eventId === result.ids.exception);
      expect(exception).toBeDefined();
      expect(exception!.row.origin).toBe(pageOrigin);
      expect(exception!.row.userAgent).toMatch(/Chrome\//);
      expect(exception!.row.sentryClient).toMatch(/^sentry\.javascript\.browser\/11\./);
      expect(queued.some(({ row }) => row.eventId === result.ids.message)).toBe(true);
      const types = queued.flatMap(({ envelope }) => itemTypes(envelope));
      expect(types).toEqual(expect.arrayContaining(['event', 'session']));
    } finally {
      await browser.close();
    }
  });
});
