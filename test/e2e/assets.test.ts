/**
 * The Assets page in Chromium against `bin/faultline serve`, fed by the real @sentry/browser 11 in
 * Chromium loading `/shop` twice and `/cart` once from a loopback site of known file sizes
 * (`test/support/asset-site.ts`): it says how to get assets until some arrive, then lists each asset
 * by normalized description with its type and average size, under its charts; Sentry's filters (type,
 * domain, render blocking) and a sort by size narrow and order it; an asset opens onto its summary,
 * charts, the pages it is found on (one narrows the samples) and samples that follow to their trace.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AssetSite, startAssetSite } from '../support/asset-site.ts';
import { browserSdkMissingReason } from '../support/browser-sdk.ts';
import { appInChromium, chromiumMissingReason, listSettled } from '../support/chromium.ts';
import { REPO_ROOT } from '../support/serve.ts';

const missing = chromiumMissingReason() ?? browserSdkMissingReason();
if (missing) console.warn(`skipping the Assets page tests: ${missing}`);

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

describe.skipIf(missing !== undefined)('the Assets page in Chromium', () => {
  const app = appInChromium();
  let site: AssetSite;

  beforeAll(async () => {
    site = await startAssetSite(app.server.info.dsn);
  }, 60_000);
  afterAll(() => site?.close());

  it('lists the assets a page loaded, filters and sorts them, opens one and follows a sample to its trace', async () => {
    const { page } = app;
    await page.getByRole('link', { name: 'Assets' }).click();
    await page.getByRole('heading', { name: 'Assets', exact: true }).waitFor();
    await expect.poll(() => page.getByTestId('assets-empty').innerText()).toContain('resource.*');

    for (const path of ['/shop', '/shop', '/cart'] as const) await site.loadPage(app.browser, path);

    const table = page.getByRole('table', { name: 'Assets' });
    const rows = table.locator('tbody tr');
    const images = `${site.imageOrigin}/img/*.png`;
    // (Time spent's cell holds its bar on a line of its own.) app.js is 12 000 bytes (11.7 KiB); the two images 3 000 and 5 000, one asset of 3.9 KiB on average.
    await expect
      .poll(() => rows.allInnerTexts(), { timeout: 20_000 })
      .toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^\/static\/app\.js\tJavaScript\t<0\.01\/min\t[\s\S]+\t11\.7 KiB$/),
          expect.stringMatching(
            new RegExp(`^${literal(images)}\\tImage\\t<0\\.01/min\\t[\\s\\S]+\\t3\\.9 KiB$`),
          ),
          expect.stringMatching(/^\/static\/site\.css\tStylesheet\t/),
          expect.stringMatching(/^\/\*\/inter\.woff2\tFont\t[\s\S]+\t8\.8 KiB$/),
        ]),
      );
    await expect.poll(() => page.getByTestId('assets-charts').locator('svg').count()).toBe(2);

    await page.getByRole('combobox', { name: 'Type' }).selectOption('resource.img');
    await listSettled(page, 'assets-table');
    await expect.poll(() => rows.allInnerTexts()).toEqual([expect.stringMatching(`^${literal(images)}\\t`)]);
    expect(page.url()).toContain('type=resource.img');
    await page.getByRole('combobox', { name: 'Type' }).selectOption('');

    await page.getByRole('combobox', { name: 'Render blocking' }).selectOption('non-blocking');
    await listSettled(page, 'assets-table');
    const nonBlocking = () => rows.locator('td:first-child').allInnerTexts();
    await expect.poll(nonBlocking).toEqual(expect.arrayContaining(['/static/vendor-*.js', images]));
    expect(await nonBlocking()).not.toContain('/static/app.js');
    await page.getByRole('combobox', { name: 'Render blocking' }).selectOption('');

    await page.getByRole('combobox', { name: 'Domain' }).selectOption(new URL(site.pageOrigin).host);
    await listSettled(page, 'assets-table');
    await expect.poll(() => rows.locator('td:first-child').allInnerTexts()).not.toContain(images);
    await page.getByRole('combobox', { name: 'Domain' }).selectOption('');

    await table.getByRole('button', { name: 'Avg encoded size' }).click();
    await listSettled(page, 'assets-table');
    await expect.poll(() => rows.first().innerText()).toMatch(/^\/sentry\.js\tJavaScript\t/);
    fs.mkdirSync(path.join(REPO_ROOT, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: path.join(REPO_ROOT, 'test-artifacts', 'assets.png'), fullPage: true });

    await table.getByRole('button', { name: '/static/app.js' }).click();
    const panel = page.getByRole('region', { name: 'Asset /static/app.js' });
    const summary = panel.getByLabel('Asset summary');
    // Encoded and decoded alike: the site serves it uncompressed.
    await expect
      .poll(() => summary.innerText())
      .toMatch(/Avg encoded size\s+11\.7 KiB\s+Avg decoded size\s+11\.7 KiB/);
    await expect.poll(() => panel.getByTestId('asset-charts').locator('svg').count()).toBe(3);
    const pages = panel.getByRole('table', { name: 'Pages' });
    await expect
      .poll(() => pages.locator('tbody tr').allInnerTexts())
      .toEqual([
        expect.stringMatching(/^\/shop\t<0\.01\/min\t.+\t11\.7 KiB\tYes$/),
        expect.stringMatching(/^\/cart\t<0\.01\/min\t.+\t11\.7 KiB\tYes$/),
      ]);
    const samples = panel.getByRole('table', { name: 'Samples of /static/app.js' });
    await expect.poll(() => samples.locator('tbody tr').count()).toBe(3);
    await page.screenshot({ path: path.join(REPO_ROOT, 'test-artifacts', 'asset.png'), fullPage: true });

    await pages.getByRole('button', { name: '/cart' }).click();
    await expect
      .poll(() => samples.locator('tbody tr').allInnerTexts())
      .toEqual([
        expect.stringMatching(
          new RegExp(`\\t11\\.7 KiB\\tYes\\t${literal(site.pageOrigin)}/static/app\\.js\\t/cart$`),
        ),
      ]);
    expect(page.url()).toContain('transaction=%2Fcart');

    await samples.getByRole('link', { name: '/cart' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/traces\/[0-9a-f]{32}/);
    await page.getByRole('region', { name: 'Trace' }).getByRole('list', { name: 'Spans of /cart' }).waitFor();
    expect(app.problems).toEqual([]);
  });
});
