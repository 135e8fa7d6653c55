/**
 * Discover's saved queries over Sentry's web API (`/organizations/{org}/discover/saved/`) on a real
 * core: created (201) with Sentry's JSON, listed with `query` and `sortBy` and paged by cursors,
 * read, replaced (PUT), deleted (204, then 404); Sentry's 400 bodies for bad ones, 403 for a project
 * the organization lacks, 404 for an unknown id or organization. `discover.saved.*` over the HTTP RPC
 * answers the same queries and refuses the same bodies in the same words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import type { DiscoverSavedQuery } from '../../../src-shared/discover-saved-api.ts';
import { startCore } from '../../support/core.ts';
import { tempDir } from '../../support/serve.ts';
import { sentryApiClient } from './api-client.ts';

let core: Core;
let secondId: number;
const api = sentryApiClient(() => core);
const SAVED = '/api/0/organizations/faultline/discover/saved/';

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
  version: 2,
  fields: ['title', 'count()'],
  orderby: '-count',
  query: 'level:error',
  range: '24h',
  projects: [1],
  queryDataset: 'error-events',
  ...extra,
});

async function create(name: string, extra: Record<string, unknown> = {}): Promise<DiscoverSavedQuery> {
  const reply = await api(SAVED, { method: 'POST', body: body(name, extra) });
  expect(reply.status, reply.body).toBe(201);
  return reply.json as DiscoverSavedQuery;
}

async function names(search: string): Promise<string[]> {
  const reply = await api(`${SAVED}?${search}`);
  expect(reply.status, reply.body).toBe(200);
  return (reply.json as DiscoverSavedQuery[]).map((saved) => saved.name);
}

beforeAll(async () => {
  core = await startCore(tempDir(), { httpRpc: true });
  secondId = core.ctx.projects.create({ name: 'Second', slug: 'second' }).id;
}, 60_000);
afterAll(() => core?.close());

describe('discover/saved: Sentry’s saved queries', () => {
  it('creates a query with 201 and answers it in Sentry’s JSON, then reads it by id', async () => {
    const before = Date.now();
    const saved = await create('Declined payments', {
      environment: ['production'],
      yAxis: ['count()'],
      display: 'top5',
      projects: [secondId, 1],
    });
    expect(saved).toMatchObject({
      name: 'Declined payments',
      version: 2,
      fields: ['title', 'count()'],
      orderby: '-count',
      query: 'level:error',
      range: '24h',
      environment: ['production'],
      yAxis: ['count()'],
      display: 'top5',
      projects: [1, secondId],
      queryDataset: 'error-events',
      datasetSource: 'user',
      expired: false,
      createdBy: null,
    });
    expect(saved.id).toMatch(/^\d+$/);
    expect(Date.parse(saved.dateCreated)).toBeGreaterThanOrEqual(before - 1);
    expect(saved.dateUpdated).toBe(saved.dateCreated);
    expect(saved).not.toHaveProperty('start');

    const read = await api(`${SAVED}${saved.id}/`);
    expect(read.status).toBe(200);
    expect(read.json).toEqual(saved);
  });

  it('keeps "All projects" as Sentry’s [-1] and a date range as start and end', async () => {
    const saved = await create('Everywhere in March', {
      projects: [-1],
      range: undefined,
      start: '2026-03-01T00:00:00',
      end: '2026-03-02T12:30:00+02:00',
    });
    expect(saved.projects).toEqual([-1]);
    expect(saved.start).toBe('2026-03-01T00:00:00.000Z');
    expect(saved.end).toBe('2026-03-02T10:30:00.000Z');
    expect(saved).not.toHaveProperty('range');
  });

  it('lists by name (Sentry’s default) or by date, searches names in any case, and pages by cursors', async () => {
    for (const name of ['zeta errors', 'Alpha checkout', 'beta Checkout']) await create(name);
    const all = await names('all=1');
    expect(all).toEqual([...all].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(await names('sortBy=-name&all=1')).toEqual([...all].reverse());
    // Newest first: the order they were created in, backwards.
    expect((await names('sortBy=-dateCreated&all=1')).slice(0, 3)).toEqual([
      'beta Checkout',
      'Alpha checkout',
      'zeta errors',
    ]);
    expect(await names('query=CHECKOUT')).toEqual(['Alpha checkout', 'beta Checkout']);
    expect(await names(`query=${encodeURIComponent('name:"beta check"')}`)).toEqual(['beta Checkout']);
    expect(await names('query=version:2&sortBy=name')).toEqual(all);
    expect(await names('query=version:1')).toEqual([]);
    expect(await names('query=owner:me')).toEqual([]);

    const first = await api(`${SAVED}?per_page=2&sortBy=name`);
    expect((first.json as DiscoverSavedQuery[]).map((s) => s.name)).toEqual(all.slice(0, 2));
    expect(first.headers.link).toMatch(/rel="next"; results="true"; cursor="2:1:0"/);
    const second = await api(`${SAVED}?per_page=2&sortBy=name&cursor=2:1:0`);
    expect((second.json as DiscoverSavedQuery[]).map((s) => s.name)).toEqual(all.slice(2, 4));
  });

  it('replaces a query with PUT: new name and fields, a later dateUpdated, the same dateCreated', async () => {
    const saved = await create('to be renamed');
    await new Promise((resolve) => setImmediate(resolve));
    const reply = await api(`${SAVED}${saved.id}/`, {
      method: 'PUT',
      body: body('renamed', { fields: ['user.display', 'count()'], query: 'step:pay' }),
    });
    expect(reply.status, reply.body).toBe(200);
    const updated = reply.json as DiscoverSavedQuery;
    expect(updated).toMatchObject({ id: saved.id, name: 'renamed', fields: ['user.display', 'count()'] });
    expect(updated.query).toBe('step:pay');
    expect(updated.dateCreated).toBe(saved.dateCreated);
    expect(Date.parse(updated.dateUpdated)).toBeGreaterThanOrEqual(Date.parse(saved.dateUpdated));
    expect((await api(`${SAVED}${saved.id}/`)).json).toEqual(updated);
  });

  it('deletes a query with 204; it is then 404 to read, replace and delete', async () => {
    const saved = await create('short-lived');
    const gone = await api(`${SAVED}${saved.id}/`, { method: 'DELETE' });
    expect(gone.status).toBe(204);
    expect(gone.body).toBe('');
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const reply = await api(`${SAVED}${saved.id}/`, {
        method,
        ...(method === 'PUT' ? { body: body('again') } : {}),
      });
      expect(reply.status, method).toBe(404);
      expect(reply.json).toEqual({ detail: 'The requested resource does not exist' });
    }
    expect(await names('all=1')).not.toContain('short-lived');
    expect((await api(`${SAVED}abc/`)).status).toBe(404);
    expect((await api('/api/0/organizations/elsewhere/discover/saved/')).status).toBe(404);
  });

  it('refuses a bad body with Sentry’s 400 errors, field by field', async () => {
    const refusals: [unknown, unknown][] = [
      [{ fields: ['title'], version: 2 }, { name: ['This field is required.'] }],
      [body('  '), { name: ['This field may not be blank.'] }],
      [body('x', { fields: 'title' }), { fields: ['Expected a list of items but got type "str".'] }],
      [body('x', { fields: ['title', true] }), { fields: { '1': ['Not a valid string.'] } }],
      [body('x', { version: 3 }), { version: ['Ensure this value is less than or equal to 2.'] }],
      [body('x', { projects: ['one'] }), { projects: { '0': ['A valid integer is required.'] } }],
      [body('x', { queryDataset: 'spans' }), { queryDataset: ['"spans" is not a valid choice.'] }],
      [
        body('x', { start: 'yesterday' }),
        {
          start: [
            'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].',
          ],
        },
      ],
      [body('x', { fields: [] }), { non_field_errors: ['You must include at least one field.'] }],
      [
        body('x', { version: 1, query: undefined, display: 'top5' }),
        { non_field_errors: ['You cannot use the display attribute(s) with the selected version'] },
      ],
      [
        body('x', { conditions: [['a', '=', 'b']] }),
        { non_field_errors: ['You cannot use the conditions attribute(s) with the selected version'] },
      ],
      [[1, 2], { non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] }],
      [body('x', { interval: 'often' }), { non_field_errors: ['Interval could not be parsed'] }],
    ];
    for (const [sent, answer] of refusals) {
      const reply = await api(SAVED, { method: 'POST', body: JSON.parse(JSON.stringify(sent)) });
      expect(reply.status, JSON.stringify(sent)).toBe(400);
      expect(reply.json, JSON.stringify(sent)).toEqual(answer);
    }
    const search = await api(SAVED, { method: 'POST', body: body('x', { query: 'a OR' }) });
    expect(search.status).toBe(400);
    expect((search.json as { non_field_errors: string[] }).non_field_errors[0]).toMatch(
      /^Cannot save invalid query: Condition is missing on the right side of 'OR' operator/,
    );
    const stranger = await api(SAVED, { method: 'POST', body: body('x', { projects: [999] }) });
    expect(stranger.status).toBe(403);
    expect(stranger.json).toEqual({ detail: 'You do not have permission to perform this action.' });
    const saved = await create('kept as it was');
    const put = await api(`${SAVED}${saved.id}/`, { method: 'PUT', body: { version: 2 } });
    expect(put.status).toBe(400);
    expect((await api(`${SAVED}${saved.id}/`)).json).toEqual(saved);
    expect(await names('query=x&all=1')).toEqual([]);
  });
});

describe('discover.saved over the RPC answers as the web API', () => {
  it('saves, lists, reads and deletes the same queries', async () => {
    const made = await rpc<DiscoverSavedQuery>('discover.saved.save', { body: body('From the app') });
    if (!('result' in made)) throw new Error(made.error.message);
    expect((await api(`${SAVED}${made.result.id}/`)).json).toEqual(made.result);
    const web = await create('From a tool');

    const searches: Record<string, string>[] = [{ sortBy: '-dateCreated' }, { query: 'from' }, {}];
    for (const search of searches) {
      const listed = await rpc<DiscoverSavedQuery[]>('discover.saved.list', search);
      const params = new URLSearchParams({ ...search, all: '1' });
      expect(listed, JSON.stringify(search)).toEqual({ result: (await api(`${SAVED}?${params}`)).json });
    }
    expect(await rpc('discover.saved.get', { id: Number(web.id) })).toEqual({ result: web });
    const renamed = await rpc<DiscoverSavedQuery>('discover.saved.save', {
      id: Number(web.id),
      body: body('From a tool, renamed'),
    });
    expect(renamed).toEqual({ result: (await api(`${SAVED}${web.id}/`)).json });

    expect(await rpc('discover.saved.delete', { id: Number(made.result.id) })).toEqual({
      result: { deleted: true },
    });
    expect((await api(`${SAVED}${made.result.id}/`)).status).toBe(404);
    const again = await rpc('discover.saved.delete', { id: Number(made.result.id) });
    expect(again).toMatchObject({ error: { type: 'not_found' } });
  });

  it('refuses the bodies the web API refuses, in the same words', async () => {
    const bad = await rpc('discover.saved.save', { body: { fields: ['title', 5, false], version: 2 } });
    expect(bad).toEqual({
      error: {
        type: 'invalid_params',
        message: 'name: This field is required.; fields[2]: Not a valid string.',
      },
    });
    const web = await api(SAVED, { method: 'POST', body: { fields: ['title', 5, false], version: 2 } });
    expect(web.json).toEqual({ name: ['This field is required.'], fields: { '2': ['Not a valid string.'] } });
    const search = await rpc('discover.saved.save', { body: body('x', { query: '(a' }) });
    const webSearch = await api(SAVED, { method: 'POST', body: body('x', { query: '(a' }) });
    expect(search).toEqual({
      error: {
        type: 'invalid_params',
        message: (webSearch.json as { non_field_errors: string[] }).non_field_errors[0],
      },
    });
    // Sentry checks the projects amid the fields: a stranger's project is 403 before a missing name.
    const stranger = { fields: ['title'], version: 2, projects: [1, 999] };
    expect(await rpc('discover.saved.save', { body: stranger })).toEqual({
      error: { type: 'forbidden', message: 'You do not have permission to perform this action.' },
    });
    expect((await api(SAVED, { method: 'POST', body: stranger })).status).toBe(403);
  });
});
