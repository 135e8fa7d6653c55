/**
 * Decoding `trace_metric` items into data points, as Relay validates and normalizes them: the corpus's
 * captured @sentry/node 11 container reads as sent; a point Relay refuses is skipped with the reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { metricRecordsOf } from '../../../src-main/core/metrics/records.ts';

const ENVELOPE = path.resolve(
  import.meta.dirname,
  '../../../../shared/corpus/envelopes/node-v11-trace-metric.envelope',
);
const corpusMissing = fs.existsSync(ENVELOPE) ? undefined : `${ENVELOPE} is absent`;
if (corpusMissing) console.warn(`skipping the corpus trace metric decoding test: ${corpusMissing}`);

const TRACE = 'da9df1550941467dbe950834c87914ae';
const point = (fields: Record<string, unknown>) => ({
  timestamp: 1_795_309_736.85,
  trace_id: TRACE,
  name: 'cart.items',
  type: 'counter',
  value: 1,
  ...fields,
});
const stored = (items: unknown[]) => ({
  headers: { type: 'trace_metric', item_count: items.length },
  body: { version: 2, items },
});

describe('trace metric decoding', () => {
  it.skipIf(corpusMissing !== undefined)('reads the counter the real SDK sent, attributes unwrapped', () => {
    const [, , payload = ''] = fs.readFileSync(ENVELOPE, 'utf8').split('\n');
    const { records, skipped } = metricRecordsOf(1, { headers: {}, body: JSON.parse(payload) });
    expect(skipped).toEqual([]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      projectId: 1,
      name: 'research.counter',
      type: 'counter',
      unit: null,
      value: 3,
      traceId: TRACE,
      spanId: null,
      attributes: { 'sentry.environment': 'research', 'sentry.timestamp.sequence': 0 },
    });
    expect(records[0]?.timestamp).toBeCloseTo(1_795_309_736_850.236, 0);
  });

  it('skips points Relay refuses, each with its reason, and keeps the rest newest first', () => {
    const { records, skipped } = metricRecordsOf(
      1,
      stored([
        point({ value: 1, timestamp: 100 }),
        point({ name: '  ' }),
        point({ type: 'set' }),
        point({ type: undefined }),
        point({ value: 'many' }),
        point({ value: Number.NaN }),
        point({ timestamp: 'yesterday' }),
        point({ trace_id: '' }),
        'not a point',
        point({ value: 2, timestamp: 200 }),
      ]),
    );
    expect(records.map((record) => record.value)).toEqual([2, 1]);
    expect(skipped).toEqual([
      'no name',
      'cart.items: type "set" is not counter, gauge or distribution',
      'cart.items: no type',
      'cart.items: value "many" is not a number',
      'cart.items: value null is not a number',
      'cart.items: no timestamp',
      'cart.items: no trace_id',
      'a data point is not a JSON object',
    ]);
  });

  it('says why an item that is no container has no data points', () => {
    expect(metricRecordsOf(1, { headers: {}, body: [1, 2] }).skipped).toEqual([
      'the item is not a JSON object',
    ]);
    expect(metricRecordsOf(1, { headers: {}, body: { items: 'x' } }).skipped).toEqual([
      'the item has no "items" list',
    ]);
  });

  it('normalizes names and units as Relay does: odd characters to _, custom units to none', () => {
    const { records } = metricRecordsOf(
      1,
      stored([
        point({ name: 'http-requests/total', unit: 'millisecond', timestamp: 3 }),
        point({ name: 'queue depth', unit: 'jobs', timestamp: 2 }),
        point({ name: 'ok.name_1', value: '2.5', unit: 'Byte', timestamp: 1 }),
      ]),
    );
    expect(records.map((r) => [r.name, r.unit, r.value])).toEqual([
      ['http_requests_total', 'millisecond', 1],
      ['queue_depth', null, 1],
      ['ok.name_1', 'byte', 2.5],
    ]);
  });
});
