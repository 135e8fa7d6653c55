/**
 * Sentry's performance score fields (`measurements.score.*`, computed from each transaction's web
 * vitals as Relay computes them) and the functions on them (`performance_score`, `opportunity_score`,
 * `count_scores`) in the events endpoint's `transactions` dataset, on a real core fed by the real
 * @sentry/node 11 SDK. The vitals sent are at a profile's p10 (score 0.9) or median (0.5), so the
 * expected numbers are worked out by hand from the formulas (Relay's `normalize_performance_score`,
 * Sentry's `search/events/datasets/metrics.py`; see test/unit/insights/web-vitals-score-functions.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { SentTransaction } from '../../support/transactions.ts';
import { withSentTransactions } from './sent-transactions.ts';

const ms = (value: number) => ({ value, unit: 'millisecond' });
const pageload = (name: string, measurements: SentTransaction['measurements']): SentTransaction => ({
  name,
  op: 'pageload',
  measurements,
});

const { table, expectRefusals } = withSentTransactions([
  // LCP at p10 (0.9), FCP at its median (0.5): weights 2/3 and 1/3; score.total 0.6 + 1/6.
  pageload('/home', { lcp: ms(1200), fcp: ms(1600) }),
  // LCP at its median, FCP at p10: score.lcp 1/3, score.fcp 0.3.
  pageload('/home', { lcp: ms(2400), fcp: ms(900) }),
  // LCP and CLS at their medians, TTFB at p10: weights over 0.55.
  pageload('/about', { lcp: ms(2400), cls: { value: 0.25, unit: '' }, ttfb: ms(200) }),
  { name: 'GET /api', op: 'http.server' },
]);

describe('performance scores in the transactions dataset', () => {
  it("answers each transaction's score measurements, null where it has none", async () => {
    const result = await table(
      [
        'transaction',
        'measurements.score.lcp',
        'measurements.score.fcp',
        'measurements.score.weight.lcp',
        'measurements.score.weight.cls',
        'measurements.score.total',
      ],
      { sort: '-measurements.score.total' },
    );
    expect(result.meta.fields['measurements.score.total']).toBe('number');
    expect(result.data.map((row) => row.transaction)).toEqual(['/home', '/home', '/about', 'GET /api']);
    const [first, second, about, api] = result.data;
    expect(first?.['measurements.score.lcp']).toBeCloseTo(0.6, 6);
    expect(first?.['measurements.score.fcp']).toBeCloseTo(1 / 6, 6);
    expect(first?.['measurements.score.weight.lcp']).toBeCloseTo(2 / 3, 9);
    expect(first?.['measurements.score.weight.cls']).toBe(0);
    expect(first?.['measurements.score.total']).toBeCloseTo(0.6 + 1 / 6, 6);
    expect(second?.['measurements.score.total']).toBeCloseTo(1 / 3 + 0.3, 6);
    expect(about?.['measurements.score.fcp']).toBeNull();
    expect(about?.['measurements.score.weight.lcp']).toBeCloseTo(0.3 / 0.55, 9);
    expect(about?.['measurements.score.total']).toBeCloseTo((0.15 + 0.075 + 0.09) / 0.55, 6);
    expect(api?.['measurements.score.total']).toBeNull();
    expect(api?.['measurements.score.weight.lcp']).toBeNull();
  });

  it('searches on a score measurement', async () => {
    const result = await table(['transaction'], { query: 'measurements.score.total:>0.6' });
    expect(result.data.map((row) => row.transaction).sort()).toEqual(['/home', '/home']);
  });

  it('aggregates them per page with performance_score, opportunity_score and count_scores', async () => {
    const result = await table(
      [
        'transaction',
        'performance_score(measurements.score.lcp)',
        'performance_score(measurements.score.fcp)',
        'performance_score(measurements.score.cls)',
        'performance_score(measurements.score.total)',
        'opportunity_score(measurements.score.lcp)',
        'opportunity_score(measurements.score.total)',
        'count_scores(measurements.score.lcp)',
        'count_scores(measurements.score.cls)',
        'count_scores(measurements.score.total)',
      ],
      { query: 'has:measurements.score.total', sort: 'transaction' },
    );
    expect(result.meta.fields).toMatchObject({
      'performance_score(measurements.score.total)': 'number',
      'opportunity_score(measurements.score.lcp)': 'number',
      'count_scores(measurements.score.lcp)': 'integer',
    });
    const [about, home] = result.data;
    // /home: LCP (0.6 + 1/3) / (2/3 + 2/3) = 0.7, FCP (1/6 + 0.3) / (1/3 + 1/3) = 0.7; no CLS: 0.
    expect(home?.['performance_score(measurements.score.lcp)']).toBeCloseTo(0.7, 6);
    expect(home?.['performance_score(measurements.score.fcp)']).toBeCloseTo(0.7, 6);
    expect(home?.['performance_score(measurements.score.cls)']).toBe(0);
    // Fixed weights: 0.30 × 0.7 + 0.15 × 0.7.
    expect(home?.['performance_score(measurements.score.total)']).toBeCloseTo(0.315, 6);
    // 4/3 − (0.6 + 1/3); (1 − 0.7667) + (1 − 0.6333).
    expect(home?.['opportunity_score(measurements.score.lcp)']).toBeCloseTo(0.4, 6);
    expect(home?.['opportunity_score(measurements.score.total)']).toBeCloseTo(0.6, 6);
    expect(home?.['count_scores(measurements.score.lcp)']).toBe(2);
    expect(home?.['count_scores(measurements.score.cls)']).toBe(0);
    expect(home?.['count_scores(measurements.score.total)']).toBe(2);
    // /about: every vital at its median but TTFB at p10: 0.30 × 0.5 + 0.15 × 0.5 + 0.10 × 0.9.
    expect(about?.['performance_score(measurements.score.cls)']).toBeCloseTo(0.5, 6);
    expect(about?.['performance_score(measurements.score.total)']).toBeCloseTo(0.315, 6);
    expect(about?.['count_scores(measurements.score.cls)']).toBe(1);
  });

  it('refuses what Sentry refuses, with its words', async () => {
    await expectRefusals({
      'performance_score(measurements.lcp)': 'performance_score only supports performance score measurements',
      'opportunity_score(measurements.score.weight.lcp)':
        'opportunity_score only supports performance score measurements',
      'count_scores(transaction.op)':
        'count_scores(transaction.op): column argument invalid: transaction.op is not a numeric column',
      'performance_score()': 'performance_score: expected 1 argument(s) but got 0 argument(s)',
      'count_scores(measurements.score.lcp, measurements.score.fcp)':
        'count_scores: expected 1 argument(s) but got 2 argument(s)',
    });
  });
});
