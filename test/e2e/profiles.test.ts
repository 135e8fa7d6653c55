/**
 * Profiling end to end with the real @sentry/browser 11 in Chromium: a page served with
 * `Document-Policy: js-profiling` (Chromium's JS Self-Profiling API needs it) runs `busyCheckout` in a
 * busy loop inside a span, with `browserTracingIntegration()` and `browserProfilingIntegration()`. The
 * SDK 11 profiles as UI profiling does (`profileLifecycle: 'trace'`): a `profile_chunk` of a continuous
 * profiler, named by the transaction's `contexts.profile`. Faultline stores it, the trace links the
 * transaction's profile, its call tree holds the function, the open Profiles page lists it live, and the
 * UI's trace view opens its flame graph through "Profile", where hovering the function's box shows its details.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProfileDetail, ProfileList } from '../../src-shared/profiles-api.ts';
import type { EventTrace, TraceList } from '../../src-shared/trace-api.ts';
import { browserSdkMissingReason, bundleBrowserSdk } from '../support/browser-sdk.ts';
import { appInChromium, chromiumMissingReason, listSettled } from '../support/chromium.ts';
import { rpc } from './fixtures/rpc.ts';

const missing = chromiumMissingReason() ?? browserSdkMissingReason();
if (missing) console.warn(`skipping the browser profiling tests: ${missing}`);

const PAGE_SCRIPT = `
  Sentry.init({
    dsn: window.__DSN,
    tracesSampleRate: 1,
    profileSessionSampleRate: 1,
    profileLifecycle: 'trace',
    integrations: [
      Sentry.browserTracingIntegration({ instrumentPageLoad: false, instrumentNavigation: false }),
      Sentry.browserProfilingIntegration(),
    ],
  });
  function busyCheckout(ms) {
    const end = performance.now() + ms;
    let n = 0;
    while (performance.now() < end) n += Math.sqrt(n + 1);
    return n;
  }
  window.__profiled = (async () => {
    window.__profilerAvailable = typeof window.Profiler === 'function';
    Sentry.startSpan({ name: 'checkout', op: 'task' }, () => busyCheckout(400));
    // The chunk is collected when the span ends (the profiler stops asynchronously), then sent.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await Sentry.flush(5000);
  })();
`;

describe.skipIf(missing !== undefined)('profiles of @sentry/browser in Chromium', () => {
  const app = appInChromium();
  let site: http.Server;
  let traceId = '';

  beforeAll(async () => {
    const sdk = await bundleBrowserSdk();
    const html = `<!doctype html><html><head><title>profiled shop</title>
      <script>window.__DSN = ${JSON.stringify(app.server.info.dsn)};</script>
      <script src="/sentry.js"></script><script src="/page.js"></script></head>
      <body><h1>Checkout</h1></body></html>`;
    site = http.createServer((req, res) => {
      const body = req.url === '/sentry.js' ? sdk : req.url === '/page.js' ? PAGE_SCRIPT : html;
      res.writeHead(200, {
        'content-type': `${req.url?.endsWith('.js') ? 'text/javascript' : 'text/html'}; charset=utf-8`,
        // Chromium gives the page the JS Self-Profiling API only with this policy.
        'document-policy': 'js-profiling',
      });
      res.end(body);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    // The Profiles page is open, empty, while the SDK sends: it lists the profile live.
    await app.page.goto(`${app.server.info.url}/#/profiles`);
    await app.page.getByTestId('profiles-empty').waitFor();
    const context = await app.browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`http://localhost:${(site.address() as AddressInfo).port}/`);
      await page.evaluate('window.__profiled');
      expect(await page.evaluate('window.__profilerAvailable')).toBe(true);
    } finally {
      await context.close();
    }
  }, 60_000);

  afterAll(async () => {
    await new Promise((resolve) => site?.close(resolve));
  });

  it('the open Profiles page lists the profile as it arrives (items.changed), without a reload', async () => {
    const row = app.page.getByTestId('profile-row').filter({ hasText: 'checkout' });
    await row.first().waitFor({ timeout: 15_000 });
    expect(await row.first().locator('td').nth(3).textContent()).toBe('javascript');
  });

  it('stores the chunk, links it to the transaction in its trace, and its call tree holds busyCheckout', async () => {
    // The pipeline stores what the SDK sent shortly after it answered.
    let profiles: ProfileList = { profiles: [], partial: false };
    await expect
      .poll(
        async () => {
          profiles = await rpc<ProfileList>(app.server, 'profiles.list', { projectId: 1 });
          return profiles.profiles.map((profile) => profile.transactionName);
        },
        { timeout: 15_000 },
      )
      .toContain('checkout');
    const listed = profiles.profiles.find((profile) => profile.transactionName === 'checkout');
    expect(listed).toMatchObject({ platform: 'javascript', ref: { kind: 'continuous' } });
    expect(listed?.samples).toBeGreaterThan(5);
    expect(listed?.durationMs).toBeGreaterThanOrEqual(390);
    traceId = listed?.traceId ?? '';
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);

    const traces = await rpc<TraceList>(app.server, 'traces.list', { projectId: 1 });
    expect(traces.transactions.map((row) => row.name)).toContain('checkout');
    const trace = await rpc<EventTrace>(app.server, 'traces.get', { projectId: 1, traceId });
    const transaction = trace.transactions.find((row) => row.name === 'checkout');
    expect(transaction?.profile).toEqual(listed?.ref);

    const ref = listed?.ref;
    if (ref?.kind !== 'continuous') throw new Error('the browser SDK 11 profiles continuously');
    const detail = await rpc<ProfileDetail>(app.server, 'profiles.get', {
      projectId: 1,
      profilerId: ref.profilerId,
      start: ref.start,
      end: ref.end,
    });
    const busy = detail.tree.nodes.find((node) => detail.tree.frames[node.frame]?.name === 'busyCheckout');
    expect(busy?.totalSamples).toBeGreaterThan(5);
    expect(detail.tree.frames[busy?.frame ?? -1]).toMatchObject({
      inApp: true,
      file: expect.stringMatching(/\/page\.js$/),
    });
    expect(detail.summary.transactionName).toBe('checkout');
  });

  it('the trace view\'s "Profile" opens the flame graph, and hovering busyCheckout shows its frame and times', async () => {
    const { page } = app;
    await page.goto(`${app.server.info.url}/#/traces?table=trace`);
    await listSettled(page, 'traces-table');
    await page
      .getByRole('table', { name: 'Traces' })
      .locator('tbody tr')
      .filter({ hasText: 'checkout' })
      .first()
      .click();
    const trace = page.getByRole('region', { name: 'Trace' });
    // The trace also holds the page's LCP span, profiled too: the checkout transaction's link is clicked.
    await trace
      .locator('.trace-transaction')
      .filter({ has: page.getByRole('button', { name: /^[▸▾] checkout$/ }) })
      .getByTestId('trace-profile-link')
      .click();
    const graph = page.getByRole('region', { name: 'Flame graph' });
    const box = graph.locator('[data-frame="busyCheckout"]');
    await box.first().waitFor();
    expect(await box.first().getAttribute('data-in-app')).toBe('true');
    await expect.poll(() => page.getByTestId('profile-transaction').textContent()).toBe('checkout');

    await box.first().hover();
    const tooltip = page.getByTestId('flame-tooltip');
    await tooltip.waitFor();
    expect(await tooltip.locator('strong').textContent()).toBe('busyCheckout');
    expect(await page.getByTestId('flame-tooltip-location').textContent()).toMatch(/\/page\.js:\d+$/);
    expect(await page.getByTestId('flame-tooltip-self').textContent()).toMatch(
      /^Self: [\d.]+m?s · \d+ samples? · [\d.]+%$/,
    );
    expect(await page.getByTestId('flame-tooltip-total').textContent()).toMatch(
      /^Total: [\d.]+m?s · \d+ samples · [\d.]+%$/,
    );

    // Searching highlights it; clicking zooms into it (it then fills the width).
    await page.getByRole('searchbox', { name: 'Search frames' }).fill('busycheck');
    expect(await box.first().getAttribute('data-match')).toBe('true');
    await box.first().click();
    await expect.poll(() => graph.getAttribute('data-zoomed')).toBe('true');
    expect(await box.first().evaluate((element) => (element as HTMLElement).style.width)).toBe('100%');
    expect(app.problems).toEqual([]);
  });

  it('the Profiles page lists it and opens the same flame graph', async () => {
    const { page } = app;
    await page.goto(`${app.server.info.url}/#/profiles`);
    await listSettled(page, 'profiles-list');
    const row = page
      .getByRole('table', { name: 'Profiles' })
      .getByTestId('profile-row')
      .filter({ hasText: 'checkout' });
    await row.first().waitFor();
    expect(Number(await row.first().getByTestId('profile-samples').textContent())).toBeGreaterThan(5);
    // Its transaction's name opens it (the row's other link, its transaction's aggregate).
    expect(
      await row.first().getByRole('link', { name: 'Aggregate flame graph of checkout' }).getAttribute('href'),
    ).toContain('tab=profiles');
    await row.first().getByRole('link', { name: 'checkout', exact: true }).click();
    await page
      .getByRole('region', { name: 'Flame graph' })
      .locator('[data-frame="busyCheckout"]')
      .first()
      .waitFor();
    expect(app.problems).toEqual([]);
  });
});
