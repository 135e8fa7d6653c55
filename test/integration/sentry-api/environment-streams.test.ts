/**
 * Sentry's `environment` parameter on the web API's issue streams: the organization's takes several
 * (`get_environments`, 404 for one the organization does not have), the project's one (the last,
 * as `_get_environment_from_request` reads it, an unknown one listing nothing); the rows count,
 * and are first and last seen, in those environments only. An issue's events and the organization's
 * events take them as a search, each the organization's, else 404.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { startCore, storeEvents } from '../../support/core.ts';
import { tempDir } from '../../support/serve.ts';
import { sentryApiClient } from './api-client.ts';

let core: Core;
const HOUR = 3600;
let now = 0;
const iso = (s: number) => new Date(s * 1000).toISOString();
const api = sentryApiClient(() => core);

beforeAll(async () => {
  core = await startCore(tempDir(), { httpRpc: true });
  now = Math.floor(Date.now() / 1000);
  const event = (fingerprint: string, environment: string, ago: number, user: string) => ({
    fingerprint: [fingerprint],
    message: fingerprint,
    environment,
    level: 'error',
    timestamp: now - ago,
    user: { id: user },
  });
  await storeEvents(core, [
    event('checkout', 'production', 2 * HOUR, 'u1'),
    event('checkout', 'production', HOUR, 'u2'),
    event('checkout', 'staging', 1800, 'u3'),
    event('staging only', 'staging', 5 * HOUR, 'u4'),
  ]);
}, 60_000);
afterAll(() => core?.close());

type Row = Record<string, unknown> & { title: string };

/** The events of a row's graph (Sentry's `stats[period]`, `[time, events]` pairs). */
const charted = (stats: unknown, period: string) =>
  ((stats as Record<string, Array<[number, number]>> | undefined)?.[period] ?? []).reduce(
    (total, [, n]) => total + n,
    0,
  );

async function stream(path: string) {
  const reply = await api(path);
  expect(reply.status).toBe(200);
  return Object.fromEntries((reply.json as Row[]).map((row) => [row.title, row]));
}

it("the organization's stream lists the issues of the environments with their events, users, first and last seen", async () => {
  const production = await stream('/api/0/organizations/faultline/issues/?environment=production');
  expect(Object.keys(production)).toEqual(['checkout']);
  expect(production.checkout).toMatchObject({
    count: '2',
    userCount: 2,
    firstSeen: iso(now - 2 * HOUR),
    lastSeen: iso(now - HOUR),
    lifetime: { count: '2', userCount: 2 },
  });
  const staging = await stream('/api/0/organizations/faultline/issues/?environment=staging');
  expect(Object.keys(staging).sort()).toEqual(['checkout', 'staging only']);
  expect(staging.checkout).toMatchObject({ count: '1', userCount: 1, lastSeen: iso(now - 1800) });
  // The graph is the environment's: one of the issue's three events in the last 24 hours' buckets.
  expect(charted(staging.checkout?.stats, '24h')).toBe(1);
  const daily = await stream(
    '/api/0/organizations/faultline/issues/?environment=staging&groupStatsPeriod=14d',
  );
  expect(charted(daily.checkout?.stats, '14d')).toBe(1);
  expect(charted((await stream('/api/0/organizations/faultline/issues/')).checkout?.stats, '24h')).toBe(3);
  const both = await stream(
    '/api/0/organizations/faultline/issues/?environment=production&environment=staging',
  );
  expect(both.checkout).toMatchObject({ count: '3', userCount: 3 });
});

it("the organization's stream answers 404 for an environment the organization does not have", async () => {
  for (const query of ['environment=qa', 'environment=production&environment=qa']) {
    const reply = await api(`/api/0/organizations/faultline/issues/?${query}`);
    expect(reply.status).toBe(404);
    expect(reply.json).toEqual({ detail: 'The requested resource does not exist' });
  }
});

it("an issue's details and tags count, see and graph the environments' events, and answer 404 for an unknown one", async () => {
  const checkout = (await stream('/api/0/organizations/faultline/issues/')).checkout;
  const detail = async (query: string) => (await api(`/api/0/issues/${checkout?.id}/?${query}`)).json as Row;
  const production = await detail('environment=production');
  expect(production).toMatchObject({
    count: '2',
    userCount: 2,
    firstSeen: iso(now - 2 * HOUR),
    lastSeen: iso(now - HOUR),
  });
  expect([charted(production.stats, '24h'), charted(production.stats, '30d')]).toEqual([2, 2]);
  const all = await detail('');
  expect(all).toMatchObject({ count: '3', userCount: 3, lastSeen: iso(now - 1800) });
  expect([charted(all.stats, '24h'), charted(all.stats, '30d')]).toEqual([3, 3]);
  const unknown = await api(`/api/0/issues/${checkout?.id}/?environment=qa`);
  expect(unknown.status).toBe(404);
  // Its tags are the environments' events' too.
  const tags = (await api(`/api/0/issues/${checkout?.id}/tags/?environment=staging`)).json as Row[];
  expect(tags.find((tag) => tag.key === 'environment')).toMatchObject({
    totalValues: 1,
    topValues: [expect.objectContaining({ value: 'staging', count: 1 })],
  });
  expect((await api(`/api/0/issues/${checkout?.id}/tags/?environment=qa`)).status).toBe(404);
});

it("the project's stream counts the last environment given, and lists nothing for an unknown one", async () => {
  const staging = await stream('/api/0/projects/faultline/default/issues/?environment=staging');
  expect(Object.keys(staging).sort()).toEqual(['checkout', 'staging only']);
  expect(staging.checkout).toMatchObject({ count: '1', userCount: 1 });
  expect(charted(staging.checkout?.stats, '24h')).toBe(1);
  const last = await stream(
    '/api/0/projects/faultline/default/issues/?environment=production&environment=staging',
  );
  expect(last.checkout).toMatchObject({ count: '1', userCount: 1 });
  const unknown = await api('/api/0/projects/faultline/default/issues/?environment=qa');
  expect(unknown.status).toBe(200);
  expect(unknown.json).toEqual([]);
  expect(unknown.headers['x-hits']).toBe('0');
});

it("an issue's events and the organization's events take the organization's environments, 404 for another", async () => {
  const checkout = (await stream('/api/0/organizations/faultline/issues/')).checkout;
  const events = await api(`/api/0/issues/${checkout?.id}/events/?environment=production`);
  expect(events.status).toBe(200);
  expect((events.json as Row[]).length).toBe(2);
  const both = await api(`/api/0/issues/${checkout?.id}/events/?environment=production&environment=staging`);
  expect((both.json as Row[]).length).toBe(3);
  for (const path of [
    `/api/0/issues/${checkout?.id}/events/?environment=qa`,
    `/api/0/organizations/faultline/issues/${checkout?.id}/events/?environment=production&environment=qa`,
    '/api/0/organizations/faultline/events/?field=id&environment=qa',
  ])
    expect((await api(path)).status, path).toBe(404);
  const discover = await api('/api/0/organizations/faultline/events/?field=id&environment=staging');
  expect((discover.json as { data: unknown[] }).data.length).toBe(2);
});

it("an issue's latest and oldest event are those of the environments given, 404 where it has none", async () => {
  const checkout = (await stream('/api/0/organizations/faultline/issues/')).checkout;
  const edge = async (path: string) => {
    const reply = await api(`/api/0/issues/${checkout?.id}/events/${path}`);
    return reply.status === 200 ? (reply.json as Row).dateCreated : reply.status;
  };
  // The checkout issue: production 2 h and 1 h ago, staging 30 min ago.
  expect(await edge('latest/')).toBe(iso(now - 1800));
  expect(await edge('latest/?environment=production')).toBe(iso(now - HOUR));
  expect(await edge('oldest/?environment=production')).toBe(iso(now - 2 * HOUR));
  expect(await edge('oldest/?environment=staging')).toBe(iso(now - 1800));
  expect(await edge('recommended/?environment=production&environment=staging')).toBe(iso(now - 1800));
  expect(await edge('latest/?environment=qa')).toBe(404);
  // Its previous and next are those of the environments (and dates) given too, as Sentry's group event details.
  const latestStaging = await api(`/api/0/issues/${checkout?.id}/events/latest/`);
  const all = latestStaging.json as Row & { previousEventID: string | null; nextEventID: string | null };
  expect(all.previousEventID).not.toBeNull();
  const production = await api(`/api/0/issues/${checkout?.id}/events/latest/?environment=production`);
  const latestProduction = production.json as Row & {
    previousEventID: string | null;
    nextEventID: string | null;
  };
  expect(latestProduction.nextEventID).toBeNull();
  const older = await api(`/api/0/issues/${checkout?.id}/events/${latestProduction.previousEventID}/`);
  expect((older.json as Row).dateCreated).toBe(iso(now - 2 * HOUR));
  expect(await edge('latest/?environment=production&statsPeriod=90m')).toBe(iso(now - HOUR));
  expect(await edge('oldest/?environment=production&statsPeriod=90m')).toBe(iso(now - HOUR));
  expect(await edge('latest/?environment=staging&statsPeriod=10m')).toBe(404);
  // An environment of the organization where the issue has no event: none to show.
  const stagingOnly = (await stream('/api/0/organizations/faultline/issues/'))['staging only'];
  const reply = await api(`/api/0/issues/${stagingOnly?.id}/events/latest/?environment=production`);
  expect(reply.status).toBe(404);
});
