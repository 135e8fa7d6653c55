/**
 * `insights.assets` and `insights.asset` (the Assets page) over the resource spans the real
 * @sentry/browser 11 records in Chromium: `/shop` loaded twice and `/cart` once from a loopback site
 * (`test/support/asset-site.ts`) whose scripts, stylesheet, font and images are of sizes the test
 * knows. Every figure expected is computed here from what the browser measured (its Resource Timing
 * entries, read in the page when the SDK read them) and the bytes the site served, with the
 * normalized descriptions worked out by hand from Relay's rules.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AssetSite,
  type PagePath,
  type ResourceEntry,
  startAssetSite,
} from '../../support/asset-site.ts';
import { browserSdkMissingReason } from '../../support/browser-sdk.ts';
import { chromiumMissingReason, launchChromium } from '../../support/chromium.ts';
import { callApi } from '../../support/core.ts';
import { startServer, type TestServer } from '../ingest/helpers.ts';

const missing = chromiumMissingReason() ?? browserSdkMissingReason();
if (missing) console.warn(`skipping the Assets SDK tests: ${missing}`);

const DAY_MINUTES = 24 * 60;

let server: TestServer;
let site: AssetSite;
let browser: Browser;
/** Each page load's resource entries, with the page it was. */
const loads: { page: PagePath; entries: ResourceEntry[] }[] = [];

/** The normalized description Relay gives each file the site serves (the favicon is of no type). */
function normalizedOf(url: string): string | null {
  const { origin, pathname } = new URL(url);
  if (origin === site.imageOrigin) return `${site.imageOrigin}/img/*.png`;
  const own: Record<string, string> = {
    '/sentry.js': '/sentry.js',
    '/page.js': '/page.js',
    '/static/app.js': '/static/app.js',
    '/static/vendor-3f9a2c81.js': '/static/vendor-*.js',
    '/static/site.css': '/static/site.css',
    // `fonts` is no segment Relay keeps.
    '/fonts/inter.woff2': '/*/inter.woff2',
  };
  return own[pathname] ?? null;
}

interface Expected {
  count: number;
  durations: number[];
  sizes: number[];
  blocking: Set<string | undefined>;
}

/** The figures of each normalized description over the loads given, from the browser's entries. */
function expected(of: (page: PagePath) => boolean = () => true): Map<string, Expected> {
  const groups = new Map<string, Expected>();
  for (const load of loads.filter((l) => of(l.page)))
    for (const entry of load.entries) {
      const description = normalizedOf(entry.name);
      if (description === null) continue;
      const group: Expected = groups.get(description) ?? {
        count: 0,
        durations: [],
        sizes: [],
        blocking: new Set(),
      };
      group.count++;
      group.durations.push(entry.duration);
      group.sizes.push(site.sizes.get(entry.name) ?? Number.NaN);
      group.blocking.add(entry.renderBlockingStatus);
      groups.set(description, group);
    }
  return groups;
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
const avg = (values: number[]) => sum(values) / values.length;

beforeAll(async () => {
  if (missing) return;
  server = await startServer();
  site = await startAssetSite(server.dsn);
  browser = await launchChromium();
  for (const page of ['/shop', '/shop', '/cart'] as const)
    loads.push({ page, entries: await site.loadPage(browser, page) });
  await server.core.ctx.pipeline.call('pipeline.drain', {});
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await server?.close();
});

const list = (params: Omit<Parameters<typeof callApi<'insights.assets'>>[2], 'projectId'> = {}) =>
  callApi(server.core, 'insights.assets', { projectId: 1, ...params });

describe.skipIf(missing !== undefined)('insights.assets over @sentry/browser resource spans', () => {
  it("lists each asset by normalized description with Sentry's epm(), avg and sum of self time, and sizes", async () => {
    const answer = await list();
    const want = expected();
    expect(new Set(answer.assets.map((asset) => asset.description))).toEqual(new Set(want.keys()));
    for (const asset of answer.assets) {
      const group = want.get(asset.description);
      if (!group) throw new Error(`unexpected asset ${asset.description}`);
      expect(asset.count, asset.description).toBe(group.count);
      expect(asset.perMinute).toBeCloseTo(group.count / DAY_MINUTES, 12);
      // A resource span has no children: its self time is its duration, the entry's.
      expect(asset.avgMs, asset.description).toBeCloseTo(avg(group.durations), 2);
      expect(asset.totalMs).toBeCloseTo(sum(group.durations), 2);
      expect(asset.avgEncodedBytes, asset.description).toBe(avg(group.sizes));
      // Served uncompressed: decoded as encoded; over the network, headers on top.
      expect(asset.avgDecodedBytes).toBe(avg(group.sizes));
      expect(asset.avgTransferBytes).toBeGreaterThan(avg(group.sizes));
      expect(asset.group).toMatch(/^[0-9a-f]{16}$/);
    }
    // Two images of one description are one asset: 2 loads × 2 images, 3000 and 5000 bytes.
    const images = answer.assets.find((asset) => asset.op === 'resource.img');
    expect(images).toMatchObject({ count: 4, avgEncodedBytes: 4000, fileExtension: 'png' });
    // Time spent, largest first, is the default order.
    const spent = answer.assets.map((asset) => asset.totalMs);
    expect(spent).toEqual([...spent].sort((a, b) => b - a));
    expect(answer.total).toBe(want.size);
    expect(answer.partial).toBe(false);
  });

  it("gives each asset Relay's op, span.domain and file extension", async () => {
    const byDescription = new Map((await list()).assets.map((asset) => [asset.description, asset]));
    const pageDomain = new URL(site.pageOrigin).host;
    expect(byDescription.get('/static/site.css')).toMatchObject({
      op: 'resource.link',
      domain: pageDomain,
      fileExtension: 'css',
    });
    // A font is loaded by its stylesheet.
    expect(byDescription.get('/*/inter.woff2')).toMatchObject({ op: 'resource.css', fileExtension: 'woff2' });
    expect(byDescription.get('/static/app.js')).toMatchObject({ op: 'resource.script', domain: pageDomain });
    expect(byDescription.get(`${site.imageOrigin}/img/*.png`)?.domain).toBe(new URL(site.imageOrigin).host);
  });

  it("filters by Sentry's types: scripts by op, stylesheets and fonts by extension, images by either", async () => {
    const of = async (type: 'resource.script' | 'resource.css' | 'resource.font' | 'resource.img') =>
      (await list({ type })).assets.map((asset) => asset.description).sort();
    expect(await of('resource.script')).toEqual([
      '/page.js',
      '/sentry.js',
      '/static/app.js',
      '/static/vendor-*.js',
    ]);
    expect(await of('resource.css')).toEqual(['/static/site.css']);
    expect(await of('resource.font')).toEqual(['/*/inter.woff2']);
    expect(await of('resource.img')).toEqual([`${site.imageOrigin}/img/*.png`]);
  });

  it('filters by domain, page, render-blocking status and description, and offers the domains and pages', async () => {
    const answer = await list();
    expect(answer.domains).toEqual([new URL(site.imageOrigin).host, new URL(site.pageOrigin).host].sort());
    expect(answer.pages).toEqual(['/cart', '/shop']);
    const imageHost = new URL(site.imageOrigin).host;
    expect((await list({ domain: imageHost })).assets.map((a) => a.description)).toEqual([
      `${site.imageOrigin}/img/*.png`,
    ]);

    const cart = await list({ transaction: '/cart' });
    const wantCart = expected((page) => page === '/cart');
    expect(new Set(cart.assets.map((a) => a.description))).toEqual(new Set(wantCart.keys()));
    expect(cart.assets.find((a) => a.description === '/static/app.js')?.count).toBe(1);

    const nonBlocking = await list({ renderBlocking: 'non-blocking' });
    const wantNonBlocking = [...expected()]
      .filter(([, group]) => group.blocking.has('non-blocking'))
      .map(([d]) => d);
    expect(nonBlocking.assets.map((a) => a.description).sort()).toEqual(wantNonBlocking.sort());
    expect(nonBlocking.assets.map((a) => a.description)).toContain('/static/vendor-*.js');
    expect(nonBlocking.assets.map((a) => a.description)).not.toContain('/static/app.js');

    expect((await list({ query: 'STATIC js' })).assets.map((a) => a.description).sort()).toEqual([
      '/static/app.js',
      '/static/vendor-*.js',
    ]);
  });

  it('sorts by size, loads a minute and average duration, largest first', async () => {
    const bySize = await list({ sort: 'size' });
    const sizes = bySize.assets.map((a) => a.avgEncodedBytes ?? 0);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    expect(bySize.assets[0]?.description).toBe('/sentry.js');
    const byRpm = (await list({ sort: 'rpm' })).assets.map((a) => a.perMinute);
    expect(byRpm[0]).toBeCloseTo(4 / DAY_MINUTES, 12);
    expect(byRpm).toEqual([...byRpm].sort((a, b) => b - a));
    const byAvg = (await list({ sort: 'avg' })).assets.map((a) => a.avgMs);
    expect(byAvg).toEqual([...byAvg].sort((a, b) => b - a));
  });

  it('draws the landing charts: loads a minute and average duration of each bucket add up to the table', async () => {
    const answer = await list({ period: '1h' });
    const want = expected();
    const loadsCounted = sum([...want.values()].map((group) => group.count));
    // 1h is cut into minutes: a bucket's loads a minute are its loads.
    expect(sum(answer.series.map((point) => point.perMinute))).toBeCloseTo(loadsCounted, 9);
    const durations = [...want.values()].flatMap((group) => group.durations);
    const weighted = sum(answer.series.map((point) => point.perMinute * (point.avgMs ?? 0)));
    expect(weighted).toBeCloseTo(sum(durations), 2);
    expect(
      answer.series.filter((point) => point.perMinute === 0).every((point) => point.avgMs === null),
    ).toBe(true);
  });
});

describe.skipIf(missing !== undefined)('insights.asset: one asset', () => {
  const groupOf = async (description: string) =>
    (await list()).assets.find((asset) => asset.description === description)?.group ?? '';

  it('summarizes it and lists the pages it is found on, with their render-blocking status', async () => {
    const group = await groupOf('/static/app.js');
    const detail = await callApi(server.core, 'insights.asset', { projectId: 1, group });
    const want = expected().get('/static/app.js');
    expect(detail.summary).toMatchObject({
      description: '/static/app.js',
      count: 3,
      avgEncodedBytes: 12_000,
    });
    expect(detail.summary?.avgMs).toBeCloseTo(avg(want?.durations ?? []), 2);
    expect(detail.pages.map((p) => [p.transaction, p.count, p.renderBlocking])).toEqual([
      ['/shop', 2, 'blocking'],
      ['/cart', 1, 'blocking'],
    ]);
    expect(detail.pages[0]?.perMinute).toBeCloseTo(2 / DAY_MINUTES, 12);
    expect(sum(detail.series.map((point) => point.perMinute * 60))).toBeCloseTo(3, 9);
  });

  it("answers its samples newest first, each with its URL, size and trace, narrowed to a page's", async () => {
    const group = await groupOf(`${site.imageOrigin}/img/*.png`);
    const detail = await callApi(server.core, 'insights.asset', { projectId: 1, group });
    expect(detail.summary).toMatchObject({ count: 4, avgEncodedBytes: 4000, avgDecodedBytes: 4000 });
    expect(detail.samples).toHaveLength(4);
    expect(new Set(detail.samples.map((s) => s.url))).toEqual(
      new Set([`${site.imageOrigin}/img/hero-1.png`, `${site.imageOrigin}/img/logo.png`]),
    );
    for (const sample of detail.samples) {
      expect(sample.encodedBytes).toBe(site.sizes.get(sample.url ?? ''));
      expect(sample).toMatchObject({ transaction: '/shop', renderBlocking: 'non-blocking' });
      expect(sample.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(sample.transactionSpanId).toMatch(/^[0-9a-f]{16}$/);
    }
    const times = detail.samples.map((s) => Date.parse(s.timestamp));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    // Two page loads, two traces.
    expect(new Set(detail.samples.map((s) => s.traceId)).size).toBe(2);

    const app = await callApi(server.core, 'insights.asset', {
      projectId: 1,
      group: await groupOf('/static/app.js'),
      transaction: '/cart',
    });
    expect(app.samples.map((s) => s.transaction)).toEqual(['/cart']);
  });

  it('refuses a group that is no span group, and an unknown type, with a clear error', async () => {
    await expect(callApi(server.core, 'insights.asset', { projectId: 1, group: 'app.js' })).rejects.toThrow(
      /16 hexadecimal digits/,
    );
    await expect(list({ type: 'resource.video' as never })).rejects.toThrow(/type/);
  });

  it('counts a streamed page load (SDK 11’s default) under the same assets', async () => {
    const before = await callApi(server.core, 'insights.asset', {
      projectId: 1,
      group: await groupOf('/static/app.js'),
    });
    await site.loadPage(browser, '/cart', 'stream');
    await server.core.ctx.pipeline.call('pipeline.drain', {});
    const after = await callApi(server.core, 'insights.asset', {
      projectId: 1,
      group: await groupOf('/static/app.js'),
    });
    expect(after.summary?.count).toBe((before.summary?.count ?? 0) + 1);
    expect(after.samples[0]).toMatchObject({ url: `${site.pageOrigin}/static/app.js`, encodedBytes: 12_000 });
  });
});
