/**
 * `metrics.names` and `metrics.chart` through a real core, fed by the real @sentry/node 11 SDK
 * (`Sentry.metrics.count/gauge/distribution`): the names, types and units sent come back, and each
 * aggregate, group-by and attribute filter answers what was sent; a data point Relay would refuse is
 * skipped and said so.
 */
import { describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { encodeNode } from '../../../src-main/core/store/nodestore.ts';
import type { ApiParams } from '../../../src-shared/api.ts';
import { callApi, coreForEachTest } from '../../support/core.ts';
import { type SentMetric, sendMetricsWithSdk } from '../../support/metrics.ts';

const DURATIONS = [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000];

const FIRST_BATCH: SentMetric[] = [
  { kind: 'count', name: 'checkout.completed', value: 1, attributes: { region: 'eu' } },
  { kind: 'count', name: 'checkout.completed', value: 2, attributes: { region: 'us' } },
  { kind: 'count', name: 'checkout.completed', value: 3, attributes: { region: 'eu' } },
  { kind: 'count', name: 'checkout.completed', value: 4, attributes: { region: 'ap' }, span: 'checkout' },
  { kind: 'gauge', name: 'queue.depth', value: 10, attributes: { queue: 'emails' } },
  { kind: 'gauge', name: 'queue.depth', value: 4, attributes: { queue: 'emails' } },
  { kind: 'gauge', name: 'queue.depth', value: 7, attributes: { queue: 'emails' } },
  ...DURATIONS.map(
    (value, index): SentMetric => ({
      kind: 'distribution',
      name: 'checkout.duration',
      value,
      unit: 'millisecond',
      attributes: { region: index % 2 === 0 ? 'eu' : 'us' },
    }),
  ),
];
const SECOND_BATCH: SentMetric[] = [
  { kind: 'count', name: 'checkout.completed', value: 5, attributes: { region: 'us' } },
  { kind: 'gauge', name: 'queue.depth', value: 2, attributes: { queue: 'emails' } },
];

type ChartParams = Omit<ApiParams<'metrics.chart'>, 'projectId' | 'period'>;

async function sent(core: Core): Promise<Record<string, string>> {
  const dsn = core.ctx.projects.list()[0]?.keys[0]?.dsn ?? '';
  const traceIds = await sendMetricsWithSdk(dsn, [FIRST_BATCH, SECOND_BATCH]);
  await core.ctx.pipeline.call('pipeline.drain', {});
  return traceIds;
}

describe('metrics.names and metrics.chart', () => {
  const start = coreForEachTest();

  it('answer the names, aggregates, group-bys and filters of what the real SDK sent', async () => {
    const core = await start();
    const traceIds = await sent(core);
    const chart = (params: ChartParams) =>
      callApi(core, 'metrics.chart', { projectId: 1, period: '24h', ...params });
    const totals = async (params: ChartParams) =>
      (await chart(params)).series.map((series) => [series.group, series.total]);

    const names = await callApi(core, 'metrics.names', { projectId: 1, period: '24h' });
    expect(names.metrics.map(({ name, type, unit, count }) => ({ name, type, unit, count }))).toEqual([
      { name: 'checkout.completed', type: 'counter', unit: null, count: 5 },
      { name: 'checkout.duration', type: 'distribution', unit: 'millisecond', count: 10 },
      { name: 'queue.depth', type: 'gauge', unit: null, count: 4 },
    ]);
    expect(names.skipped).toEqual([]);
    expect(names.partial).toBe(false);

    // A counter's sum, over the buckets and in all.
    const counter = await chart({ name: 'checkout.completed', type: 'counter' });
    expect(counter.aggregate).toBe('sum');
    expect(counter.bucketMs).toBe(3_600_000);
    expect(counter.series).toHaveLength(1);
    expect(counter.series[0]?.total).toBe(15);
    expect(counter.series[0]?.values.reduce<number>((sum, value) => sum + (value ?? 0), 0)).toBe(15);
    const nowBucket = Math.floor((Date.now() - counter.start) / counter.bucketMs);
    // Every point is in the bucket of now (or, sent at an hour's turn, the one before); the others are 0.
    const values = counter.series[0]?.values ?? [];
    expect(values).toHaveLength(25);
    expect(values.slice(0, nowBucket - 1).every((value) => value === 0)).toBe(true);
    expect((values[nowBucket - 1] ?? 0) + (values[nowBucket] ?? 0)).toBe(15);
    // A gauge's empty buckets are gaps.
    const gaugeValues = (await chart({ name: 'queue.depth', type: 'gauge' })).series[0]?.values ?? [];
    expect(gaugeValues.filter((value) => value !== null).length).toBeGreaterThan(0);
    expect(gaugeValues[0]).toBeNull();

    // Group by an attribute, ranked by the aggregate; filters on attributes (and Sentry's `sentry.` prefix).
    expect(await totals({ name: 'checkout.completed', type: 'counter', groupBy: 'region' })).toEqual([
      ['us', 7],
      ['ap', 4],
      ['eu', 4],
    ]);
    expect(await totals({ name: 'checkout.completed', type: 'counter', query: 'region:eu' })).toEqual([
      [null, 4],
    ]);
    expect(await totals({ name: 'checkout.completed', type: 'counter', query: '!region:eu' })).toEqual([
      [null, 11],
    ]);
    expect(await totals({ name: 'checkout.completed', type: 'counter', query: 'environment:test' })).toEqual([
      [null, 15],
    ]);
    expect(await totals({ name: 'checkout.completed', type: 'counter', query: 'region:mars' })).toEqual([]);

    // A gauge: avg, min, max and the newest value.
    const gauge = async (aggregate: 'avg' | 'min' | 'max' | 'last') =>
      (await chart({ name: 'queue.depth', type: 'gauge', aggregate })).series[0]?.total;
    expect([await gauge('avg'), await gauge('min'), await gauge('max'), await gauge('last')]).toEqual([
      5.75, 2, 10, 2,
    ]);

    // A distribution's percentiles, max and count, grouped too.
    const distribution = async (aggregate: ChartParams['aggregate'], groupBy?: string) =>
      totals({ name: 'checkout.duration', type: 'distribution', aggregate, ...(groupBy ? { groupBy } : {}) });
    expect(await distribution('p50')).toEqual([[null, 550]]);
    expect((await distribution('p95'))[0]?.[1]).toBeCloseTo(955, 6);
    expect((await distribution('p99'))[0]?.[1]).toBeCloseTo(991, 6);
    expect(await distribution('max')).toEqual([[null, 1000]]);
    expect(await distribution('count')).toEqual([[null, 10]]);
    expect(await distribution('avg', 'region')).toEqual([
      ['us', 600],
      ['eu', 500],
    ]);

    // Samples, newest first, linked to their trace when it is stored.
    const samples = (await chart({ name: 'checkout.completed', type: 'counter', samples: 10 })).samples;
    expect(samples.map((sample) => sample.value)).toEqual([5, 4, 3, 2, 1]);
    const inSpan = samples.find((sample) => sample.value === 4);
    expect(inSpan?.traceId).toBe(traceIds.checkout);
    expect(inSpan?.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(samples.map((sample) => sample.traceStored)).toEqual([false, true, false, false, false]);
    expect(inSpan?.attributes).toMatchObject({
      region: 'ap',
      'sentry.release': 'metrics-test@1.0.0',
      'sentry.sdk.name': 'sentry.javascript.node',
    });

    await expect(chart({ name: 'queue.depth', type: 'gauge', aggregate: 'p95' })).rejects.toThrow(
      /a gauge is aggregated by avg, min, max, last, not p95/,
    );
    await expect(chart({ name: 'queue.depth', type: 'gauge', query: 'deep' })).rejects.toThrow(/key:value/);
  });

  it('skips the data points Relay would refuse, saying why, and keeps the rest', async () => {
    const core = await start();
    const now = Date.now();
    const items = [
      {
        timestamp: now / 1000,
        trace_id: 'da9df1550941467dbe950834c87914ae',
        name: 'jobs.run',
        type: 'counter',
        value: 2,
      },
      {
        timestamp: now / 1000,
        trace_id: 'da9df1550941467dbe950834c87914ae',
        name: 'jobs.seen',
        type: 'set',
        value: 7,
      },
    ];
    core.ctx.db
      .prepare("INSERT INTO item_store (project_id, type, received, data) VALUES (1, 'trace_metric', ?, ?)")
      .run(
        now,
        encodeNode({ headers: { type: 'trace_metric', item_count: 2 }, body: { version: 2, items } }),
      );
    const names = await callApi(core, 'metrics.names', { projectId: 1, period: '1h' });
    expect(names.metrics.map((metric) => metric.name)).toEqual(['jobs.run']);
    expect(names.skipped).toEqual([
      { reason: 'jobs.seen: type "set" is not counter, gauge or distribution', count: 1 },
    ]);
    expect(await callApi(core, 'metrics.names', { projectId: 2, period: '1h' })).toEqual({
      metrics: [],
      skipped: [],
      partial: false,
    });
  });
});
