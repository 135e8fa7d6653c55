/**
 * Explore's saved queries over Sentry's web API (`/organizations/{org}/explore/saved/`) on a real
 * core: created (201) in Sentry's JSON, listed with `query`, `sortBy` and `starred=1` and paged by
 * cursors, read, replaced (PUT), deleted (204, then 404), starred and unstarred (200, or 204 when
 * nothing changed) in the order they were starred; Sentry's 400 bodies for bad ones (a search the
 * spans search cannot parse among them, with the parser's reason), 403 for a project the
 * organization lacks. `explore.saved.*` over the HTTP RPC shares the store and refuses in the same words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import type { ExploreSavedQuery } from '../../../src-shared/explore-saved-api.ts';
import { startCore } from '../../support/core.ts';
import { tempDir } from '../../support/serve.ts';
import { sentryApiClient } from './api-client.ts';

let core: Core;
const api = sentryApiClient(() => core);
const SAVED = '/api/0/organizations/faultline/explore/saved/';

type RpcAnswer<T> = { result: T } | { error: { type: string; message: string } };

async function rpc<T>(method: string, params: unknown): Promise<RpcAnswer<T>> {
  const response = await fetch(`${core.url}/rpc/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-faultline-token': core.token ?? '' },
    body: JSON.stringify(params),
  });
  return (await response.json()) as RpcAnswer<T>;
}

const spansQuery = (extra: Record<string, unknown> = {}) => ({
  mode: 'aggregate',
  fields: ['id', 'span.op', 'span.duration', 'timestamp'],
  orderby: '-timestamp',
  groupby: ['span.op'],
  query: 'span.op:db*',
  visualize: [{ chartType: 1, yAxes: ['p95(span.duration)'] }],
  ...extra,
});

const body = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  dataset: 'spans',
  projects: [1],
  range: '24h',
  query: [spansQuery()],
  ...extra,
});

async function create(name: string, extra: Record<string, unknown> = {}): Promise<ExploreSavedQuery> {
  const reply = await api(SAVED, { method: 'POST', body: body(name, extra) });
  expect(reply.status, reply.body).toBe(201);
  return reply.json as ExploreSavedQuery;
}

async function names(search: string): Promise<string[]> {
  const reply = await api(`${SAVED}?${search}`);
  expect(reply.status, reply.body).toBe(200);
  return (reply.json as ExploreSavedQuery[]).map((saved) => saved.name);
}

const star = (id: string, sent: unknown) => api(`${SAVED}${id}/starred/`, { method: 'POST', body: sent });

beforeAll(async () => {
  core = await startCore(tempDir(), { httpRpc: true });
}, 60_000);
afterAll(() => core?.close());

describe('explore/saved: Sentry’s Explore saved queries', () => {
  it('creates a spans query with 201 in Sentry’s JSON, its visualize and group by kept, then reads it by id', async () => {
    const before = Date.now();
    const saved = await create('DB p95 by op', { environment: ['production'], interval: '1h' });
    expect(saved).toMatchObject({
      name: 'DB p95 by op',
      dataset: 'spans',
      projects: [1],
      range: '24h',
      environment: ['production'],
      interval: '1h',
      starred: false,
      position: null,
      isPrebuilt: false,
      expired: false,
      createdBy: null,
      lastVisited: null,
      changedReason: null,
    });
    // Sentry's validated query: the keys sent, and `caseInsensitive` defaulted.
    expect(saved.query).toEqual([{ ...spansQuery(), caseInsensitive: false }]);
    expect(saved.id).toMatch(/^\d+$/);
    expect(Date.parse(saved.dateAdded)).toBeGreaterThanOrEqual(before - 1);
    expect(saved.dateUpdated).toBe(saved.dateAdded);

    const read = await api(`${SAVED}${saved.id}/`);
    expect(read.status).toBe(200);
    expect(read.json).toEqual(saved);
    const logs = await create('Errors in logs', {
      dataset: 'logs',
      projects: [-1],
      query: [{ mode: 'samples', query: 'severity:error', fields: ['message', 'timestamp'] }],
    });
    expect(logs).toMatchObject({ dataset: 'logs', projects: [-1] });
  });

  it('lists by name (Sentry’s default), by date added, by name searched in any case; starred=1 only the starred in the order starred; pages by cursors', async () => {
    const created = [];
    for (const name of ['zeta spans', 'Alpha checkout', 'beta Checkout']) created.push(await create(name));
    const all = await names('per_page=100');
    expect(all).toEqual([...all].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(all).toEqual(expect.arrayContaining(['zeta spans', 'Alpha checkout', 'beta Checkout']));
    expect(await names('sortBy=-name&per_page=100')).toEqual([...all].reverse());
    expect((await names('sortBy=-dateAdded')).slice(0, 3)).toEqual([
      'beta Checkout',
      'Alpha checkout',
      'zeta spans',
    ]);
    expect(await names('query=CHECKOUT')).toEqual(['Alpha checkout', 'beta Checkout']);
    expect(await names(`query=${encodeURIComponent('name:"beta check"')}`)).toEqual(['beta Checkout']);
    expect(await names('query=dataset:spans')).toEqual([]);

    // Starred: zeta first, then Alpha; starring again changes nothing (204).
    const [zeta, alpha] = created as [ExploreSavedQuery, ExploreSavedQuery];
    expect((await star(zeta.id, { starred: true })).status).toBe(200);
    expect((await star(alpha.id, { starred: true })).status).toBe(200);
    expect((await star(alpha.id, { starred: true })).status).toBe(204);
    expect(await names('starred=1')).toEqual(['zeta spans', 'Alpha checkout']);
    expect((await api(`${SAVED}${alpha.id}/`)).json).toMatchObject({ starred: true, position: 2 });
    expect((await names('sortBy=starred&sortBy=name')).slice(0, 2)).toEqual(['Alpha checkout', 'zeta spans']);
    // Unstarring the first moves the second up.
    expect((await star(zeta.id, { starred: false })).status).toBe(200);
    expect((await star(zeta.id, { starred: false })).status).toBe(204);
    expect(await names('starred=1')).toEqual(['Alpha checkout']);
    expect((await api(`${SAVED}${alpha.id}/`)).json).toMatchObject({ starred: true, position: 1 });
    // Created starred, as Sentry's POST with `starred`: after the others.
    await create('starred at birth', { starred: true });
    expect(await names('starred=1')).toEqual(['Alpha checkout', 'starred at birth']);

    const first = await api(`${SAVED}?per_page=2`);
    expect((first.json as ExploreSavedQuery[]).map((s) => s.name)).toEqual(
      (await names('per_page=100')).slice(0, 2),
    );
    expect(first.headers.link).toMatch(/rel="next"; results="true"; cursor="2:1:0"/);
  });

  it('replaces a query with PUT (a rename keeps the rest), deletes with 204, and is then 404', async () => {
    const saved = await create('to be renamed');
    const {
      id,
      dateAdded,
      dateUpdated,
      lastVisited,
      createdBy,
      starred,
      position,
      isPrebuilt,
      changedReason,
      expired,
      ...rest
    } = saved;
    const reply = await api(`${SAVED}${id}/`, { method: 'PUT', body: { ...rest, name: 'renamed' } });
    expect(reply.status, reply.body).toBe(200);
    expect(reply.json).toMatchObject({ id, name: 'renamed', query: saved.query, dateAdded, range: '24h' });

    expect((await star(id, { starred: true })).status).toBe(200);
    const gone = await api(`${SAVED}${id}/`, { method: 'DELETE' });
    expect(gone.status).toBe(204);
    expect(gone.body).toBe('');
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const again = await api(`${SAVED}${id}/`, { method, ...(method === 'PUT' ? { body: body('x') } : {}) });
      expect(again.status, method).toBe(404);
    }
    expect((await star(id, { starred: true })).status).toBe(404);
    expect(await names('per_page=100')).not.toContain('renamed');
    expect((await api('/api/0/organizations/elsewhere/explore/saved/')).status).toBe(404);
  });

  it('refuses a bad body with Sentry’s 400 errors, and a search the spans search cannot parse with its reason', async () => {
    const refusals: [unknown, unknown][] = [
      [{ query: [spansQuery()] }, { name: ['This field is required.'] }],
      [body('x', { query: undefined }), { query: ['This field is required.'] }],
      [body('x', { query: [] }), { query: ['Ensure this field has at least 1 elements.'] }],
      [body('x', { dataset: 'transactions' }), { dataset: ['"transactions" is not a valid choice.'] }],
      [body('x', { query: [{ fields: ['id'] }] }), { query: { '0': { mode: ['This field is required.'] } } }],
      [
        body('x', { query: [spansQuery({ mode: 'table' })] }),
        { query: { '0': { mode: ['"table" is not a valid choice.'] } } },
      ],
      [
        body('x', { query: [spansQuery({ visualize: [{ chartType: 'line' }] })] }),
        {
          query: {
            '0': {
              visualize: {
                '0': { chartType: ['A valid integer is required.'], yAxes: ['This field is required.'] },
              },
            },
          },
        },
      ],
      [
        body('x', { query: [spansQuery({ aggregateField: ['span.op'] })] }),
        {
          query: {
            '0': { aggregateField: { '0': ['Expected a dictionary of items but got type "str".'] } },
          },
        },
      ],
      [body('x', { interval: 'often' }), { non_field_errors: ['Interval could not be parsed'] }],
      [body('x'.repeat(256)), { name: ['Ensure this field has no more than 255 characters.'] }],
    ];
    for (const [sent, answer] of refusals) {
      const reply = await api(SAVED, { method: 'POST', body: JSON.parse(JSON.stringify(sent)) });
      expect(reply.status, JSON.stringify(sent)).toBe(400);
      expect(reply.json, JSON.stringify(sent)).toEqual(answer);
    }
    const unparsed = await api(SAVED, {
      method: 'POST',
      body: body('x', { query: [spansQuery(), spansQuery({ query: 'span.op:db (span.duration:>1s' })] }),
    });
    expect(unparsed.status).toBe(400);
    const errors = unparsed.json as { query: Record<string, { query: string[] }> };
    expect(Object.keys(errors.query)).toEqual(['1']);
    expect(errors.query['1']?.query[0]).toMatch(/^Invalid query: .*\S/);

    expect((await api(SAVED, { method: 'POST', body: body('x', { projects: [999] }) })).status).toBe(403);
    const saved = await create('starred badly');
    expect((await star(saved.id, {})).json).toEqual({ starred: ['This field is required.'] });
    expect((await star(saved.id, { starred: 'maybe' })).json).toEqual({
      starred: ['Must be a valid boolean.'],
    });
    const positioned = await star(saved.id, { starred: false, position: 1 });
    expect(positioned.status).toBe(400);
    expect(positioned.json).toEqual({
      non_field_errors: ['Position is only allowed when starring a query.'],
    });
  });

  it('answers the RPC from the same store, refusing the same bodies in one line', async () => {
    const made = await rpc<ExploreSavedQuery>('explore.saved.save', { body: body('over the RPC') });
    if (!('result' in made)) throw new Error(JSON.stringify(made));
    expect((await api(`${SAVED}${made.result.id}/`)).json).toEqual(made.result);
    const starred = await rpc<{ changed: boolean }>('explore.saved.star', {
      id: Number(made.result.id),
      body: { starred: true },
    });
    expect(starred).toEqual({ result: { changed: true } });
    const listed = await rpc<ExploreSavedQuery[]>('explore.saved.list', { starred: true });
    if (!('result' in listed)) throw new Error(JSON.stringify(listed));
    expect(listed.result.map((s) => s.name)).toContain('over the RPC');
    const refused = await rpc('explore.saved.save', {
      body: body('bad search', { query: [spansQuery({ query: 'span.duration:>fast' })] }),
    });
    expect(refused).toEqual({
      error: expect.objectContaining({
        type: 'invalid_params',
        message: expect.stringMatching(/^query\[0\]\[query\]: Invalid query: .*compares numbers/),
      }),
    });
    expect(await rpc('explore.saved.delete', { id: Number(made.result.id) })).toEqual({
      result: { deleted: true },
    });
    expect(await rpc('explore.saved.get', { id: Number(made.result.id) })).toEqual({
      error: expect.objectContaining({ type: 'not_found' }),
    });
  });
});
