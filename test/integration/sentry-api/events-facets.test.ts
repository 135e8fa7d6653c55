/**
 * Discover's tag summary, Sentry's `GET /organizations/{org}/events-facets/`, and the count of a query's
 * events, `GET /organizations/{org}/events-meta/`, on a real core fed by @sentry/node in two projects:
 * the keys, their top values and counts as sent, Sentry's order and pages of keys, the project facet,
 * the query, environment and project filters, Sentry's refusals; `discover.facets` answers the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { type DiscoverFacetsQuery, discoverSearchParams } from '../../../src-shared/discover-api.ts';
import { sendWithSdk } from '../../e2e/fixtures/send.ts';
import { startCore } from '../../support/core.ts';
import { tempDir } from '../../support/serve.ts';
import { sendTransactionsWithSdk } from '../../support/transactions.ts';
import { sentryApiClient } from './api-client.ts';

let core: Core;
let secondId: number;
const api = sentryApiClient(() => core);

interface Facet {
  key: string;
  topValues: { name: string; value: string | number; count: number }[];
}

async function facets(params: Record<string, string | string[]>) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params))
    for (const one of Array.isArray(value) ? value : [value]) search.append(name, one);
  return api(`/api/0/organizations/faultline/events-facets/?${search}`);
}

async function facetList(params: Record<string, string | string[]>): Promise<Facet[]> {
  const reply = await facets(params);
  expect(reply.status, reply.body).toBe(200);
  return reply.json as Facet[];
}

const facetOf = (list: Facet[], key: string) => list.find((f) => f.key === key);
const counts = (facet: Facet | undefined) => facet?.topValues.map((v) => [v.value, v.count]);

async function rpc(method: string, params: unknown) {
  const response = await fetch(`${core.url}/rpc/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-faultline-token': core.token ?? '' },
    body: JSON.stringify(params),
  });
  return (await response.json()) as
    | { result: { facets: Facet[]; links: unknown } }
    | { error: { type: string; message: string } };
}

// What was sent, counted by the test from the specs themselves.
const production = [
  { name: 'PaymentDeclined', message: 'card declined', tags: { step: 'pay' }, user: { id: '7' } },
  { name: 'PaymentDeclined', message: 'declined again', tags: { step: 'pay' }, user: { id: '8' } },
  { name: 'PaymentDeclined', message: 'declined thrice', tags: { step: 'pay' }, user: { id: '7' } },
  { name: 'PaymentDeclined', message: 'declined at confirm', tags: { step: 'confirm' }, user: { id: '7' } },
  { name: 'DatabaseDown', message: 'database refused', level: 'warning' as const },
];
const staging = [
  { name: 'CacheMiss', message: 'cache cold', tags: { step: 'pay', region: 'eu west' } },
  { name: 'CacheMiss', message: 'cache cold again', tags: { step: 'ship', region: 'eu west' } },
];
const second = [{ name: 'Timeout', message: 'upstream timeout', tags: { step: 'ship' } }];

beforeAll(async () => {
  core = await startCore(tempDir(), { httpRpc: true });
  secondId = core.ctx.projects.create({ name: 'Second', slug: 'second' }).id;
  const dsn = core.ctx.projects.defaultDsn(1) ?? '';
  await sendWithSdk(dsn, { environment: 'production', release: 'shop@1.0.0', errors: production });
  await sendWithSdk(dsn, { environment: 'staging', release: 'shop@1.1.0', errors: staging });
  await sendWithSdk(core.ctx.projects.defaultDsn(secondId) ?? '', {
    environment: 'production',
    errors: second,
  });
  await sendTransactionsWithSdk(
    dsn,
    'static',
    [
      { name: 'GET /orders', op: 'http.server', tags: { tier: 'gold' } },
      { name: 'GET /orders', op: 'http.server', tags: { tier: 'silver' } },
      { name: 'POST /pay', op: 'http.server', tags: { tier: 'gold' } },
    ],
    'production',
  );
  await core.ctx.pipeline.call('pipeline.drain', {});
}, 90_000);
afterAll(() => core?.close());

describe('events-facets: the tag summary of the errors', () => {
  it('lists each tag with its values by count, as sent, and the project facet over two projects', async () => {
    const list = await facetList({ includeAll: '1', statsPeriod: '1h' });
    const all = [...production, ...staging, ...second];
    const steps = new Map<string, number>();
    // An event without the tag has no value of it.
    for (const step of all.flatMap((e) => (e.tags?.step ? [e.tags.step] : [])))
      steps.set(step, (steps.get(step) ?? 0) + 1);
    expect(counts(facetOf(list, 'step'))).toEqual(
      [...steps].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
    );
    expect(counts(facetOf(list, 'environment'))).toEqual([
      ['production', production.length + second.length],
      ['staging', staging.length],
    ]);
    expect(counts(facetOf(list, 'level'))).toEqual([
      ['error', all.length - 1],
      ['warning', 1],
    ]);
    expect(counts(facetOf(list, 'region'))).toEqual([['eu west', 2]]);
    // Sentry's `sentry:user` and `sentry:release` keys lose their prefix; a user value's name its kind.
    expect(facetOf(list, 'user')?.topValues).toEqual([
      { name: '7', value: 'id:7', count: 3 },
      { name: '8', value: 'id:8', count: 1 },
    ]);
    expect(counts(facetOf(list, 'release'))).toEqual([
      ['shop@1.0.0', production.length],
      ['shop@1.1.0', staging.length],
    ]);
    // The project facet: ids as values, slugs as names, most events first; it leads the list.
    expect(list[0]).toEqual({
      key: 'project',
      topValues: [
        { name: 'default', value: 1, count: production.length + staging.length },
        { name: 'second', value: secondId, count: second.length },
      ],
    });
    expect(list.filter((f) => f.key === 'project')).toHaveLength(1);
  });

  it("narrows to the query's events, its environment and its project", async () => {
    const paid = await facetList({ includeAll: '1', query: 'step:pay' });
    expect(counts(facetOf(paid, 'step'))).toEqual([['pay', 4]]);
    expect(counts(facetOf(paid, 'environment'))).toEqual([
      ['production', 3],
      ['staging', 1],
    ]);
    const inStaging = await facetList({ includeAll: '1', environment: 'staging' });
    expect(counts(facetOf(inStaging, 'environment'))).toEqual([['staging', 2]]);
    expect(counts(facetOf(inStaging, 'step'))).toEqual([
      ['pay', 1],
      ['ship', 1],
    ]);
    const ofSecond = await facetList({ includeAll: '1', project: String(secondId) });
    expect(counts(facetOf(ofSecond, 'step'))).toEqual([['ship', 1]]);
    // One project: no project facet.
    expect(facetOf(ofSecond, 'project')).toBeUndefined();
    // A value's `key:value`, as the tag summary's links search it, selects that value's events.
    const ofUser = await facetList({ includeAll: '1', query: 'user:id:7' });
    expect(counts(facetOf(ofUser, 'user'))).toEqual([['id:7', 3]]);
    const ofRegion = await facetList({ includeAll: '1', query: 'region:"eu west"' });
    expect(counts(facetOf(ofRegion, 'step'))).toEqual([
      ['pay', 1],
      ['ship', 1],
    ]);
    const none = await facetList({ includeAll: '1', query: 'step:nowhere' });
    expect(none).toEqual([]);
  });

  it('pages the keys by frequency, each page sorted by key, with Sentry’s cursors', async () => {
    const all = await facetList({ includeAll: '1', project: '1' });
    const total = (f: Facet) => f.topValues.reduce((sum, v) => sum + v.count, 0);
    const byFrequency = [...all]
      .sort((a, b) => total(b) - total(a) || (a.key < b.key ? -1 : 1))
      .map((f) => f.key);
    expect(byFrequency.length).toBeGreaterThan(4);
    const pages: string[][] = [];
    let cursor: string | undefined;
    for (;;) {
      const reply = await facets({ project: '1', per_page: '3', ...(cursor ? { cursor } : {}) });
      expect(reply.status, reply.body).toBe(200);
      const keys = (reply.json as Facet[]).map((f) => f.key);
      expect(keys).toEqual([...keys].sort());
      pages.push(keys);
      const next = /rel="next"; results="(true|false)"; cursor="([^"]+)"/.exec(String(reply.headers.link));
      expect(next?.[2]).toBe(`0:${pages.length * 3}:0`);
      if (next?.[1] !== 'true') break;
      cursor = next[2];
    }
    expect(pages.flat()).toEqual(pages.flatMap((_, i) => byFrequency.slice(i * 3, i * 3 + 3).sort()));
    expect(pages.flat()).toHaveLength(byFrequency.length);
  });

  it('gives the project facet the place of the first page’s last key, and lists every key once over the pages', async () => {
    const first = await facetList({ per_page: '4' });
    expect(first.map((f) => f.key)).toContain('project');
    expect(first).toHaveLength(4);
    const all = (await facetList({ includeAll: '1' })).map((f) => f.key);
    const seen: string[] = [];
    for (let offset = 0; ; offset += 4) {
      const reply = await facets({ per_page: '4', cursor: `0:${offset}:0` });
      seen.push(...(reply.json as Facet[]).map((f) => f.key));
      if (!String(reply.headers.link).includes('rel="next"; results="true"')) break;
    }
    expect([...seen].sort()).toEqual([...all].sort());
  });

  it.each<[string, Record<string, string>, number, RegExp]>([
    ['an unknown dataset', { dataset: 'nope' }, 400, /^dataset must be one of: discover, errors/],
    ['a page too large', { per_page: '101' }, 400, /^Invalid per_page parameter. Max is 100$/],
    ['a cursor that is none', { cursor: 'soon' }, 400, /^Invalid cursor parameter\.$/],
    ['a search that does not parse', { query: 'level:error OR' }, 400, /OR/],
    ['an environment the organization does not have', { environment: 'moon' }, 404, /does not exist/],
    [
      'the spans dataset, whose attributes are not tags',
      { dataset: 'spans' },
      400,
      /spans dataset has no tag facets/,
    ],
  ])("refuses %s with Sentry's status", async (_name, params, status, detail) => {
    const reply = await facets(params);
    expect(reply.status, reply.body).toBe(status);
    expect((reply.json as { detail: string }).detail).toMatch(detail);
  });
});

describe('events-facets of transactions, events-meta, and the app', () => {
  it("counts the transactions' tags", async () => {
    const list = await facetList({ dataset: 'transactions', includeAll: '1', project: '1' });
    expect(counts(facetOf(list, 'tier'))).toEqual([
      ['gold', 2],
      ['silver', 1],
    ]);
    expect(counts(facetOf(list, 'transaction'))).toEqual([
      ['GET /orders', 2],
      ['POST /pay', 1],
    ]);
    const narrowed = await facetList({
      dataset: 'transactions',
      includeAll: '1',
      project: '1',
      query: 'tier:gold',
    });
    expect(counts(facetOf(narrowed, 'transaction'))).toEqual([
      ['GET /orders', 1],
      ['POST /pay', 1],
    ]);
  });

  it("events-meta answers the count of the query's events", async () => {
    const count = async (params: Record<string, string>) => {
      const reply = await api(`/api/0/organizations/faultline/events-meta/?${new URLSearchParams(params)}`);
      expect(reply.status, reply.body).toBe(200);
      return (reply.json as { count: number }).count;
    };
    expect(await count({})).toBe(production.length + staging.length + second.length);
    expect(await count({ query: 'step:pay', environment: 'production' })).toBe(3);
    expect(await count({ dataset: 'transactions', query: 'tier:gold' })).toBe(2);
  });

  it.each<[string, DiscoverFacetsQuery]>([
    ['every key', { includeAll: true }],
    ['a page of keys over two projects', { perPage: 4 }],
    ['a later page', { perPage: 3, cursor: '0:3:0', project: [1] }],
    ['a narrowed search', { query: 'step:pay OR region:"eu west"', environment: ['staging'] }],
  ])('discover.facets answers %s as the web API does', async (_name, query) => {
    const web = await api(`/api/0/organizations/faultline/events-facets/?${discoverSearchParams(query)}`);
    const app = await rpc('discover.facets', query);
    expect(web.status, web.body).toBe(200);
    if (!('result' in app)) throw new Error(app.error.message);
    expect((web.json as Facet[]).length).toBeGreaterThan(0);
    expect(app.result.facets).toEqual(web.json);
  });

  it('discover.facets refuses what the web API refuses, in its words', async () => {
    const web = await api('/api/0/organizations/faultline/events-facets/?query=level%3Aerror%20OR');
    const app = await rpc('discover.facets', { query: 'level:error OR' });
    expect(app).toEqual({
      error: { type: 'invalid_query', message: (web.json as { detail: string }).detail },
    });
  });
});
