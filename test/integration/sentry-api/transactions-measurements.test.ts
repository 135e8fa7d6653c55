/**
 * Sentry's `measurements.*` fields and the discover functions on them in the events endpoint's
 * `transactions` dataset, on a real core fed by the real @sentry/node 11 SDK: three page loads
 * (`Sentry.setMeasurement` on the root span, as `transaction` items) with LCP 1200, 3000 and 5000 ms,
 * FCP 800, 1500, 2000 ms, CLS 0.05, 0.2, 0.3, a custom `frames_total` on one, and a request without
 * measurements. (A streamed segment's measurements, the browser SDK's web vital attributes, are
 * checked in real Chromium by test/e2e/web-vitals.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import type { SentTransaction } from '../../support/transactions.ts';
import { withSentTransactions } from './sent-transactions.ts';

const VITALS = [
  { lcp: 1200, fcp: 800, cls: 0.05 },
  { lcp: 3000, fcp: 1500, cls: 0.2 },
  { lcp: 5000, fcp: 2000, cls: 0.3 },
];

const pageload = (vitals: (typeof VITALS)[number], frames?: number): SentTransaction => ({
  name: '/checkout',
  op: 'pageload',
  measurements: {
    lcp: { value: vitals.lcp, unit: 'millisecond' },
    fcp: { value: vitals.fcp, unit: 'millisecond' },
    cls: { value: vitals.cls, unit: '' },
    ...(frames === undefined ? {} : { frames_total: { value: frames, unit: '' } }),
  },
});

const { table, expectRefusals } = withSentTransactions([
  pageload(VITALS[0] as (typeof VITALS)[number], 60),
  pageload(VITALS[1] as (typeof VITALS)[number]),
  pageload(VITALS[2] as (typeof VITALS)[number]),
  { name: 'GET /api', op: 'http.server' },
]);

describe('measurements in the transactions dataset', () => {
  it('answers each transaction’s measurements with Sentry’s types and units, null where it has none', async () => {
    const result = await table(
      [
        'transaction',
        'measurements.lcp',
        'measurements.fcp',
        'measurements.cls',
        'measurements.frames_total',
      ],
      { sort: 'measurements.lcp', query: 'transaction:/checkout OR transaction:"GET /api"' },
    );
    expect(result.meta.fields).toMatchObject({
      'measurements.lcp': 'duration',
      'measurements.fcp': 'duration',
      'measurements.cls': 'number',
      'measurements.frames_total': 'number',
    });
    expect(result.meta.units).toMatchObject({ 'measurements.lcp': 'millisecond', 'measurements.cls': null });
    const rows = result.data.map((row) => [
      row.transaction,
      row['measurements.lcp'],
      row['measurements.fcp'],
      row['measurements.cls'],
      row['measurements.frames_total'],
    ]);
    expect(rows).toEqual(
      expect.arrayContaining([
        ['/checkout', 1200, 800, 0.05, 60],
        ['/checkout', 3000, 1500, 0.2, null],
        ['/checkout', 5000, 2000, 0.3, null],
        ['GET /api', null, null, null, null],
      ]),
    );
    expect(rows).toHaveLength(4);
  });

  it('searches on measurements: has:, comparisons and durations with their unit', async () => {
    const names = async (query: string) =>
      (await table(['id', 'measurements.lcp'], { query, sort: 'measurements.lcp' })).data.map(
        (row) => row['measurements.lcp'],
      );
    expect(await names('has:measurements.lcp transaction:/checkout')).toEqual([1200, 3000, 5000]);
    expect(await names('!has:measurements.lcp')).toEqual([null]);
    expect(await names('!has:measurements.frames_total transaction:/checkout')).toEqual([3000, 5000]);
    expect(await names('measurements.lcp:>2500')).toEqual([3000, 5000]);
    expect(await names('measurements.lcp:<=1.2s')).toEqual([1200]);
    expect(await names('measurements.cls:>0.25')).toEqual([5000]);
  });

  it('aggregates measurements: pNN, avg, min, max, count_web_vitals, count_if and count_unique', async () => {
    const result = await table(
      [
        'transaction',
        'p75(measurements.lcp)',
        'avg(measurements.fcp)',
        'min(measurements.cls)',
        'max(measurements.lcp)',
        'count_web_vitals(measurements.lcp, good)',
        'count_web_vitals(measurements.lcp, meh)',
        'count_web_vitals(measurements.lcp, poor)',
        'count_web_vitals(measurements.cls, any)',
        'count_if(measurements.lcp, greater, 2.5s)',
        'count_if(transaction.op, equals, pageload)',
        'count_unique(measurements.fcp)',
      ],
      { query: 'transaction:/checkout' },
    );
    // Worked out from the values sent: p75 of 1200, 3000, 5000 is at rank 1.5: 3000 + 0.5 × 2000.
    expect(result.data).toEqual([
      expect.objectContaining({
        'p75(measurements.lcp)': 4000,
        'avg(measurements.fcp)': (800 + 1500 + 2000) / 3,
        'min(measurements.cls)': 0.05,
        'max(measurements.lcp)': 5000,
        // Sentry's thresholds for LCP: good below 2500, meh below 4000, poor from 4000.
        'count_web_vitals(measurements.lcp, good)': 1,
        'count_web_vitals(measurements.lcp, meh)': 1,
        'count_web_vitals(measurements.lcp, poor)': 1,
        'count_web_vitals(measurements.cls, any)': 3,
        'count_if(measurements.lcp, greater, 2.5s)': 2,
        'count_if(transaction.op, equals, pageload)': 3,
        'count_unique(measurements.fcp)': 3,
      }),
    ]);
    expect(result.meta.fields).toMatchObject({
      'p75(measurements.lcp)': 'duration',
      'min(measurements.cls)': 'number',
      'count_web_vitals(measurements.lcp, good)': 'integer',
      'count_if(measurements.lcp, greater, 2.5s)': 'integer',
    });
    expect(result.meta.units['p75(measurements.lcp)']).toBe('millisecond');
  });

  it('refuses what Sentry refuses, with its words', async () => {
    await expectRefusals({
      'count_web_vitals(transaction.duration, good)': 'count_web_vitals only supports measurements',
      'count_web_vitals(measurements.ttfb, good)': "count_web_vitals doesn't support ttfb",
      'count_web_vitals(measurements.lcp, great)':
        "count_web_vitals(measurements.lcp, great): quality argument invalid: string must be one of 'good', 'meh', 'poor', 'any'",
      'count_web_vitals(measurements.lcp)': 'count_web_vitals: expected 2 argument(s) but got 1 argument(s)',
      'count_if(measurements.lcp, bigger, 3)':
        'count_if(measurements.lcp, bigger, 3): condition argument invalid: bigger is not a valid condition, the only supported conditions are: equals,notEquals,lessOrEquals,greaterOrEquals,less,greater',
      'count_if(measurements.lcp, greater, fast)':
        'fast is not a valid value to compare with measurements.lcp',
      'p75(transaction.op)':
        'p75(transaction.op): column argument invalid: transaction.op is not a numeric column',
    });
  });
});
