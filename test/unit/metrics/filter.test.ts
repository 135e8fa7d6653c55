/** The Metrics page's attribute filter: `key:value` with Sentry's `sentry.` prefix, negation, lists, comparisons, `has:`. */
import { describe, expect, it } from 'vitest';
import { parseMetricFilter } from '../../../src-main/core/metrics/filter.ts';
import type { MetricRecord } from '../../../src-shared/metrics-api.ts';

const record = (attributes: MetricRecord['attributes']): MetricRecord => ({
  projectId: 1,
  timestamp: 1_700_000_000_000,
  name: 'checkout.duration',
  type: 'distribution',
  unit: 'millisecond',
  value: 1,
  traceId: 'da9df1550941467dbe950834c87914ae',
  spanId: null,
  attributes,
});

const points = [
  record({ region: 'eu', 'sentry.environment': 'production', retries: 0 }),
  record({ region: 'us', 'sentry.environment': 'production', retries: 3 }),
  record({ region: 'ap', 'sentry.environment': 'staging' }),
];
const matching = (query: string) =>
  points.filter((point) => parseMetricFilter(query)(point)).map((point) => point.attributes.region);

describe('the metric filter', () => {
  it('keeps the points whose attributes match every term', () => {
    expect(matching('')).toEqual(['eu', 'us', 'ap']);
    expect(matching('region:eu')).toEqual(['eu']);
    expect(matching('environment:production !region:us')).toEqual(['eu']);
    expect(matching('region:[ap, us]')).toEqual(['us', 'ap']);
    expect(matching('region:e*')).toEqual(['eu']);
    expect(matching('retries:>1')).toEqual(['us']);
    expect(matching('has:retries')).toEqual(['eu', 'us']);
    expect(matching('trace:da9df1550941467dbe950834c87914ae region:ap')).toEqual(['ap']);
  });

  it("joins terms with OR, AND and parentheses as Sentry's Explore does", () => {
    expect(matching('region:eu OR region:ap')).toEqual(['eu', 'ap']);
    expect(matching('region:ap OR region:eu environment:staging')).toEqual(['ap']);
    expect(matching('(region:eu OR region:us) retries:>1')).toEqual(['us']);
    expect(matching('(!has:retries OR retries:<2) AND environment:production')).toEqual(['eu']);
    expect(() => parseMetricFilter('region:eu OR')).toThrow(/missing on the right side of 'OR'/);
  });

  it('refuses free text and a comparison with no number, naming the place', () => {
    expect(() => parseMetricFilter('region:eu OR slow')).toThrow(/key:value .*at 13–17: 'slow'/);
    expect(() => parseMetricFilter('slow region:eu')).toThrow(/key:value .*at 0–4: 'slow'/);
    expect(() => parseMetricFilter('retries:>many')).toThrow(/'>' compares numbers/);
  });
});
