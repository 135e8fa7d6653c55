/**
 * The Web Vitals page (Insights → Web Vitals) in real Chromium on `bin/faultline serve`, fed by a real
 * page of its own origin running @sentry/browser 11 with `browserTracingIntegration`: a page load sent
 * as a `transaction` item (`measurements`) and one streamed (SDK 11's default: FCP and TTFB attributes
 * of the segment, LCP that of a span sent on the next navigation). The page's LCP and FCP are checked
 * against what Chromium itself measured (its paint and largest-contentful-paint entries), its TTFB and
 * its score against Sentry's web API answer for the same page load and Sentry's formulas, the score's
 * breakdown and the page's opportunity against the web API's `performance_score` of each vital, and
 * the pages sorted by opportunity.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventScores,
  PERFORMANCE_SCORE_WEIGHTS as FIXED_WEIGHTS,
  SCORED_VITALS,
  totalScore,
  vitalScore,
} from '../../src-shared/web-vitals-score.ts';
import { browserSdkMissingReason, bundleBrowserSdk, initBrowserTracing } from '../support/browser-sdk.ts';
import { appInChromium, chromiumMissingReason, listSettled } from '../support/chromium.ts';

const missing = chromiumMissingReason() ?? browserSdkMissingReason();
if (missing) console.warn(`skipping the Web Vitals page tests: ${missing}`);

const PAGE_SCRIPT = `${initBrowserTracing()}
  // What Chromium measured, for the test to compare with.
  window.__measured = {};
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__measured.lcp = entry.startTime;
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      if (entry.name === 'first-contentful-paint') window.__measured.fcp = entry.startTime;
  }).observe({ type: 'paint', buffered: true });
  // Resolves once the page load's span has ended and what it sent is flushed; a navigation then makes
  // the streaming SDK send the LCP it measured.
  window.__pageLoaded = new Promise((resolve) => {
    Sentry.getClient().on('spanEnd', (span) => {
      if (Sentry.spanToJSON(span).attributes?.['sentry.op'] !== 'pageload') return;
      setTimeout(async () => {
        history.pushState({}, '', '/' + lifecycle + '/next');
        await Sentry.flush(5000);
        resolve(window.__measured);
      }, 0);
    });
  });
`;

type Measured = { lcp?: number; fcp?: number };

describe.skipIf(missing !== undefined)('the Web Vitals page, from @sentry/browser', () => {
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
    pageOrigin = `http://localhost:${(pageServer.address() as AddressInfo).port}`;
  }, 60_000);

  afterAll(async () => {
    await new Promise((resolve) => pageServer?.close(resolve));
  });

  async function loadPage(lifecycle: 'static' | 'stream'): Promise<Measured> {
    const context = await app.browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${pageOrigin}/${lifecycle}?lifecycle=${lifecycle}`);
      return (await page.evaluate('window.__pageLoaded')) as Measured;
    } finally {
      await context.close();
    }
  }

  /** The page loads `query` finds, with their name and measurements, as Sentry's web API answers them. */
  async function pageloads(query: string): Promise<Array<Record<string, string | number | null>>> {
    const search = new URLSearchParams({ dataset: 'transactions', project: '1', query });
    search.append('field', 'transaction');
    for (const vital of SCORED_VITALS) search.append('field', `measurements.${vital}`);
    const reply = await fetch(`${app.server.info.url}/api/0/organizations/faultline/events/?${search}`, {
      headers: { authorization: `Bearer ${app.server.info.token}` },
    });
    expect(reply.status).toBe(200);
    return ((await reply.json()) as { data: Array<Record<string, string | number | null>> }).data;
  }

  /** The name and measurements of the one page load `query` finds, once stored (the pipeline is asynchronous). */
  async function measurementsOf(
    query: string,
  ): Promise<{ transaction: string; vitals: Record<string, number | null> }> {
    await expect.poll(async () => (await pageloads(query)).length, { timeout: 15_000 }).toBe(1);
    const row = (await pageloads(query))[0] ?? {};
    const vitals = Object.fromEntries(
      SCORED_VITALS.map((vital) => [vital, (row[`measurements.${vital}`] as number | null) ?? null]),
    );
    return { transaction: String(row.transaction), vitals };
  }

  /** Sentry's `performance_score(measurements.score.<vital>)` of each vital over what `query` finds. */
  async function vitalScores(query: string): Promise<Record<string, number>> {
    const search = new URLSearchParams({ dataset: 'transactions', project: '1', query });
    for (const vital of SCORED_VITALS)
      search.append('field', `performance_score(measurements.score.${vital})`);
    const reply = await fetch(`${app.server.info.url}/api/0/organizations/faultline/events/?${search}`, {
      headers: { authorization: `Bearer ${app.server.info.token}` },
    });
    expect(reply.status).toBe(200);
    const [row] = ((await reply.json()) as { data: Array<Record<string, number>> }).data;
    return Object.fromEntries(
      SCORED_VITALS.map((vital) => [vital, row?.[`performance_score(measurements.score.${vital})`] ?? 0]),
    );
  }

  /** How many page loads have each vital's score (`count_scores`), for the query. */
  async function scoreCounts(query: string): Promise<Record<string, number>> {
    const search = new URLSearchParams({ dataset: 'transactions', project: '1', query });
    for (const vital of SCORED_VITALS) search.append('field', `count_scores(measurements.score.${vital})`);
    const reply = await fetch(`${app.server.info.url}/api/0/organizations/faultline/events/?${search}`, {
      headers: { authorization: `Bearer ${app.server.info.token}` },
    });
    expect(reply.status).toBe(200);
    const [row] = ((await reply.json()) as { data: Array<Record<string, number>> }).data;
    return Object.fromEntries(
      SCORED_VITALS.map((vital) => [vital, row?.[`count_scores(measurements.score.${vital})`] ?? 0]),
    );
  }

  /** A duration as the page writes it (`84ms`, `1.20s`), in ms. */
  const shownMs = (text: string) => {
    const match = /^([\d.]+)(ms|s)/.exec(text.trim());
    expect(match, text).not.toBeNull();
    return Number(match?.[1]) * (match?.[2] === 's' ? 1000 : 1);
  };

  async function pageRow(name: string) {
    const { page } = app;
    await page.goto(`${app.server.info.url}/#/web-vitals`);
    await listSettled(page, 'web-vitals-table');
    const row = page.getByRole('table', { name: 'Pages' }).locator('tbody tr').filter({ hasText: name });
    await row.first().waitFor({ timeout: 15_000 });
    return row.first();
  }

  it("a page load's LCP, FCP and TTFB and its score are shown, for the project and its page", async () => {
    const measured = await loadPage('static');
    const row = await pageRow('/static');
    const { page } = app;
    const { vitals: sent } = await measurementsOf('transaction:/static');
    // One page load: the project's p75s are its values.
    const lcp = shownMs((await page.getByTestId('vital-lcp').locator('dd').textContent()) ?? '');
    const fcp = shownMs((await page.getByTestId('vital-fcp').locator('dd').textContent()) ?? '');
    const ttfb = shownMs((await page.getByTestId('vital-ttfb').locator('dd').textContent()) ?? '');
    // The page rounds to whole ms from 10 ms, to 10 ms from 1 s.
    const near = (shown: number, actual: number | undefined | null) =>
      expect(Math.abs(shown - (actual ?? Number.NaN))).toBeLessThanOrEqual(
        actual && actual >= 1000 ? 5 : 0.5,
      );
    near(lcp, measured.lcp);
    near(fcp, measured.fcp);
    near(lcp, sent.lcp);
    near(ttfb, sent.ttfb);
    expect(sent.ttfb).toBeGreaterThan(0);
    const vitals = Object.fromEntries(Object.entries(sent).filter(([, v]) => v !== null)) as Record<
      string,
      number
    >;
    const scores = eventScores(vitals);
    const expected = totalScore(
      Object.fromEntries(SCORED_VITALS.map((v) => [v, scores[v] ? vitalScore([scores[v]]) : null])),
    );
    expect(expected).not.toBeNull();
    const score = (await page.getByTestId('performance-score').locator('dd').textContent()) ?? '';
    expect(score).toMatch(new RegExp(`^${Math.round((expected ?? 0) * 100)} (Good|Meh|Poor)$`));
    // The breakdown: each vital's points of its weight among the vitals measured, from the web API's
    // performance_score of each; with one page load, the page's opportunity is what each vital falls
    // short of perfect, by Sentry's fixed weights.
    const perVital = await vitalScores('transaction:/static');
    const measuredVitals = SCORED_VITALS.filter((vital) => sent[vital] !== null);
    const weights = measuredVitals.reduce((sum, vital) => sum + FIXED_WEIGHTS[vital], 0);
    const breakdown = page.getByRole('list', { name: 'Score breakdown of project web vitals' });
    for (const vital of measuredVitals) {
      const weight = FIXED_WEIGHTS[vital] / weights;
      const points = Math.round(weight * (perVital[vital] ?? 0) * 100);
      await expect
        .poll(() => breakdown.getByTestId(`breakdown-${vital}`).textContent())
        .toBe(`${vital.toUpperCase()} ${points}/${Math.round(weight * 100)}`);
    }
    expect(await breakdown.locator('li').count()).toBe(measuredVitals.length);
    const opportunity = measuredVitals.reduce(
      (sum, vital) => sum + FIXED_WEIGHTS[vital] * (1 - (perVital[vital] ?? 0)),
      0,
    );
    // The page's row: its score, opportunity and p75s, and its overview with the sample linking its trace.
    await expect
      .poll(() => row.locator('td').nth(7).textContent())
      .toBe(String(Math.round((expected ?? 0) * 100)));
    expect(await row.locator('td').nth(8).textContent()).toBe((opportunity * 100).toFixed(2));
    await row.getByRole('button', { name: '/static' }).click();
    const panel = page.getByRole('region', { name: 'Web vitals of /static' });
    const samples = panel.getByRole('table', { name: 'Samples of /static' }).locator('tbody tr');
    await samples.first().waitFor();
    expect(await samples.count()).toBe(1);
    await samples.first().getByRole('link').click();
    await page.getByRole('region', { name: 'Trace' }).waitFor();
    expect(page.url()).toContain('#/traces/');
    expect(app.problems).toEqual([]);
  });

  it('a streamed page load counts with the vitals of its segment and of its LCP span', async () => {
    const measured = await loadPage('stream');
    // The streaming SDK names its page load's segment by itself; the other page load is `/static`.
    const { transaction, vitals: sent } = await measurementsOf(
      'transaction.op:pageload !transaction:/static',
    );
    expect(sent.fcp).not.toBeNull();
    expect(Math.abs((sent.fcp ?? 0) - (measured.fcp ?? Number.NaN))).toBeLessThan(1);
    // The LCP span comes in an item of its own, after the segment's.
    await expect
      .poll(async () => (await measurementsOf(`transaction:"${transaction}"`)).vitals.lcp, {
        timeout: 15_000,
      })
      .not.toBeNull();
    const { vitals: withLcp } = await measurementsOf(`transaction:"${transaction}"`);
    expect(Math.abs((withLcp.lcp ?? 0) - (measured.lcp ?? Number.NaN))).toBeLessThan(1);
    const row = await pageRow(transaction);
    const cells = await row.locator('td').allTextContents();
    // Page, pageloads, LCP, FCP, INP, CLS, TTFB, score, opportunity.
    expect(cells[1]).toBe('1');
    expect(shownMs(cells[3] ?? '')).toBeCloseTo(sent.fcp ?? 0, -1);
    expect(cells[7]).toMatch(/^\d{1,3}$/);
    expect(cells[8]).toMatch(/^\d+\.\d{2}$/);
    // Sorted by opportunity, the pages come largest first, as the web vitals answer them.
    const { page } = app;
    await page.getByRole('button', { name: 'Opportunity' }).click();
    await expect.poll(() => page.url()).toContain('sort=opportunity');
    await listSettled(page, 'web-vitals-table');
    const rows = page.getByRole('table', { name: 'Pages' }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    const shown = (await rows.locator('td:nth-child(9)').allTextContents()).map(Number);
    expect(shown).toEqual([...shown].sort((a, b) => b - a));
    // A fast local page may fall short of perfect by nothing, so no page's opportunity is bound to be
    // above 0; their sum is: each vital's pages share what the project falls short of, by Sentry's
    // fixed weights (Σ pages (weight − score) / project weight = 1 − the project's performance_score).
    const project = await vitalScores('transaction.op:pageload');
    const counted = await scoreCounts('transaction.op:pageload');
    const shortfall = SCORED_VITALS.filter((vital) => (counted[vital] ?? 0) > 0).reduce(
      (sum, vital) => sum + FIXED_WEIGHTS[vital] * (1 - (project[vital] ?? 0)),
      0,
    );
    const total = shown.reduce((sum, value) => sum + value, 0);
    expect(Math.abs(total - shortfall * 100)).toBeLessThanOrEqual(0.01 * shown.length);
    expect(app.problems).toEqual([]);
  });
});
