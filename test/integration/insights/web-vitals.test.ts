/**
 * `insights.webVitals` (the Web Vitals page) through a real core fed by the real @sentry/node 11 SDK,
 * whose page loads carry measurements (`Sentry.setMeasurement`): `/home` at each vital's p10 or median
 * (LCP 1200, FCP 1600, CLS 0.25, TTFB 200) and `/slow` with LCP 4800 alone, plus a request without
 * vitals. The scores expected are worked out from Sentry's formulas (see
 * test/unit/insights/web-vitals-score.test.ts): `/home` 0.51 / 0.70, `/slow` 0.1, the project's LCP
 * (3/7 × 0.9 + 0.1) / (3/7 + 1) = 0.34 and its whole score (0.3 × 0.34 + 0.15 × 0.5 + 0.15 × 0.5 +
 * 0.1 × 0.9) / 0.7. Opportunities (Sentry's `total_opportunity_score()`: per vital the page's weights less
 * its scores over the project's weights, by the fixed weights): `/home` 0.3 × (3/7 × 0.1) / (10/7) +
 * 0.15 × 0.5 + 0.15 × 0.5 + 0.1 × 0.1 = 0.169, `/slow` 0.3 × 0.9 / (10/7) = 0.189.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { callApi, startCore } from '../../support/core.ts';
import { tempDir } from '../../support/serve.ts';
import { sendTransactionsWithSdk } from '../../support/transactions.ts';

let core: Core;

const ms = (value: number) => ({ value, unit: 'millisecond' });

beforeAll(async () => {
  core = await startCore(tempDir());
  const dsn = core.ctx.projects.defaultDsn(1) ?? '';
  await sendTransactionsWithSdk(dsn, 'static', [
    {
      name: '/home',
      op: 'pageload',
      measurements: { lcp: ms(1200), fcp: ms(1600), cls: { value: 0.25, unit: '' }, ttfb: ms(200) },
    },
    { name: '/slow', op: 'pageload', measurements: { lcp: ms(4800) } },
    { name: 'GET /api', op: 'http.server' },
  ]);
  await core.ctx.pipeline.call('pipeline.drain', {});
}, 60_000);
afterAll(() => core?.close());

describe('insights.webVitals', () => {
  it("answers the project's score and each vital's p75, score and rating", async () => {
    const answer = await callApi(core, 'insights.webVitals', { projectId: 1 });
    expect(answer.project.count).toBe(2);
    expect(answer.project.score).toBeCloseTo(0.342 / 0.7, 5);
    expect(answer.project.rating).toBe('poor');
    const lcp = answer.project.vitals.find((v) => v.vital === 'lcp');
    // p75 of 1200 and 4800: 1200 + 0.75 × 3600.
    expect(lcp).toMatchObject({ p75: 3900, count: 2, rating: 'poor' });
    expect(lcp?.score).toBeCloseTo(0.34, 5);
    expect(answer.project.vitals.find((v) => v.vital === 'ttfb')).toMatchObject({ p75: 200, rating: 'good' });
    expect(answer.project.vitals.find((v) => v.vital === 'inp')).toMatchObject({
      p75: null,
      score: null,
      count: 0,
    });
  });

  it('tables the pages worst score first, sorts by a p75 either way, and searches names', async () => {
    const byScore = await callApi(core, 'insights.webVitals', { projectId: 1 });
    expect(byScore.pages.map((p) => [p.transaction, Math.round((p.score ?? 0) * 1000) / 1000])).toEqual([
      ['/slow', 0.1],
      ['/home', Math.round((0.51 / 0.7) * 1000) / 1000],
    ]);
    const byLcp = await callApi(core, 'insights.webVitals', { projectId: 1, sort: 'lcp', order: 'desc' });
    expect(byLcp.pages.map((p) => p.transaction)).toEqual(['/slow', '/home']);
    // A page without the vital sorted by comes last either way.
    const byTtfb = await callApi(core, 'insights.webVitals', { projectId: 1, sort: 'ttfb', order: 'desc' });
    expect(byTtfb.pages.map((p) => p.transaction)).toEqual(['/home', '/slow']);
    const searched = await callApi(core, 'insights.webVitals', { projectId: 1, query: 'HOM' });
    expect(searched.pages.map((p) => p.transaction)).toEqual(['/home']);
    expect(searched.total).toBe(1);
  });

  it("answers a page's samples with their own vitals and score, linking their trace", async () => {
    const answer = await callApi(core, 'insights.webVitals', { projectId: 1, transaction: '/home' });
    expect(answer.page?.summary.count).toBe(1);
    expect(answer.page?.samples).toEqual([
      expect.objectContaining({
        vitals: { lcp: 1200, fcp: 1600, cls: 0.25, ttfb: 200 },
        traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
        eventId: expect.stringMatching(/^[0-9a-f]{32}$/),
      }),
    ]);
    expect(answer.page?.samples[0]?.score).toBeCloseTo(0.51 / 0.7, 5);
  });

  it("breaks the project's score down by vital: each one's weight among the scored ones and its points", async () => {
    const answer = await callApi(core, 'insights.webVitals', { projectId: 1 });
    const parts = Object.fromEntries(answer.project.breakdown.map((part) => [part.vital, part]));
    expect(Object.keys(parts)).toEqual(['lcp', 'fcp', 'cls', 'ttfb']);
    expect(parts.lcp?.weight).toBeCloseTo(3 / 7, 9);
    expect(parts.lcp?.contribution).toBeCloseTo((3 / 7) * 0.34, 5);
    expect(parts.ttfb?.contribution).toBeCloseTo((1 / 7) * 0.9, 5);
    const sum = answer.project.breakdown.reduce((total, part) => total + part.contribution, 0);
    expect(sum).toBeCloseTo(answer.project.score ?? Number.NaN, 9);
    const slow = (await callApi(core, 'insights.webVitals', { projectId: 1 })).pages.find(
      (page) => page.transaction === '/slow',
    );
    expect(slow?.breakdown).toEqual([{ vital: 'lcp', weight: 1, contribution: expect.closeTo(0.1, 5) }]);
  });

  it("answers each page's opportunity over the whole project's weights, and sorts by it", async () => {
    const answer = await callApi(core, 'insights.webVitals', {
      projectId: 1,
      sort: 'opportunity',
      order: 'desc',
    });
    expect(answer.pages.map((p) => [p.transaction, Math.round(p.opportunity * 1e6) / 1e6])).toEqual([
      ['/slow', 0.189],
      ['/home', 0.169],
    ]);
    // A search narrows the pages, not the project the opportunity is of.
    const searched = await callApi(core, 'insights.webVitals', { projectId: 1, query: 'home' });
    expect(searched.pages[0]?.opportunity).toBeCloseTo(0.169, 6);
  });

  it('refuses a bad sort with a clear error', async () => {
    await expect(
      callApi(core, 'insights.webVitals', { projectId: 1, sort: 'speed' as never }),
    ).rejects.toThrow(/sort/);
  });
});
