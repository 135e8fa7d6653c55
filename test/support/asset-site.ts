/**
 * A small web site for the Assets tests: pages on `localhost` that load scripts, a stylesheet and the
 * font it names from their own origin, and images from a second loopback server (`127.0.0.1`, which
 * allows timing, so their sizes are seen), every file of a size the test knows. A page runs the real
 * @sentry/browser 11 with `browserTracingIntegration`, whose page load records a resource span per
 * file; `loadPage` returns the browser's own Resource Timing entries too, for the test to compute its
 * expected figures from.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { bundleBrowserSdk, initBrowserTracing } from './browser-sdk.ts';

/** A valid 1×1 PNG; padding after its end chunk makes it the size wanted (decoders ignore it). */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);
const padded = (head: Buffer, size: number) => Buffer.concat([head, Buffer.alloc(size - head.length)]);
const text = (body: string, size: number) => Buffer.from(body.padEnd(size, ' '));

const PAGE_SCRIPT = `${initBrowserTracing('static')}
  // Resolves, once the page load has ended and what it sent is flushed, with the browser's resource
  // entries as the SDK read them when the page load ended.
  window.__pageLoaded = new Promise((resolve) => {
    Sentry.getClient().on('spanEnd', (span) => {
      const json = Sentry.spanToJSON(span);
      if ((json.op ?? json.attributes?.['sentry.op']) !== 'pageload') return;
      const entries = performance.getEntriesByType('resource')
        .filter((entry) => entry.initiatorType !== 'fetch' && entry.initiatorType !== 'xmlhttprequest')
        .map((entry) => ({
          name: entry.name,
          initiatorType: entry.initiatorType,
          duration: entry.duration,
          encodedBodySize: entry.encodedBodySize,
          decodedBodySize: entry.decodedBodySize,
          renderBlockingStatus: entry.renderBlockingStatus,
        }));
      setTimeout(async () => {
        await Sentry.flush(5000);
        resolve(entries);
      }, 0);
    });
  });
`;

/** The files of the page server, by path: type and body. */
function pageFiles(bundle: string): Map<string, { type: string; body: Buffer }> {
  return new Map([
    ['/sentry.js', { type: 'text/javascript', body: Buffer.from(bundle) }],
    ['/page.js', { type: 'text/javascript', body: Buffer.from(PAGE_SCRIPT) }],
    ['/static/app.js', { type: 'text/javascript', body: text('window.__app = true;', 12_000) }],
    ['/static/vendor-3f9a2c81.js', { type: 'text/javascript', body: text('window.__vendor = 1;', 20_000) }],
    [
      '/static/site.css',
      {
        type: 'text/css',
        body: text(
          "@font-face { font-family: Shop; src: url('/fonts/inter.woff2') format('woff2'); } body { font-family: Shop, sans-serif; }",
          4_000,
        ),
      },
    ],
    ['/fonts/inter.woff2', { type: 'font/woff2', body: Buffer.alloc(9_000, 7) }],
  ]);
}

/** The images of the second server: two sizes of one normalized description. */
const IMAGES = new Map([
  ['/img/hero-1.png', padded(PNG, 3_000)],
  ['/img/logo.png', padded(PNG, 5_000)],
]);

/** What each page loads besides the SDK and `page.js`. */
export const PAGES = {
  '/shop': ['/static/site.css', '/static/app.js', '/static/vendor-3f9a2c81.js', ...IMAGES.keys()],
  '/cart': ['/static/site.css', '/static/app.js'],
} as const;

export type PagePath = keyof typeof PAGES;

/** A resource entry as the browser measured it. */
export interface ResourceEntry {
  name: string;
  initiatorType: string;
  duration: number;
  encodedBodySize: number;
  decodedBodySize: number;
  renderBlockingStatus?: string;
}

export interface AssetSite {
  /** `http://localhost:<port>`: the pages' origin. */
  pageOrigin: string;
  /** `http://127.0.0.1:<port>`: the images' origin. */
  imageOrigin: string;
  /** The size of each file served, by its full URL. */
  sizes: Map<string, number>;
  /** Loads `path` in a new context of `browser` until its page load is sent; its resource entries. */
  loadPage(browser: Browser, path: PagePath, lifecycle?: 'static' | 'stream'): Promise<ResourceEntry[]>;
  close(): Promise<void>;
}

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

function serve(
  res: http.ServerResponse,
  file: { type: string; body: Buffer } | undefined,
  headers: Record<string, string> = {},
) {
  if (!file) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store', ...headers });
  res.end(file.body);
}

/** Starts both servers; `dsn` is where the pages' SDK sends. */
export async function startAssetSite(dsn: string): Promise<AssetSite> {
  const files = pageFiles(await bundleBrowserSdk());
  const images = http.createServer((req, res) => {
    const body = IMAGES.get(req.url ?? '');
    serve(res, body && { type: 'image/png', body }, { 'timing-allow-origin': '*' });
  });
  const imageOrigin = `http://127.0.0.1:${await listen(images)}`;
  const html = (path: PagePath) => {
    const own = PAGES[path].filter((file) => !IMAGES.has(file));
    const head = own.map((file) =>
      file.endsWith('.css')
        ? `<link rel="stylesheet" href="${file}">`
        : `<script ${file.includes('vendor') ? 'async ' : ''}src="${file}"></script>`,
    );
    const imgs = PAGES[path]
      .filter((file) => IMAGES.has(file))
      .map((file) => `<img src="${imageOrigin}${file}">`);
    return `<!doctype html><html><head><title>shop${path}</title>
      <script>window.__DSN = ${JSON.stringify(dsn)};</script>
      <script src="/sentry.js"></script><script src="/page.js"></script>${head.join('')}</head>
      <body><h1>Welcome to the shop</h1>${imgs.join('')}</body></html>`;
  };
  const pages = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path in PAGES)
      serve(res, { type: 'text/html; charset=utf-8', body: Buffer.from(html(path as PagePath)) });
    else serve(res, files.get(path));
  });
  // `localhost`: another origin than the images' 127.0.0.1 and than Faultline's.
  const pageOrigin = `http://localhost:${await listen(pages)}`;
  const sizes = new Map<string, number>([
    ...[...files].map(([path, file]) => [`${pageOrigin}${path}`, file.body.length] as const),
    ...[...IMAGES].map(([path, body]) => [`${imageOrigin}${path}`, body.length] as const),
  ]);
  return {
    pageOrigin,
    imageOrigin,
    sizes,
    async loadPage(browser, path, lifecycle = 'static') {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.goto(`${pageOrigin}${path}?lifecycle=${lifecycle}`);
        return (await page.evaluate('window.__pageLoaded')) as ResourceEntry[];
      } finally {
        await context.close();
      }
    },
    async close() {
      await Promise.all([images, pages].map((server) => new Promise((resolve) => server.close(resolve))));
    },
  };
}
