/**
 * The app's Discover page (`discover.events` over the HTTP RPC) and Sentry's web API
 * (`GET /organizations/{org}/events/`) are one path: on a real core fed by @sentry/node (errors,
 * transactions, logs), the same request answers the same rows, meta and pages on both, and the same
 * refusal in the same words. `discover.datasets` offers what the endpoint serves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { type DiscoverQuery, discoverSearchParams } from '../../../src-shared/discover-api.ts';
import { sendWithSdk } from '../../e2e/fixtures/send.ts';
import { startCore } from '../../support/core.ts';
import { sendLogsWithSdk } from '../../support/logs.ts';
import { tempDir } from '../../support/serve.ts';
import { sendTransactionsWithSdk } from '../../support/transactions.ts';
import { sentryApiClient } from './api-client.ts';

let core: Core;
const api = sentryApiClient(() => core);

type RpcAnswer = { result: Record<string, unknown> } | { error: { type: string; message: string } };

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

beforeAll(async () => {
  core = await startCore(tempDir(), { httpRpc: true });
  const dsn = core.ctx.projects.defaultDsn(1) ?? '';
  await sendWithSdk(dsn, {
    environment: 'production',
    errors: [
      { name: 'PaymentDeclined', message: 'card declined', tags: { step: 'pay' }, user: { id: '7' } },
      { name: 'PaymentDeclined', message: 'card declined again', tags: { step: 'pay' }, user: { id: '8' } },
      { name: 'PaymentDeclined', message: 'declined thrice', tags: { step: 'confirm' }, user: { id: '7' } },
      { name: 'DatabaseDown', message: 'database connection refused', level: 'warning' },
    ],
  });
  await sendWithSdk(dsn, {
    environment: 'staging',
    errors: [{ name: 'CacheMiss', message: 'cache cold', tags: { step: 'pay' } }],
  });
  await sendTransactionsWithSdk(dsn, 'static', [
    {
      name: 'GET /orders',
      op: 'http.server',
      children: [{ name: 'SELECT * FROM orders', op: 'db', ms: 40 }],
    },
  ]);
  await sendLogsWithSdk(dsn, [
    [{ level: 'warn', message: 'memory usage high', attributes: { heap_mb: 900 } }],
  ]);
  await core.ctx.pipeline.call('pipeline.drain', {});
}, 90_000);
afterAll(() => core?.close());

describe('Discover in the app and in the web API', () => {
  const requests: [string, DiscoverQuery][] = [
    [
      'an aggregate grouped by a tag, sorted',
      { field: ['step', 'count()', 'count_unique(user)'], sort: ['-count()', 'step'], statsPeriod: '1h' },
    ],
    [
      'an event table searched with OR, in one environment',
      {
        field: ['id', 'title', 'issue', 'trace', 'timestamp'],
        query: 'error.type:DatabaseDown OR step:confirm',
        environment: ['production'],
        sort: ['title'],
      },
    ],
    ['a second page', { field: ['title', 'timestamp'], sort: ['-timestamp'], perPage: 2, cursor: '2:1:0' }],
    [
      'the spans dataset',
      { dataset: 'spans', field: ['span.op', 'count()', 'avg(span.duration)'], sort: ['span.op'] },
    ],
    ['the logs dataset', { dataset: 'ourlogs', field: ['severity', 'message'], query: 'heap_mb:>500' }],
  ];

  it.each(requests)('%s: the same rows and meta on both paths', async (_name, query) => {
    const { web, app } = await both(query);
    expect(web.status, web.body).toBe(200);
    if (!('result' in app)) throw new Error(`discover.events failed: ${app.error.message}`);
    const body = web.json as { data: unknown[]; meta: unknown };
    expect(body.data.length).toBeGreaterThan(0);
    expect(app.result.data).toEqual(body.data);
    expect(app.result.meta).toEqual(body.meta);
    // The page's cursors are the Link header's.
    const next = /rel="next"; results="(true|false)"; cursor="([^"]+)"/.exec(String(web.headers.link ?? ''));
    expect(app.result.links).toMatchObject({ next: { cursor: next?.[2], results: next?.[1] === 'true' } });
  });

  it('answers the numbers sent: a tag grouped, counted and its users counted', async () => {
    const { app } = await both(requests[0]?.[1] ?? { field: [] });
    if (!('result' in app)) throw new Error(app.error.message);
    expect(app.result.data).toEqual([
      { step: 'pay', 'count()': 3, 'count_unique(user)': 2 },
      // An event without the tag groups under the empty value, as Sentry's does.
      { step: '', 'count()': 1, 'count_unique(user)': 0 },
      { step: 'confirm', 'count()': 1, 'count_unique(user)': 1 },
    ]);
    expect(app.result.snql).toMatch(/^MATCH \(events\) SELECT count\(\) AS f1/);
  });

  it.each<[string, DiscoverQuery]>([
    ['an unknown function', { field: ['median(user)'] }],
    ['a sort by a column not selected', { field: ['title'], sort: ['-level'] }],
    ['an operator with nothing on its right', { field: ['title'], query: 'level:error OR' }],
    ['an unknown dataset', { dataset: 'nope', field: ['title'] }],
    ['a bad period', { field: ['title'], statsPeriod: 'soon' }],
    ['no columns', { field: [] }],
    ['an issue: of no issue', { field: ['title'], query: 'issue:DEFAULT-ZZZZ' }],
    ['a non-numeric issue.id:', { field: ['title'], query: 'issue.id:abc' }],
  ])("refuses %s with Sentry's 400 in the same words", async (_name, query) => {
    const { web, app } = await both(query);
    expect(web.status).toBe(400);
    expect(app).toEqual({
      error: { type: 'invalid_query', message: (web.json as { detail: string }).detail },
    });
  });

  it('an environment the organization does not have is not found on both', async () => {
    const { web, app } = await both({ field: ['title'], environment: ['nowhere'] });
    expect(web.status).toBe(404);
    expect('error' in app && app.error.type).toBe('not_found');
  });

  it("offers the endpoint's datasets with their columns and the functions its parser takes", async () => {
    const answer = await rpc('discover.datasets', {});
    if (!('result' in answer)) throw new Error(answer.error.message);
    const datasets = answer.result as unknown as {
      name: string;
      aliases: string[];
      columns: string[];
      functions: { name: string; argument: string; fields: string[] }[];
    }[];
    expect(datasets.map((d) => [d.name, d.aliases])).toEqual([
      ['errors', ['discover']],
      ['spans', []],
      ['logs', ['ourlogs']],
      ['transactions', ['metricsEnhanced']],
    ]);
    const errors = datasets[0];
    const spans = datasets[1];
    expect(errors?.columns).toContain('user.display');
    expect(errors?.functions.map((f) => f.name)).toEqual([
      'count',
      'count_unique',
      'count_if',
      'last_seen',
      'first_seen',
      'epm',
      'eps',
    ]);
    expect(errors?.functions.find((f) => f.name === 'count_if')?.argument).toBe('condition');
    const p95 = spans?.functions.find((f) => f.name === 'p95');
    expect(p95?.argument).toBe('field');
    expect(p95?.fields).toContain('span.duration');
    expect(p95?.fields).not.toContain('span.op');
    expect(spans?.functions.map((f) => f.name)).toContain('failure_rate');
    const transactions = datasets[3];
    expect(transactions?.columns).toContain('transaction.duration');
    // The transactions parser takes `p95()` bare (of transaction.duration) and `apdex()` as Sentry does.
    expect(transactions?.functions.find((f) => f.name === 'p95')?.argument).toBe('none');
    expect(transactions?.functions.map((f) => f.name)).toEqual(
      expect.arrayContaining(['count', 'failure_rate', 'failure_count', 'apdex', 'user_misery', 'tpm']),
    );
  });
});
