/**
 * Discover's equations on Sentry's web API (`GET /organizations/{org}/events/` and `/events-stats/`)
 * and the app's RPC (`discover.events`, `discover.stats`), on a real core fed by @sentry/node: an
 * equation column named by its field and typed `number`, worked out from the functions' (or fields')
 * own values, division by zero as null; sorted by `equation[N]` or by its text; a chart's `yAxis`;
 * refused with Sentry's 400 in the same words on both paths.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import {
  type DiscoverQuery,
  discoverSearchParams,
  type StatsQuery,
  statsSearchParams,
} from '../../../src-shared/discover-api.ts';
import { sendWithSdk } from '../../e2e/fixtures/send.ts';
import { startCore } from '../../support/core.ts';
import { tempDir } from '../../support/serve.ts';
import { sendTransactionsWithSdk } from '../../support/transactions.ts';
import { sentryApiClient } from './api-client.ts';

let core: Core;
const api = sentryApiClient(() => core);

type RpcAnswer = { result: Record<string, unknown> } | { error: { type: string; message: string } };
type Table = { data: Record<string, unknown>[]; meta: { fields: Record<string, string> } };

async function rpc(method: string, params: unknown): Promise<RpcAnswer> {
  const response = await fetch(`${core.url}/rpc/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-faultline-token': core.token ?? '' },
    body: JSON.stringify(params),
  });
  return (await response.json()) as RpcAnswer;
}

async function both(query: DiscoverQuery) {
  const web = await api(`/api/0/organizations/faultline/events/?${discoverSearchParams(query)}`);
  const app = await rpc('discover.events', query);
  return { web, app };
}

async function table(query: DiscoverQuery): Promise<Table> {
  const { web, app } = await both(query);
  expect(web.status, web.body).toBe(200);
  if (!('result' in app)) throw new Error(`discover.events failed: ${app.error.message}`);
  const body = web.json as Table;
  expect(app.result.data).toEqual(body.data);
  expect(app.result.meta).toEqual(body.meta);
  return body;
}

const RATIO = 'equation|count() / count_unique(user)';

beforeAll(async () => {
  core = await startCore(tempDir(), { httpRpc: true });
  const dsn = core.ctx.projects.defaultDsn(1) ?? '';
  await sendWithSdk(dsn, {
    errors: [
      { name: 'PaymentDeclined', message: 'card declined', tags: { step: 'pay' }, user: { id: '7' } },
      { name: 'PaymentDeclined', message: 'card declined again', tags: { step: 'pay' }, user: { id: '8' } },
      { name: 'PaymentDeclined', message: 'declined thrice', tags: { step: 'pay' }, user: { id: '7' } },
      { name: 'PaymentDeclined', message: 'declined once more', tags: { step: 'pay' }, user: { id: '7' } },
      { name: 'DatabaseDown', message: 'database connection refused', tags: { step: 'confirm' } },
    ],
  });
  await sendTransactionsWithSdk(dsn, 'static', [
    { name: 'GET /fast', op: 'http.server', ms: 10, user: { id: '1' } },
    { name: 'GET /fast', op: 'http.server', ms: 20, user: { id: '2' } },
    { name: 'POST /slow', op: 'http.server', ms: 400, user: { id: '1' } },
  ]);
  await core.ctx.pipeline.call('pipeline.drain', {});
}, 90_000);
afterAll(() => core?.close());

describe('an equation column of the events table', () => {
  it('is worked out from the selected functions, named by its field and typed number', async () => {
    const body = await table({
      field: ['step', 'count()', 'count_unique(user)', RATIO],
      sort: ['step'],
      statsPeriod: '1h',
    });
    expect(body.meta.fields[RATIO]).toBe('number');
    // pay: 4 events by 2 users; confirm: 1 event without a user (no users: no value).
    expect(body.data).toEqual([
      { step: 'confirm', 'count()': 1, 'count_unique(user)': 0, [RATIO]: null },
      { step: 'pay', 'count()': 4, 'count_unique(user)': 2, [RATIO]: 2 },
    ]);
  });

  it('sorts by equation[N] and by its text, either way', async () => {
    const fields = ['step', 'count()', 'equation|count() * 10 - 5'];
    const descending = await table({ field: fields, sort: ['-equation[0]'], statsPeriod: '1h' });
    expect(descending.data.map((row) => row['equation|count() * 10 - 5'])).toEqual([35, 5]);
    const ascending = await table({ field: fields, sort: ['equation|count() * 10 - 5'], statsPeriod: '1h' });
    expect(ascending.data.map((row) => row.step)).toEqual(['confirm', 'pay']);
  });

  it('on the transactions dataset: over functions, and over a field of each row', async () => {
    const grouped = await table({
      dataset: 'transactions',
      field: [
        'transaction',
        'count()',
        'avg(transaction.duration)',
        'equation|avg(transaction.duration) / count()',
      ],
      sort: ['-equation[0]'],
      statsPeriod: '1h',
    });
    const byName = Object.fromEntries(grouped.data.map((row) => [row.transaction, row]));
    const ratio = (name: string) => {
      const row = byName[name] ?? {};
      return Number(row['avg(transaction.duration)']) / Number(row['count()']);
    };
    expect(grouped.data.map((row) => row.transaction)).toEqual(['POST /slow', 'GET /fast']);
    expect(byName['GET /fast']?.['equation|avg(transaction.duration) / count()']).toBeCloseTo(
      ratio('GET /fast'),
    );
    const rows = await table({
      dataset: 'transactions',
      field: ['transaction', 'transaction.duration', 'equation|transaction.duration * 2'],
      sort: ['-transaction.duration'],
      statsPeriod: '1h',
    });
    expect(rows.meta.fields['equation|transaction.duration * 2']).toBe('number');
    for (const row of rows.data)
      expect(row['equation|transaction.duration * 2']).toBeCloseTo(Number(row['transaction.duration']) * 2);
  });

  it.each<[string, DiscoverQuery, string]>([
    [
      'a function it reads not selected',
      { field: ['step', 'equation|count() * 2'] },
      'count() used in an equation but is not a selected function',
    ],
    [
      'fields and functions mixed',
      { field: ['count()', 'transaction.duration', 'equation|count() + transaction.duration'] },
      'Cannot mix functions and fields in arithmetic',
    ],
    [
      'a literal division by zero',
      { field: ['count()', 'equation|count() / 0'] },
      'division by 0 is not allowed',
    ],
    [
      'arithmetic that is not well formed',
      { field: ['count()', 'equation|count() +'] },
      'Unable to parse your equation, make sure it is well formed arithmetic',
    ],
    [
      'a function Sentry keeps out of arithmetic',
      { field: ['last_seen()', 'equation|last_seen() + 1'] },
      'last_seen not allowed in arithmetic',
    ],
    [
      'numbers alone',
      { field: ['count()', 'equation|1 + 1'] },
      'Equations need to include a field or function',
    ],
    [
      'too many operators',
      { field: ['count()', `equation|${Array.from({ length: 11 }, () => 'count()').join(' + ')} + 1`] },
      'Exceeded maximum number of operations',
    ],
    [
      'a sort by an empty equation',
      { field: ['count()'], sort: ['-equation|'] },
      'Cannot sort by an empty equation',
    ],
    [
      'a sort by an equation that is not there',
      { field: ['count()', 'equation|count() * 2'], sort: ['equation[1]'] },
      'Cannot sort by a field that is not selected.',
    ],
  ])("refuses %s with Sentry's 400 in the same words on both paths", async (_name, query, detail) => {
    const { web, app } = await both({ statsPeriod: '1h', ...query });
    expect(web.status).toBe(400);
    expect(web.json).toEqual({ detail });
    expect(app).toEqual({ error: { type: 'invalid_query', message: detail } });
  });
});

describe('an equation as the yAxis of events-stats', () => {
  type Point = [number, { count: number | null }[]];
  async function stats(query: StatsQuery) {
    const web = await api(`/api/0/organizations/faultline/events-stats/?${statsSearchParams(query)}`);
    const app = await rpc('discover.stats', query);
    return { web, app };
  }

  it('charts the equation of its functions, which need not be selected, the same on both paths', async () => {
    const query: StatsQuery = {
      yAxis: ['count()', 'equation|count() * 2'],
      statsPeriod: '1h',
      interval: '1h',
      partial: true,
    };
    const { web, app } = await stats(query);
    expect(web.status, web.body).toBe(200);
    if (!('result' in app)) throw new Error(app.error.message);
    const body = web.json as Record<string, { data: Point[]; meta: { fields: Record<string, string> } }>;
    expect(app.result).toEqual(body);
    const total = (key: string) =>
      (body[key]?.data ?? []).reduce((sum, [, [item]]) => sum + Number(item?.count ?? 0), 0);
    expect(total('count()')).toBe(5);
    expect(total('equation|count() * 2')).toBe(10);
    expect(body['equation|count() * 2']?.meta.fields['equation|count() * 2']).toBe('number');
  });

  it('charts an equation on the transactions dataset', async () => {
    const { web } = await stats({
      dataset: 'transactions',
      yAxis: ['equation|count() + 1'],
      statsPeriod: '1h',
      interval: '1h',
      partial: true,
    });
    expect(web.status, web.body).toBe(200);
    const counts = (web.json as { data: Point[] }).data.flatMap(([, [item]]) =>
      item?.count ? [item.count] : [],
    );
    // Each bucket with transactions has count() + 1; the buckets without any have no rows, so 0.
    expect(counts.reduce((a, b) => a + b, 0)).toBe(3 + counts.length);
  });

  it("refuses an equation of fields alone as a yAxis, with Sentry's words", async () => {
    const { web, app } = await stats({
      dataset: 'transactions',
      yAxis: ['equation|transaction.duration * 2'],
      statsPeriod: '1h',
    });
    expect(web.status).toBe(400);
    expect(web.json).toEqual({ detail: 'Only equations on aggregate functions are supported' });
    expect(app).toEqual({
      error: { type: 'invalid_query', message: 'Only equations on aggregate functions are supported' },
    });
  });
});
