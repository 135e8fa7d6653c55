/** What each widget asks Discover, as Sentry's dashboards ask it, under the dashboard's page filters. */
import { describe, expect, it } from 'vitest';
import { type DashboardWidget, queryFields, widgetRequests } from '../../../src-shared/dashboards-api.ts';

type Widget = Parameters<typeof widgetRequests>[0];

const query = (
  extra: Partial<DashboardWidget['queries'][number]> = {},
): DashboardWidget['queries'][number] => ({
  id: '1',
  name: '',
  fields: ['count()'],
  aggregates: ['count()'],
  columns: [],
  fieldAliases: [],
  conditions: '',
  orderby: '',
  widgetId: '1',
  isHidden: false,
  ...extra,
});

const widget = (extra: Partial<Widget>): Widget => ({
  displayType: 'line',
  widgetType: 'error-events',
  interval: '5m',
  limit: null,
  queries: [query()],
  ...extra,
});

describe('widgetRequests', () => {
  it('asks a big number’s first aggregate of the events endpoint, one row, with the search', () => {
    const [request] = widgetRequests(
      widget({
        displayType: 'big_number',
        queries: [query({ aggregates: ['count_unique(user)', 'count()'], conditions: 'level:error' })],
      }),
      { statsPeriod: '7d', project: [2], environment: ['production'] },
    );
    expect(request).toEqual({
      kind: 'table',
      name: 'count_unique(user)',
      params: {
        dataset: 'errors',
        project: [2],
        environment: ['production'],
        statsPeriod: '7d',
        query: 'level:error',
        field: ['count_unique(user)'],
        perPage: 1,
      },
    });
  });

  it('asks a table its columns then aggregates, sorted, the widget’s limit rows, transactions from their dataset', () => {
    const [request] = widgetRequests(
      widget({
        displayType: 'table',
        widgetType: 'transaction-like',
        limit: 3,
        queries: [query({ columns: ['transaction'], aggregates: ['count()'], orderby: '-count()' })],
      }),
      { start: '2024-01-01T00:00:00Z', end: '2024-01-02T00:00:00Z', project: [-1] },
    );
    expect(request?.params).toEqual({
      dataset: 'transactions',
      start: '2024-01-01T00:00:00Z',
      end: '2024-01-02T00:00:00Z',
      sort: ['-count()'],
      field: ['transaction', 'count()'],
      perPage: 3,
    });
  });

  it('draws every aggregate of every query as a series named after the query, by the widget’s interval', () => {
    const requests = widgetRequests(
      widget({
        queries: [
          query({ name: 'Handled', conditions: 'error.handled:true' }),
          query({ aggregates: ['count()', 'count_unique(user)'] }),
        ],
      }),
      {},
    );
    expect(requests.map((r) => [r.kind, r.name])).toEqual([
      ['stats', 'Handled : count()'],
      ['stats', 'count()'],
      ['stats', 'count_unique(user)'],
    ]);
    expect(requests[0]?.params).toEqual({
      dataset: 'errors',
      statsPeriod: '24h',
      query: 'error.handled:true',
      yAxis: ['count()'],
      interval: '5m',
      partial: true,
    });
  });

  it('groups a chart with columns into its top `limit` (5 unless set), a top N into the top 5 by its last aggregate', () => {
    const grouped = widgetRequests(
      widget({ displayType: 'bar', limit: 3, queries: [query({ columns: ['browser.name'] })] }),
      {},
    )[0];
    expect(grouped?.params).toMatchObject({
      field: ['browser.name', 'count()'],
      topEvents: 3,
      orderby: ['-count()'],
    });
    const top = widgetRequests(
      widget({
        displayType: 'top_n',
        limit: 8,
        queries: [
          query({
            columns: ['transaction'],
            aggregates: ['count()', 'p95(transaction.duration)'],
            orderby: '-count()',
          }),
        ],
      }),
      {},
    )[0];
    expect(top).toMatchObject({
      yAxis: 'p95(transaction.duration)',
      params: { topEvents: 5, orderby: ['-count()'] },
    });
  });

  it('reads an older query’s fields when it names no columns or aggregates', () => {
    expect(queryFields({ fields: ['title', 'count()'], columns: [], aggregates: [] })).toEqual([
      'title',
      'count()',
    ]);
    expect(queryFields({ fields: ['x'], columns: ['a'], aggregates: ['count()'] })).toEqual(['a', 'count()']);
  });
});
