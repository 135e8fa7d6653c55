/**
 * A browser app and its backend, both traced with the real SDKs and sending to Faultline: the
 * backend is `fixtures/traced-backend.ts` (@sentry/node in its own process), the browser app a page of
 * @sentry/browser in Chromium whose "checkout" span fetches the backend with trace propagation
 * (`tracePropagationTargets`) and captures the failure. Both errors share one trace, with the
 * browser's transaction and the backend's server span in it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { bundleBrowserSdk } from './browser-sdk.ts';

const BACKEND = path.join(import.meta.dirname, 'fixtures', 'traced-backend.ts');

export interface TracedBackend {
  url: string;
  /** Closes its server, flushes the SDK and waits for the process to exit. */
  stop(): Promise<void>;
}

export function startTracedBackend(dsn: string, options: { static?: boolean } = {}): Promise<TracedBackend> {
  const proc: ChildProcess = spawn(process.execPath, [BACKEND, dsn, ...(options.static ? ['static'] : [])], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let err = '';
  proc.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`traced backend did not start: ${err}`));
    }, 20_000);
    proc.once('exit', (code) => reject(new Error(`traced backend exited with ${code}: ${err}`)));
    proc.stdout?.once('data', (chunk: Buffer) => {
      clearTimeout(timer);
      const { port } = JSON.parse(chunk.toString().split('\n')[0] ?? '{}') as { port: number };
      resolve({
        url: `http://127.0.0.1:${port}`,
        stop: async () => {
          proc.stdin?.end();
          await exited;
        },
      });
    });
  });
}

const PAGE_SCRIPT = `
  Sentry.init({
    dsn: window.__DSN,
    environment: 'browser',
    tracesSampleRate: 1,
    traceLifecycle: 'static',
    tracePropagationTargets: [window.__BACKEND],
    integrations: [Sentry.browserTracingIntegration({ instrumentPageLoad: false, instrumentNavigation: false })],
  });
  window.__checkout = async () => {
    let eventId;
    await Sentry.startSpan({ name: 'checkout', op: 'ui.action.click' }, async () => {
      const response = await fetch(window.__BACKEND + '/checkout');
      try {
        if (!response.ok) throw new Error('checkout failed with ' + response.status);
      } catch (error) {
        eventId = Sentry.captureException(error);
      }
    });
    await Sentry.flush(5000);
    return eventId;
  };
`;

/**
 * Opens the browser app (served from its own origin) and clicks "checkout" once; resolves with the
 * id of the browser's error event once the SDK has flushed it.
 */
export async function checkoutInBrowser(
  browser: Browser,
  options: { dsn: string; backendUrl: string },
): Promise<string> {
  const bundle = await bundleBrowserSdk();
  const html = `<!doctype html><html><head><title>shop</title>
    <script>window.__DSN = ${JSON.stringify(options.dsn)}; window.__BACKEND = ${JSON.stringify(options.backendUrl)};</script>
    <script src="/sentry.js"></script><script src="/page.js"></script></head><body>shop</body></html>`;
  const server = http.createServer((req, res) => {
    const body = req.url === '/sentry.js' ? bundle : req.url === '/page.js' ? PAGE_SCRIPT : html;
    res.writeHead(200, {
      'content-type': `${req.url?.endsWith('.js') ? 'text/javascript' : 'text/html'}; charset=utf-8`,
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`http://localhost:${(server.address() as AddressInfo).port}/`);
    const eventId = (await page.evaluate('window.__checkout()')) as string | undefined;
    if (!eventId) throw new Error('the browser SDK captured no error');
    return eventId.replaceAll('-', '');
  } finally {
    await context.close();
    await new Promise((resolve) => server.close(resolve));
  }
}
