/**
 * Tags, releases and issue removal through Sentry's web API on a real core fed by @sentry/node, as
 * Sentry's MCP server and editor tools call them: Sentry's TagKey / TagValue and release JSON with
 * the right counts, and DELETE answering as Sentry does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { sendWithSdk } from '../../e2e/fixtures/send.ts';
import { startCore } from '../../support/core.ts';
import { tempDir } from '../../support/serve.ts';
import { sentryApiClient } from './api-client.ts';

let core: Core;
const api = sentryApiClient(() => core);
type Json = Record<string, unknown>;

async function get(path: string): Promise<unknown> {
  const reply = await api(path);
  expect(reply.status, reply.body).toBe(200);
  return reply.json;
}

async function issueId(query: string): Promise<string> {
  const list = (await get(
    `/api/0/projects/faultline/default/issues/?query=${encodeURIComponent(query)}`,
  )) as Json[];
  expect(list).toHaveLength(1);
  return String(list[0]?.id);
}

beforeAll(async () => {
  core = await startCore(tempDir(), { httpRpc: true });
  const dsn = core.ctx.projects.defaultDsn(1) ?? '';
  await sendWithSdk(dsn, {
    release: 'shop@1.0.0',
    errors: [{ name: 'OldFailure', message: 'from the old release', tags: { color: 'red' }, minutesAgo: 30 }],
  });
  await sendWithSdk(dsn, {
    release: 'shop@1.1.0',
    errors: [
      { name: 'CheckoutFailed', message: 'checkout 1', tags: { color: 'red' } },
      { name: 'CheckoutFailed', message: 'checkout 2', tags: { color: 'blue' } },
      { name: 'CheckoutFailed', message: 'checkout 3', tags: { color: 'red' } },
      { name: 'OldFailure', message: 'from the new release', tags: { color: 'green' } },
      { name: 'Removed', message: 'to be deleted' },
      { name: 'AlsoDoomed', message: 'to be deleted in bulk' },
    ],
  });
  await core.ctx.pipeline.call('pipeline.drain', {});
}, 60_000);
afterAll(() => core?.close());

describe("Sentry's web API: tags", () => {
  it("lists the organization's tag keys with their event counts, as the MCP server asks", async () => {
    const tags = (await get('/api/0/organizations/faultline/tags/?dataset=errors&statsPeriod=14d')) as Json[];
    expect(tags).toContainEqual({ key: 'color', name: 'Color', totalValues: 5 });
    expect(tags).toContainEqual({ key: 'release', name: 'Release', totalValues: 7 });
    expect(tags.some((t) => String(t.key).startsWith('sentry:'))).toBe(false);
  });

  it("answers an issue's tags, one key's details and its values in Sentry's TagKey and TagValue shapes", async () => {
    const id = await issueId('CheckoutFailed');
    const tags = (await get(`/api/0/issues/${id}/tags/`)) as Json[];
    expect(tags.find((t) => t.key === 'color')).toEqual({
      key: 'color',
      name: 'Color',
      totalValues: 3,
      uniqueValues: 2,
      topValues: [
        { key: 'color', name: 'red', value: 'red', count: 2 },
        { key: 'color', name: 'blue', value: 'blue', count: 1 },
      ],
    });
    const key = (await get(`/api/0/organizations/faultline/issues/${id}/tags/color/`)) as Json;
    expect(key).toMatchObject({
      key: 'color',
      totalValues: 3,
      uniqueValues: 2,
      topValues: [
        { value: 'red', count: 2 },
        { value: 'blue', count: 1 },
      ],
    });
    const values = await api(`/api/0/issues/${id}/tags/color/values/?sort=-count`);
    expect(values.json).toEqual([
      expect.objectContaining({
        key: 'color',
        value: 'red',
        count: 2,
        lastSeen: expect.any(String),
        firstSeen: expect.any(String),
      }),
      expect.objectContaining({ value: 'blue', count: 1 }),
    ]);
    expect(values.headers.link).toContain('results="false"');
    expect((await api(`/api/0/issues/${id}/tags/no_such_key/`)).status).toBe(404);
  });
});

describe("Sentry's web API: releases", () => {
  it("lists the releases events named, newest first, in Sentry's release shape", async () => {
    const releases = (await get('/api/0/organizations/faultline/releases/')) as Json[];
    expect(releases.map((r) => r.version)).toEqual(['shop@1.1.0', 'shop@1.0.0']);
    expect(releases[0]).toMatchObject({
      version: 'shop@1.1.0',
      shortVersion: 'shop@1.1.0',
      dateReleased: null,
      lastCommit: null,
      lastDeploy: null,
      newGroups: 3,
      firstEvent: expect.stringMatching(/Z$/),
      lastEvent: expect.stringMatching(/Z$/),
      projects: [expect.objectContaining({ id: 1, slug: 'default', newGroups: 3, platform: null })],
    });
    expect(releases[1]).toMatchObject({ version: 'shop@1.0.0', newGroups: 1 });
    const old = releases[1] as Json;
    expect(Date.parse(String(old.lastEvent))).toBeLessThan(Date.parse(String(releases[0]?.lastEvent)));
  });

  it('filters by a substring of the version and pages, also per project', async () => {
    const found = (await get('/api/0/projects/faultline/default/releases/?query=%401.0')) as Json[];
    expect(found.map((r) => r.version)).toEqual(['shop@1.0.0']);
    const first = await api('/api/0/organizations/faultline/releases/?per_page=1');
    expect((first.json as Json[]).map((r) => r.version)).toEqual(['shop@1.1.0']);
    expect(first.headers.link).toContain('rel="next"; results="true"');
  });
});

describe("Sentry's web API: removing issues", () => {
  it('removes one issue with 202 and a list of them with 204, as Sentry answers', async () => {
    const doomed = await issueId('Removed');
    const one = await api(`/api/0/issues/${doomed}/`, { method: 'DELETE' });
    expect(one.status).toBe(202);
    expect((await api(`/api/0/issues/${doomed}/`)).status).toBe(404);

    const also = await issueId('AlsoDoomed');
    const bulk = await api(`/api/0/projects/faultline/default/issues/?id=${also}`, { method: 'DELETE' });
    expect(bulk.status).toBe(204);
    expect((await api(`/api/0/issues/${also}/`)).status).toBe(404);
    expect((await api('/api/0/issues/999999/', { method: 'DELETE' })).status).toBe(404);
    const kept = (await get('/api/0/projects/faultline/default/issues/?query=')) as Json[];
    expect(kept.map((i) => String(i.title).split(':')[0]).sort()).toEqual(['CheckoutFailed', 'OldFailure']);
  });
});
