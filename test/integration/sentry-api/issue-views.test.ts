/**
 * The issue list's saved views over Sentry's web API (`/organizations/{org}/group-search-views/`) on
 * a real core: created (201) with Sentry's JSON, listed starred first and by `sort` and `query`, read,
 * replaced (PUT), starred, reordered, visited, deleted (204, then 404); DRF's 400 bodies for bad
 * ones, among them a search the issue list cannot parse; `issues.views.*` over the HTTP RPC answers
 * the same views and refuses the same bodies in the same words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import type { IssueView } from '../../../src-shared/issue-views-api.ts';
import { startCore } from '../../support/core.ts';
import { tempDir } from '../../support/serve.ts';
import { sentryApiClient } from './api-client.ts';

let core: Core;
let secondId: number;
const api = sentryApiClient(() => core);
const VIEWS = '/api/0/organizations/faultline/group-search-views/';

type RpcAnswer<T> = { result: T } | { error: { type: string; message: string } };

async function rpc<T>(method: string, params: unknown): Promise<RpcAnswer<T>> {
  const response = await fetch(`${core.url}/rpc/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-faultline-token': core.token ?? '' },
    body: JSON.stringify(params),
  });
  return (await response.json()) as RpcAnswer<T>;
}

const body = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  query: 'is:unresolved level:error',
  querySort: 'freq',
  projects: [1],
  environments: ['production'],
  timeFilters: { period: '7d' },
  ...extra,
});

async function create(name: string, extra: Record<string, unknown> = {}): Promise<IssueView> {
  const reply = await api(VIEWS, { method: 'POST', body: body(name, extra) });
  expect(reply.status, reply.body).toBe(201);
  return reply.json as IssueView;
}

async function names(search = ''): Promise<string[]> {
  const reply = await api(`${VIEWS}${search === '' ? '' : `?${search}`}`);
  expect(reply.status, reply.body).toBe(200);
  return (reply.json as IssueView[]).map((view) => view.name);
}

async function starredNames(): Promise<string[]> {
  const reply = await api(`${VIEWS}starred/`);
  expect(reply.status, reply.body).toBe(200);
  return (reply.json as IssueView[]).map((view) => view.name);
}

async function removeAll(): Promise<void> {
  for (const view of (await api(VIEWS)).json as IssueView[]) {
    const reply = await api(`${VIEWS}${view.id}/`, { method: 'DELETE' });
    expect(reply.status).toBe(204);
  }
}

beforeAll(async () => {
  core = await startCore(tempDir(), { httpRpc: true });
  secondId = core.ctx.projects.create({ name: 'Second', slug: 'second' }).id;
}, 60_000);
afterAll(() => core?.close());

describe('group-search-views: Sentry’s issue views', () => {
  it('creates a view with 201 in Sentry’s JSON, reads it by id, and replaces it with PUT', async () => {
    const created = await create('Checkout errors', { starred: true, projects: [secondId, 1] });
    expect(created).toMatchObject({
      name: 'Checkout errors',
      query: 'is:unresolved level:error',
      querySort: 'freq',
      projects: [1, secondId],
      environments: ['production'],
      timeFilters: { period: '7d' },
      starred: true,
      stars: 1,
      lastVisited: null,
      createdBy: null,
    });
    expect(created.id).toMatch(/^\d+$/);
    expect((await api(`${VIEWS}${created.id}/`)).json).toEqual(created);

    const replaced = await api(`${VIEWS}${created.id}/`, {
      method: 'PUT',
      body: body('Checkout, all projects', {
        query: 'is:resolved',
        querySort: 'date',
        projects: [-1],
        environments: [],
        timeFilters: { start: '2026-01-01T00:00:00Z', end: '2026-01-02T00:00:00Z' },
      }),
    });
    expect(replaced.status, replaced.body).toBe(200);
    expect(replaced.json).toMatchObject({
      id: created.id,
      name: 'Checkout, all projects',
      query: 'is:resolved',
      querySort: 'date',
      projects: [-1],
      environments: [],
      timeFilters: { start: '2026-01-01T00:00:00.000Z', end: '2026-01-02T00:00:00.000Z' },
      // A PUT keeps the star.
      starred: true,
    });
    await removeAll();
  });

  it('refuses a search the issue list cannot parse with 400 and the list’s own reason', async () => {
    const search = 'is:unresolved lastSeen:>yesterday';
    const reply = await api(VIEWS, { method: 'POST', body: body('Broken', { query: search }) });
    expect(reply.status).toBe(400);
    const list = await rpc('issues.list', { projectId: 1, query: search });
    if (!('error' in list)) throw new Error('the issue list ran a search it should refuse');
    expect(list.error.message).toContain("Invalid date 'yesterday'");
    expect(reply.json).toEqual({ query: [`Invalid issue search query: ${list.error.message}`] });
    expect(await names()).toEqual([]);
  });

  it('answers every field’s mistake at once in DRF’s words', async () => {
    const reply = await api(VIEWS, {
      method: 'POST',
      body: { name: '  ', querySort: 'trends', projects: [999], environments: 'production', timeFilters: {} },
    });
    expect(reply.status).toBe(400);
    expect(reply.json).toEqual({
      name: ['This field may not be blank.'],
      query: ['This field is required.'],
      querySort: ['"trends" is not a valid choice. The issue list sorts by date, new, freq, user.'],
      projects: ['One or more projects do not exist'],
      environments: ['Expected a list of items but got type "str".'],
      timeFilters: ['This dictionary may not be empty.'],
    });
    const long = await api(VIEWS, { method: 'POST', body: body('x'.repeat(129)) });
    expect(long.status).toBe(400);
    expect(long.json).toEqual({ name: ['Ensure this field has no more than 128 characters.'] });
    const period = await api(VIEWS, {
      method: 'POST',
      body: body('Odd period', { timeFilters: { period: '3d' } }),
    });
    expect(period.status).toBe(400);
    expect(period.json).toEqual({
      timeFilters: ['Unknown period "3d": the issue list\'s periods are 1h, 24h, 7d, 14d, 30d, 90d.'],
    });
    const notObject = await api(VIEWS, { method: 'POST', body: ['a'] });
    expect(notObject.status).toBe(400);
    expect(notObject.json).toEqual({
      non_field_errors: ['Invalid data. Expected a dictionary, but got list.'],
    });
  });

  it('lists starred views first, each part in the asked sort, narrowed by query in a name or a search', async () => {
    await create('beta', { starred: true });
    await create('Alpha');
    await create('gamma', { starred: true, query: 'is:unresolved browser:Firefox' });
    await create('delta');
    expect(await names('sort=name')).toEqual(['beta', 'gamma', 'Alpha', 'delta']);
    expect(await names('sort=-name')).toEqual(['gamma', 'beta', 'delta', 'Alpha']);
    expect(await names('sort=created')).toEqual(['beta', 'gamma', 'Alpha', 'delta']);
    expect(await names('sort=name&query=FIREFOX')).toEqual(['gamma']);
    expect(await names('sort=name&query=ALPH')).toEqual(['Alpha']);
    expect(await names('createdBy=others')).toEqual([]);
    const bad = await api(`${VIEWS}?sort=size`);
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({ sort: ['"size" is not a valid choice.'] });
    const page = await api(`${VIEWS}?sort=name&limit=3`);
    expect((page.json as IssueView[]).map((view) => view.name)).toEqual(['beta', 'gamma', 'Alpha']);
    expect(page.headers.link).toContain('rel="next"; results="true"');
    await removeAll();
  });

  it('stars, unstars and reorders the starred views, as Sentry’s starred and starred-order do', async () => {
    const one = await create('one', { starred: true });
    const two = await create('two', { starred: true });
    const three = await create('three');
    expect(await starredNames()).toEqual(['one', 'two']);

    const starAt = await api(`${VIEWS}${three.id}/starred/`, {
      method: 'POST',
      body: { starred: true, position: 0 },
    });
    expect(starAt.status).toBe(200);
    expect(await starredNames()).toEqual(['three', 'one', 'two']);
    const again = await api(`${VIEWS}${three.id}/starred/`, { method: 'POST', body: { starred: true } });
    expect(again.status).toBe(204);

    const order = await api(`${VIEWS}starred-order/`, {
      method: 'PUT',
      body: { view_ids: [Number(two.id), Number(three.id), Number(one.id)] },
    });
    expect(order.status, order.body).toBe(204);
    expect(await starredNames()).toEqual(['two', 'three', 'one']);

    const twice = await api(`${VIEWS}starred-order/`, {
      method: 'PUT',
      body: { view_ids: [Number(two.id), Number(two.id), Number(one.id)] },
    });
    expect(twice.status).toBe(400);
    expect(twice.json).toEqual({ view_ids: ['Single view cannot take up multiple positions'] });
    const missing = await api(`${VIEWS}starred-order/`, {
      method: 'PUT',
      body: { view_ids: [Number(two.id)] },
    });
    expect(missing.status).toBe(400);
    expect((missing.json as { detail: string }).detail).toMatch(
      /^Mismatch between existing and provided starred views/,
    );

    const unstar = await api(`${VIEWS}${three.id}/starred/`, { method: 'POST', body: { starred: false } });
    expect(unstar.status).toBe(200);
    expect(await starredNames()).toEqual(['two', 'one']);
    const noFlag = await api(`${VIEWS}${three.id}/starred/`, { method: 'POST', body: {} });
    expect(noFlag.status).toBe(400);
    expect(noFlag.json).toEqual({ starred: ['This field is required.'] });

    // Deleting a starred view closes its gap: the next star goes last.
    expect((await api(`${VIEWS}${two.id}/`, { method: 'DELETE' })).status).toBe(204);
    await api(`${VIEWS}${three.id}/starred/`, { method: 'POST', body: { starred: true } });
    expect(await starredNames()).toEqual(['one', 'three']);
    await removeAll();
  });

  it('records a visit, and sorts by the last visit with the never visited last', async () => {
    const first = await create('first');
    const second = await create('second');
    await create('never');
    expect((await api(`${VIEWS}${first.id}/visit/`, { method: 'POST' })).status).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await api(`${VIEWS}${second.id}/visit/`, { method: 'POST' })).status).toBe(204);
    expect(await names()).toEqual(['second', 'first', 'never']);
    const visited = (await api(`${VIEWS}${first.id}/`)).json as IssueView;
    expect(Date.parse(visited.lastVisited ?? '')).toBeGreaterThan(Date.now() - 60_000);
    await removeAll();
  });

  it('answers 404 for an unknown view or organization, and 405 for a method the endpoint lacks', async () => {
    expect((await api(`${VIEWS}9999/`)).status).toBe(404);
    expect((await api(`${VIEWS}9999/`, { method: 'DELETE' })).status).toBe(404);
    expect((await api(`${VIEWS}9999/`, { method: 'PUT', body: body('x') })).status).toBe(404);
    expect((await api(`${VIEWS}abc/`)).status).toBe(404);
    expect((await api(`${VIEWS}9999/visit/`, { method: 'POST' })).status).toBe(404);
    expect((await api('/api/0/organizations/elsewhere/group-search-views/')).status).toBe(404);
    expect((await api(VIEWS, { method: 'DELETE' })).status).toBe(405);
  });

  it('keeps at most 50 views', async () => {
    for (let index = 0; index < 50; index += 1) await create(`view ${index}`);
    const over = await api(VIEWS, { method: 'POST', body: body('one too many') });
    expect(over.status).toBe(400);
    expect(over.json).toEqual({
      non_field_errors: ['You can keep at most 50 views: delete one before saving another.'],
    });
    await removeAll();
  });
});

describe('issues.views.* over the RPC', () => {
  it('saves and lists the same views as the web API, and refuses the same bodies in the same words', async () => {
    const saved = await rpc<IssueView>('issues.views.save', {
      body: body('From the RPC', { starred: true }),
    });
    if (!('result' in saved)) throw new Error(JSON.stringify(saved));
    expect((await api(`${VIEWS}${saved.result.id}/`)).json).toEqual(saved.result);
    const starred = await rpc<IssueView[]>('issues.views.starred', {});
    expect('result' in starred && starred.result.map((view) => view.name)).toEqual(['From the RPC']);

    const refused = await rpc('issues.views.save', { body: body('Bad', { query: 'is:' }) });
    const web = await api(VIEWS, { method: 'POST', body: body('Bad', { query: 'is:' }) });
    expect(web.status).toBe(400);
    expect(refused).toEqual({
      error: expect.objectContaining({
        type: 'invalid_params',
        message: `query: ${(web.json as { query: string[] }).query[0]}`,
      }),
    });
    const deleted = await rpc('issues.views.delete', { id: Number(saved.result.id) });
    expect(deleted).toEqual({ result: { deleted: true } });
    expect(await rpc('issues.views.get', { id: Number(saved.result.id) })).toEqual({
      error: expect.objectContaining({ type: 'not_found' }),
    });
  });
});
