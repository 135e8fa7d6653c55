/**
 * Dashboards' issue, spans and logs widgets on a real core fed by the real @sentry/node SDK (errors,
 * transactions with child spans, `Sentry.logger` logs): each widget type saved through Sentry's web
 * API and refused in its dataset's own words (the issue list's parser, Explore's), and each widget's
 * requests (`widgetRequests`) answered over the RPC with the numbers that were sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import {
  type Dashboard,
  type DisplayType,
  type IssueSeries,
  type IssueWidgetTable,
  type WidgetType,
  widgetRequests,
} from '../../../src-shared/dashboards-api.ts';
import type { DiscoverTable, StatsSeries } from '../../../src-shared/discover-api.ts';
import { sendWithSdk } from '../../e2e/fixtures/send.ts';
import { startCore } from '../../support/core.ts';
import { sendLogsWithSdk } from '../../support/logs.ts';
import { tempDir } from '../../support/serve.ts';
import { sendTransactionsWithSdk } from '../../support/transactions.ts';
import { sentryApiClient } from './api-client.ts';

let core: Core;
const api = sentryApiClient(() => core);
const DASHBOARDS = '/api/0/organizations/faultline/dashboards/';

async function rpc<T>(method: string, params: unknown): Promise<T> {
  const response = await fetch(`${core.url}/rpc/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-faultline-token': core.token ?? '' },
    body: JSON.stringify(params),
  });
  const answer = (await response.json()) as { result: T } | { error: { message: string } };
  if ('error' in answer) throw new Error(answer.error.message);
  return answer.result;
}

type WidgetBody = {
  title: string;
  displayType: DisplayType;
  widgetType: WidgetType;
  interval?: string;
  limit?: number;
  queries: {
    name: string;
    fields: string[];
    aggregates: string[];
    columns: string[];
    conditions: string;
    orderby: string;
  }[];
};

const widget = (
  widgetType: WidgetType,
  displayType: DisplayType,
  query: { aggregates?: string[]; columns?: string[]; conditions?: string; orderby?: string },
): WidgetBody => {
  const aggregates = query.aggregates ?? [];
  const columns = query.columns ?? [];
  return {
    title: `${widgetType} ${displayType}`,
    displayType,
    widgetType,
    interval: '1h',
    queries: [
      {
        name: '',
        fields: [...columns, ...aggregates],
        aggregates,
        columns,
        conditions: query.conditions ?? '',
        orderby: query.orderby ?? '',
      },
    ],
  };
};

async function check(body: WidgetBody) {
  return api(`${DASHBOARDS}widgets/`, { method: 'POST', body });
}

/** A saved widget's first request answered over the RPC, as the dashboard page asks it. */
async function answerOf<T>(saved: Dashboard['widgets'][number]): Promise<T> {
  const [request] = widgetRequests(saved, { statsPeriod: '24h' });
  if (!request) throw new Error('no request');
  switch (request.kind) {
    case 'table':
      return rpc<T>('discover.events', request.params);
    case 'stats':
      return rpc<T>('discover.stats', request.params);
    case 'issues':
      return rpc<T>('dashboards.issues', request.params);
    case 'issue-series':
      return rpc<T>('dashboards.issueSeries', request.params);
  }
}

const total = (series: StatsSeries) =>
  series.data.reduce((sum, [, items]) => sum + Number(items[0]?.count ?? 0), 0);

beforeAll(async () => {
  core = await startCore(tempDir(), { httpRpc: true });
  const dsn = core.ctx.projects.defaultDsn(1) ?? '';
  await sendWithSdk(dsn, {
    environment: 'production',
    errors: [
      // Each message differs: the SDK's Dedupe integration drops an error just like the last one.
      { name: 'CheckoutFailed', message: 'checkout failed for cart 1', user: { id: '1' } },
      { name: 'CheckoutFailed', message: 'checkout failed for cart 2', user: { id: '2' } },
      { name: 'CheckoutFailed', message: 'checkout failed for cart 3', user: { id: '2' } },
      { name: 'InventoryEmpty', message: 'no stock left', user: { id: '3' } },
    ],
  });
  await sendTransactionsWithSdk(dsn, 'static', [
    {
      name: 'GET /checkout',
      op: 'http.server',
      children: [
        { name: 'SELECT cart', op: 'db', ms: 5 },
        { name: 'SELECT stock', op: 'db', ms: 5 },
      ],
    },
    { name: 'GET /cart', op: 'http.server', children: [{ name: 'SELECT cart', op: 'db', ms: 5 }] },
  ]);
  await sendLogsWithSdk(dsn, [
    [
      { level: 'error', message: 'payment gateway timed out' },
      { level: 'error', message: 'payment gateway timed out' },
      { level: 'info', message: 'user signed in' },
    ],
  ]);
  await core.ctx.pipeline.call('pipeline.drain', {});
}, 90_000);
afterAll(() => core?.close());

describe('issue widgets', () => {
  it('saves an issue table and lists the issue search’s issues with their events and users as sent', async () => {
    const body = widget('issue', 'table', {
      columns: ['issue', 'title', 'events', 'users', 'lifetimeEvents'],
      conditions: 'is:unresolved',
      orderby: 'freq',
    });
    const reply = await api(DASHBOARDS, { method: 'POST', body: { title: 'Issues', widgets: [body] } });
    expect(reply.status, reply.body).toBe(201);
    const saved = (reply.json as Dashboard).widgets[0];
    expect(saved).toMatchObject({ widgetType: 'issue', displayType: 'table' });
    const table = await answerOf<IssueWidgetTable>(saved as Dashboard['widgets'][number]);
    expect(table.total).toBe(2);
    expect(
      table.data.map((row) => [row.title.split(':')[0], row.events, row.users, row.lifetimeEvents]),
    ).toEqual([
      ['CheckoutFailed', 3, 2, 3],
      ['InventoryEmpty', 1, 1, 1],
    ]);
    expect(table.data[0]?.issue).toMatch(/^[A-Z0-9-]+-\d+$/);
  });

  it('narrows the issue table by its search, as the issue list does', async () => {
    const narrowed = await rpc<IssueWidgetTable>('dashboards.issues', {
      query: 'is:unresolved InventoryEmpty',
      sort: 'date',
      limit: 5,
      statsPeriod: '24h',
    });
    expect(narrowed.data.map((row) => row.events)).toEqual([1]);
    const resolved = await rpc<IssueWidgetTable>('dashboards.issues', {
      query: 'is:resolved',
      sort: 'date',
      limit: 5,
      statsPeriod: '24h',
    });
    expect(resolved.data).toEqual([]);
  });

  it('charts the new issues per bucket (Sentry’s issues-timeseries): both issues, first seen today', async () => {
    const chart = widget('issue', 'line', { aggregates: ['count(new_issues)'] });
    expect((await check(chart)).status).toBe(200);
    const [request] = widgetRequests({ ...chart, interval: '1h', limit: null }, { statsPeriod: '24h' });
    expect(request?.kind).toBe('issue-series');
    if (request?.kind !== 'issue-series') return;
    const answer = await rpc<IssueSeries>('dashboards.issueSeries', request.params);
    const [series] = answer.timeSeries;
    expect(series?.yAxis).toBe('count(new_issues)');
    expect(series?.values.reduce((sum, v) => sum + v.value, 0)).toBe(2);
    expect(series?.meta.interval).toBe(3_600_000);
    const resolved = await rpc<IssueSeries>('dashboards.issueSeries', {
      ...request.params,
      yAxis: ['count(resolved_issues)'],
    });
    expect(resolved.timeSeries[0]?.values.every((v) => v.value === 0)).toBe(true);
  });

  it('refuses a search the issue list cannot parse, a field and a sort it does not know, and a big number', async () => {
    const badSearch = await check(
      widget('issue', 'table', { columns: ['issue'], conditions: 'lastSeen:-yesterday' }),
    );
    expect(badSearch.status).toBe(400);
    expect(badSearch.json).toMatchObject({
      queries: [{ conditions: [expect.stringMatching(/^Invalid conditions: /)] }],
    });
    const badField = await check(widget('issue', 'table', { columns: ['issue', 'browser.name'] }));
    expect(badField.status).toBe(400);
    expect(JSON.stringify(badField.json)).toContain("'browser.name' not an issue field");
    const badSort = await check(widget('issue', 'table', { columns: ['issue'], orderby: '-count()' }));
    expect(JSON.stringify(badSort.json)).toContain("Invalid orderby: '-count()' is not an issue sort");
    const badAxis = await check(widget('issue', 'line', { aggregates: ['count()'] }));
    expect(badAxis.json).toMatchObject({ queries: [{ fields: 'Invalid fields: Unknown axis: count()' }] });
    const bigNumber = await check(widget('issue', 'big_number', { aggregates: ['count(new_issues)'] }));
    expect(bigNumber.status).toBe(400);
    expect(bigNumber.json).toMatchObject({
      displayType: ['"big_number" is not a valid visualization for issue widgets (table, line, area, bar).'],
    });
  });
});

describe('spans widgets', () => {
  it('counts the spans sent, as a big number, a table grouped by op and a chart', async () => {
    const big = widget('spans', 'big_number', {
      aggregates: ['count(span.duration)'],
      conditions: 'span.op:db',
    });
    const table = widget('spans', 'table', {
      columns: ['span.op'],
      aggregates: ['count(span.duration)'],
      orderby: '-count(span.duration)',
    });
    const line = widget('spans', 'line', { aggregates: ['count(span.duration)'], conditions: 'span.op:db' });
    const reply = await api(DASHBOARDS, {
      method: 'POST',
      body: { title: 'Spans', widgets: [big, table, line] },
    });
    expect(reply.status, reply.body).toBe(201);
    const [savedBig, savedTable, savedLine] = (reply.json as Dashboard).widgets;
    const number = await answerOf<DiscoverTable>(savedBig as Dashboard['widgets'][number]);
    expect(number.data).toEqual([{ 'count(span.duration)': 3 }]);
    const rows = await answerOf<DiscoverTable>(savedTable as Dashboard['widgets'][number]);
    expect(rows.data).toEqual([
      { 'span.op': 'db', 'count(span.duration)': 3 },
      { 'span.op': 'http.server', 'count(span.duration)': 2 },
    ]);
    const series = await answerOf<StatsSeries>(savedLine as Dashboard['widgets'][number]);
    expect(total(series)).toBe(3);
  });

  it('refuses a search Explore cannot parse in its words', async () => {
    const reply = await check(
      widget('spans', 'table', { aggregates: ['count(span.duration)'], conditions: 'span.duration:>fast' }),
    );
    expect(reply.status).toBe(400);
    expect(reply.json).toMatchObject({
      queries: [{ conditions: ["Invalid conditions: Invalid query: '>' compares numbers, not 'fast'"] }],
    });
  });
});

describe('logs widgets', () => {
  it('counts the logs sent, by severity and over time', async () => {
    const big = widget('logs', 'big_number', { aggregates: ['count()'], conditions: 'severity:error' });
    const table = widget('logs', 'table', {
      columns: ['severity'],
      aggregates: ['count()'],
      orderby: '-count()',
    });
    const bars = widget('logs', 'bar', { aggregates: ['count()'] });
    const reply = await api(DASHBOARDS, {
      method: 'POST',
      body: { title: 'Logs', widgets: [big, table, bars] },
    });
    expect(reply.status, reply.body).toBe(201);
    const [savedBig, savedTable, savedBars] = (reply.json as Dashboard).widgets;
    expect((await answerOf<DiscoverTable>(savedBig as Dashboard['widgets'][number])).data).toEqual([
      { 'count()': 2 },
    ]);
    expect((await answerOf<DiscoverTable>(savedTable as Dashboard['widgets'][number])).data).toEqual([
      { severity: 'error', 'count()': 2 },
      { severity: 'info', 'count()': 1 },
    ]);
    expect(total(await answerOf<StatsSeries>(savedBars as Dashboard['widgets'][number]))).toBe(3);
  });

  it('refuses a field the logs dataset does not have', async () => {
    const reply = await check(
      widget('logs', 'table', { columns: ['severity'], aggregates: ['p95(nonsense'] }),
    );
    expect(reply.status).toBe(400);
    expect(reply.json).toMatchObject({ queries: [{ fields: expect.stringMatching(/^Invalid fields: /) }] });
  });
});
