/**
 * Dashboards over Sentry's web API (`/organizations/{org}/dashboards/`) on a real core fed by the real
 * @sentry/node SDK: the prebuilt General dashboard listed first, a dashboard created (201) with its
 * widgets and page filters, listed by title and sort, read, its widgets replaced by a PUT (kept by id,
 * created, deleted), deleted (204, then 404); Sentry's 400 bodies for bad ones (a widget's query
 * refused by Discover's own code in Discover's words), 409 for a taken title and for the last
 * dashboard, 403 for a project the organization lacks. A widget's requests (`widgetRequests`) count
 * what the SDK sent, and the RPC refuses the same bodies in the same words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import {
  type Dashboard,
  type DashboardListItem,
  type DashboardWidget,
  MAX_WIDGETS,
  widgetRequests,
} from '../../../src-shared/dashboards-api.ts';
import { discoverSearchParams, type StatsSeries } from '../../../src-shared/discover-api.ts';
import { sendWithSdk } from '../../e2e/fixtures/send.ts';
import { startCore } from '../../support/core.ts';
import { tempDir } from '../../support/serve.ts';
import { sentryApiClient } from './api-client.ts';

let core: Core;
const api = sentryApiClient(() => core);
const DASHBOARDS = '/api/0/organizations/faultline/dashboards/';

type RpcAnswer<T> = { result: T } | { error: { type: string; message: string } };

async function rpc<T>(method: string, params: unknown): Promise<RpcAnswer<T>> {
  const response = await fetch(`${core.url}/rpc/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-faultline-token': core.token ?? '' },
    body: JSON.stringify(params),
  });
  return (await response.json()) as RpcAnswer<T>;
}

const countWidget = (extra: Record<string, unknown> = {}) => ({
  title: 'Declines',
  displayType: 'big_number',
  widgetType: 'error-events',
  interval: '5m',
  queries: [{ name: '', fields: ['count()'], aggregates: ['count()'], columns: [], conditions: 'step:pay' }],
  ...extra,
});

const tableWidget = {
  title: 'By step',
  displayType: 'table',
  widgetType: 'discover',
  layout: { x: 0, y: 1, w: 2, h: 2, minH: 2 },
  queries: [
    {
      name: '',
      fields: ['step', 'count()'],
      aggregates: ['count()'],
      columns: ['step'],
      conditions: '',
      orderby: '-count()',
    },
  ],
};

async function create(body: Record<string, unknown>): Promise<Dashboard> {
  const reply = await api(DASHBOARDS, { method: 'POST', body });
  expect(reply.status, reply.body).toBe(201);
  return reply.json as Dashboard;
}

async function titles(search = ''): Promise<string[]> {
  const reply = await api(`${DASHBOARDS}?${search}`);
  expect(reply.status, reply.body).toBe(200);
  return (reply.json as DashboardListItem[]).map((d) => d.title);
}

async function refusal(body: unknown, path = DASHBOARDS, method = 'POST') {
  const reply = await api(path, { method, body });
  expect(reply.status, reply.body).toBe(400);
  return reply.json;
}

beforeAll(async () => {
  core = await startCore(tempDir(), { httpRpc: true });
  await sendWithSdk(core.ctx.projects.defaultDsn(1) ?? '', {
    environment: 'production',
    errors: [
      {
        name: 'PaymentDeclined',
        message: 'card declined',
        tags: { step: 'pay' },
        user: { id: '1', email: 'a@x.io' },
      },
      { name: 'PaymentDeclined', message: 'card declined again', tags: { step: 'pay' }, user: { id: '2' } },
      { name: 'PaymentDeclined', message: 'card declined thrice', tags: { step: 'pay' }, unhandled: true },
      {
        name: 'DatabaseDown',
        message: 'database connection refused',
        tags: { step: 'boot' },
        unhandled: true,
      },
    ],
  });
  await core.ctx.pipeline.call('pipeline.drain', {});
}, 60_000);
afterAll(() => core?.close());

describe('dashboards: Sentry’s list and the prebuilt General dashboard', () => {
  it('lists the General dashboard (default-overview) with its widgets’ visualizations before any is saved', async () => {
    const reply = await api(DASHBOARDS);
    expect(reply.status).toBe(200);
    const [general, ...rest] = reply.json as DashboardListItem[];
    expect(rest).toEqual([]);
    expect(general).toMatchObject({ id: 'default-overview', title: 'General', createdBy: null });
    expect(general?.widgetDisplay.slice(0, 3)).toEqual(['big_number', 'big_number', 'line']);
    expect(general?.widgetPreview[0]).toEqual({ displayType: 'big_number', layout: null });
    const details = await api(`${DASHBOARDS}default-overview/`);
    expect((details.json as Dashboard).widgets.map((w) => w.title)).toContain('Number of Errors');
  });

  it('has only widgets whose queries Discover runs: each passes Sentry’s widget check', async () => {
    const general = (await api(`${DASHBOARDS}default-overview/`)).json as Dashboard;
    for (const widget of general.widgets) {
      const { id: _id, queries, ...rest } = widget;
      const body = { ...rest, queries: queries.map(({ id: _q, widgetId: _w, ...q }) => q) };
      const reply = await api(`${DASHBOARDS}widgets/`, { method: 'POST', body });
      expect(reply.status, `${widget.title}: ${reply.body}`).toBe(200);
      expect(reply.json).toEqual({ warnings: { queries: [], columns: {} } });
    }
  });

  it('counts what the SDK sent through the General dashboard’s widgets, as the page asks Discover', async () => {
    const general = (await api(`${DASHBOARDS}default-overview/`)).json as Dashboard;
    const widget = (title: string) => general.widgets.find((w) => w.title === title) as DashboardWidget;
    const [errors] = widgetRequests(widget('Number of Errors'), { statsPeriod: '24h' });
    expect(errors?.kind).toBe('table');
    if (errors?.kind !== 'table') return;
    const table = await api(`/api/0/organizations/faultline/events/?${discoverSearchParams(errors.params)}`);
    expect((table.json as { data: Record<string, unknown>[] }).data).toEqual([{ 'count()': 4 }]);
    const handled = widgetRequests(widget('Handled vs. Unhandled'), { statsPeriod: '24h' });
    expect(handled.map((r) => r.name)).toEqual(['Handled : count()', 'Unhandled : count()']);
    const totals = [];
    for (const request of handled) {
      if (request.kind !== 'stats') continue;
      const answer = await rpc<StatsSeries>('discover.stats', request.params);
      if (!('result' in answer)) throw new Error(answer.error.message);
      totals.push(answer.result.data.reduce((sum, [, items]) => sum + Number(items[0]?.count ?? 0), 0));
    }
    expect(totals).toEqual([2, 2]);
  });
});

describe('dashboards: created, read, replaced and deleted as Sentry’s', () => {
  let saved: Dashboard;

  it('creates a dashboard with 201, its widgets, queries and page filters in Sentry’s JSON', async () => {
    saved = await create({
      title: 'Payments',
      projects: [1],
      environment: ['production'],
      period: '7d',
      widgets: [countWidget(), tableWidget],
    });
    expect(saved).toMatchObject({
      title: 'Payments',
      projects: [1],
      environment: ['production'],
      period: '7d',
      createdBy: null,
    });
    expect(saved.id).toMatch(/^\d+$/);
    const [count, table] = saved.widgets;
    expect(count).toMatchObject({
      title: 'Declines',
      displayType: 'big_number',
      interval: '5m',
      limit: null,
    });
    expect(count?.queries[0]).toMatchObject({
      conditions: 'step:pay',
      aggregates: ['count()'],
      widgetId: count?.id,
    });
    // Sentry's legacy `discover` widget type is taken as `error-events`.
    expect(table).toMatchObject({ widgetType: 'error-events', layout: { x: 0, y: 1, w: 2, h: 2, minH: 2 } });
    expect((await api(`${DASHBOARDS}${saved.id}/`)).json).toEqual(saved);
  });

  it('lists saved dashboards after General, by title or by creation, narrowed by a title search', async () => {
    await create({ title: 'Checkout' });
    expect(await titles()).toEqual(['General', 'Checkout', 'Payments']);
    expect(await titles('sort=-dateCreated')).toEqual(['General', 'Checkout', 'Payments']);
    expect(await titles('sort=dateCreated')).toEqual(['General', 'Payments', 'Checkout']);
    expect(await titles('query=PAY')).toEqual(['Payments']);
    expect(await titles('query=gen')).toEqual(['General']);
    const list = (await api(`${DASHBOARDS}?query=Payments`)).json as DashboardListItem[];
    expect(list[0]?.widgetDisplay).toEqual(['big_number', 'table']);
  });

  it('makes a taken title free on create as Sentry does (“copy”, then “copy 1”)', async () => {
    expect((await create({ title: 'Payments' })).title).toBe('Payments copy');
    expect((await create({ title: 'Payments' })).title).toBe('Payments copy 1');
  });

  it('replaces the widgets on PUT: kept by id and updated, new ones created, missing ones deleted', async () => {
    const [count, table] = saved.widgets as [DashboardWidget, DashboardWidget];
    const reply = await api(`${DASHBOARDS}${saved.id}/`, {
      method: 'PUT',
      body: {
        title: 'Payments',
        widgets: [
          { id: table.id, title: 'Steps', limit: 3 },
          countWidget({
            title: 'Boot failures',
            queries: [{ fields: ['count()'], conditions: 'step:boot' }],
          }),
        ],
      },
    });
    expect(reply.status, reply.body).toBe(200);
    const after = reply.json as Dashboard;
    expect(after.widgets.map((w) => w.title)).toEqual(['Steps', 'Boot failures']);
    expect(after.widgets[0]).toMatchObject({ id: table.id, limit: 3, displayType: 'table' });
    expect(after.widgets[0]?.queries).toEqual(table.queries);
    expect(after.widgets[1]?.id).not.toBe(count.id);
    expect(after.widgets[1]?.queries[0]).toMatchObject({ aggregates: ['count()'], columns: [] });
    expect(after.period).toBe('7d');
  });

  it('refuses a widget of another dashboard, and another dashboard’s title with 409', async () => {
    const other = await create({ title: 'Other', widgets: [countWidget()] });
    expect(
      await refusal({ widgets: [{ id: other.widgets[0]?.id }] }, `${DASHBOARDS}${saved.id}/`, 'PUT'),
    ).toEqual({ non_field_errors: ['You cannot update widgets that are not part of this dashboard.'] });
    const taken = await api(`${DASHBOARDS}${saved.id}/`, { method: 'PUT', body: { title: 'Other' } });
    expect(taken.status).toBe(409);
    expect(taken.json).toEqual({ detail: 'Dashboard with that title already exists.' });
  });

  it('deletes a dashboard with 204, then answers 404 for it', async () => {
    const doomed = await create({ title: 'Doomed' });
    expect((await api(`${DASHBOARDS}${doomed.id}/`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(`${DASHBOARDS}${doomed.id}/`)).status).toBe(404);
    expect((await api(`${DASHBOARDS}nope/`)).status).toBe(404);
    expect((await api('/api/0/organizations/other/dashboards/')).status).toBe(404);
  });
});

describe('dashboards: Sentry’s refusals', () => {
  it('answers DRF’s field errors for a body without a title or with bad widgets', async () => {
    expect(await refusal({})).toEqual({ title: ['This field is required.'] });
    expect(await refusal({ title: 'x', widgets: [{ title: 'w', displayType: 'line' }] })).toEqual({
      widgets: [{ queries: 'One or more queries are required to create a widget' }],
    });
    expect(
      await refusal({
        title: 'x',
        widgets: [countWidget({ limit: 11, displayType: 'pie', interval: 'soon' })],
      }),
    ).toEqual({
      widgets: [
        {
          displayType: ['"pie" is not a valid choice.'],
          interval: ['Invalid interval'],
          limit: ['Ensure this value is less than or equal to 10.'],
        },
      ],
    });
    expect(await refusal({ title: 'x', widgets: [countWidget({ layout: { x: 0, y: 0 } })] })).toEqual({
      widgets: [{ layout: ['Missing required keys: h, minH, w'] }],
    });
    expect(await refusal({ title: 'x', widgets: [countWidget({ queries: [{ name: 'q' }] })] })).toEqual({
      widgets: [
        {
          queries: [
            {
              fields: 'fields are required during creation.',
              conditions: 'conditions are required during creation.',
            },
          ],
        },
      ],
    });
  });

  it('refuses more than Sentry’s 30 widgets and a start after the end', async () => {
    const widgets = Array.from({ length: MAX_WIDGETS + 1 }, () => countWidget());
    expect(await refusal({ title: 'Many', widgets })).toEqual({
      non_field_errors: [`Number of widgets must be less than ${MAX_WIDGETS}`],
    });
    expect(await refusal({ title: 'x', start: '2024-02-01T00:00:00Z', end: '2024-01-01T00:00:00Z' })).toEqual(
      {
        non_field_errors: ['start must be before end'],
      },
    );
  });

  it('refuses a query Discover refuses, in Discover’s words, under its widget and query', async () => {
    const bad = await refusal({
      title: 'x',
      widgets: [
        countWidget(),
        countWidget({ queries: [{ fields: ['count()'], conditions: 'is:unresolved' }] }),
        countWidget({ queries: [{ fields: ['nope_fn(step)'], conditions: '' }] }),
      ],
    });
    const [first, second, third] = (bad as { widgets: { queries?: Record<string, unknown>[] }[] }).widgets;
    expect(first).toEqual({});
    expect(String(second?.queries?.[0]?.conditions)).toMatch(/^Invalid conditions: .+/);
    expect(String(third?.queries?.[0]?.fields)).toMatch(/^Invalid fields: .+/);
    expect(await titles('query=x')).toEqual([]);
  });

  it('checks a lone widget at …/dashboards/widgets/: 400 with its errors and the warnings', async () => {
    const reply = await api(`${DASHBOARDS}widgets/`, {
      method: 'POST',
      body: countWidget({ queries: [{ fields: ['count()'], conditions: 'step:pay', orderby: 'nope' }] }),
    });
    expect(reply.status).toBe(400);
    const body = reply.json as { queries: Record<string, string>[]; warnings: unknown };
    expect(body.queries[0]?.orderby).toMatch(/^Invalid orderby: .+/);
    expect(body.warnings).toEqual({ queries: [], columns: {} });
  });

  it('answers 403 for a project the organization does not have', async () => {
    const reply = await api(DASHBOARDS, { method: 'POST', body: { title: 'x', projects: [999] } });
    expect(reply.status).toBe(403);
  });

  it('refuses over the RPC the body the web API refuses, in the same words', async () => {
    const answer = await rpc('dashboards.create', {
      body: { title: 'x', widgets: [countWidget({ limit: 0 })] },
    });
    expect(answer).toEqual({
      error: {
        type: 'invalid_params',
        message: 'widgets[0][limit]: Ensure this value is greater than or equal to 1.',
      },
    });
  });
});

describe('dashboards: the prebuilt one replaced and the last one kept', () => {
  it('saves General as a new dashboard on PUT, listed instead of it, and keeps the last dashboard (409)', async () => {
    const reply = await api(`${DASHBOARDS}default-overview/`, {
      method: 'PUT',
      body: { title: 'My General' },
    });
    expect(reply.status, reply.body).toBe(200);
    const copy = reply.json as Dashboard;
    expect(copy.id).toMatch(/^\d+$/);
    expect(copy.widgets.map((w) => w.title)).toContain('Number of Errors');
    expect(await titles()).not.toContain('General');
    expect((await api(`${DASHBOARDS}default-overview/`)).status).toBe(404);
    for (const item of (await api(DASHBOARDS)).json as DashboardListItem[])
      if (item.id !== copy.id)
        expect((await api(`${DASHBOARDS}${item.id}/`, { method: 'DELETE' })).status).toBe(204);
    const last = await api(`${DASHBOARDS}${copy.id}/`, { method: 'DELETE' });
    expect(last.status).toBe(409);
    expect(last.json).toEqual({ detail: 'Cannot delete last Dashboard.' });
  });
});
