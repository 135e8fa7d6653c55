/**
 * The issue list's environment filter, as Sentry's page filter narrows its stream
 * (`StreamGroupSerializerSnuba` with `environment_ids`): only issues with events in the chosen
 * environments, each counted, seen and graphed on those events alone.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import type { StatsPeriod } from '../../../src-shared/issues-api.ts';
import { callApi, startCore, storeEvents } from '../../support/core.ts';

let core: Core;
const HOUR = 3600;
const DAY = 24 * HOUR;
/** When the events were sent (whole seconds, s). */
let now = 0;
const iso = (s: number) => new Date(s * 1000).toISOString();

beforeAll(async () => {
  core = await startCore();
  now = Math.floor(Date.now() / 1000);
  const event = (fingerprint: string, environment: string, ago: number, user: string, level = 'error') => ({
    fingerprint: [fingerprint],
    message: fingerprint,
    environment,
    level,
    timestamp: now - ago,
    user: { id: user },
  });
  const events = [
    event('checkout', 'production', 10 * DAY, 'u1'),
    event('checkout', 'production', 2 * HOUR, 'u1'),
    event('checkout', 'production', HOUR, 'u2', 'warning'),
    event('checkout', 'staging', 3 * DAY, 'u3'),
    event('checkout', 'staging', 1800, 'u3'),
    event('staging only', 'staging', 5 * HOUR, 'u4'),
    event('production only', 'production', 2 * DAY, 'u6'),
    event('production late', 'production', 2700, 'u7'),
  ];
  await storeEvents(core, events);
}, 60_000);
afterAll(() => core?.close());

async function list(environments: string[], period: StatsPeriod = '24h', query = '') {
  const result = await callApi(core, 'issues.list', { projectId: 1, query, period, environments });
  return Object.fromEntries(result.issues.map((issue) => [issue.title, issue]));
}

it("lists the project's environments, as events name them", async () => {
  expect(await callApi(core, 'issues.environments', { projectId: 1 })).toEqual(['production', 'staging']);
});

it("lists only issues with events in the environment, with that environment's events, users and first and last seen", async () => {
  const production = await list(['production']);
  expect(Object.keys(production).sort()).toEqual(['checkout', 'production late']);
  expect(production.checkout).toMatchObject({
    count: 2,
    userCount: 2,
    lifetime: { count: 3, userCount: 2 },
    firstSeen: iso(now - 10 * DAY),
    lastSeen: iso(now - HOUR),
    periodFirstSeen: iso(now - 2 * HOUR),
  });
  // The graph is the environment's too: its buckets hold the environment's two events of the day.
  expect(production.checkout?.stats.reduce((sum, n) => sum + n, 0)).toBe(2);

  const staging = await list(['staging']);
  expect(Object.keys(staging).sort()).toEqual(['checkout', 'staging only']);
  expect(staging.checkout).toMatchObject({
    count: 1,
    userCount: 1,
    lifetime: { count: 2, userCount: 1 },
    firstSeen: iso(now - 3 * DAY),
    lastSeen: iso(now - 1800),
  });
  expect(staging.checkout?.stats.reduce((sum, n) => sum + n, 0)).toBe(1);
  expect(staging['staging only']).toMatchObject({
    count: 1,
    userCount: 1,
    lifetime: { count: 1, userCount: 1 },
  });
});

it('counts the period of the environment: an issue with none of its events there is left out', async () => {
  const production = await list(['production'], '14d');
  expect(Object.keys(production).sort()).toEqual(['checkout', 'production late', 'production only']);
  expect(production.checkout).toMatchObject({ count: 3, userCount: 2 });
  expect(production['production only']).toMatchObject({ count: 1, userCount: 1 });
});

it('several environments count the events of each of them', async () => {
  const both = await list(['production', 'staging']);
  expect(both.checkout).toMatchObject({ count: 3, userCount: 3, lifetime: { count: 5, userCount: 3 } });
  // Without environments the list is every environment's, as before.
  expect((await list([])).checkout).toMatchObject({
    count: 3,
    userCount: 3,
    lifetime: { count: 5, userCount: 3 },
  });
});

it("a search's matching events are counted in the environment only", async () => {
  const production = await list(['production'], '24h', 'level:warning');
  expect(Object.keys(production)).toEqual(['checkout']);
  expect(production.checkout).toMatchObject({ count: 2, userCount: 2, filtered: { count: 1, userCount: 1 } });
  expect(await list(['staging'], '24h', 'level:warning')).toEqual({});
});

it('sorts by the last event in the environment, as Sentry sorts what it searched', async () => {
  // checkout was last seen 30 minutes ago in staging, an hour ago in production: after the
  // 45-minute-old production late there, before it over every environment.
  expect(Object.keys(await list(['production']))).toEqual(['production late', 'checkout']);
  expect(Object.keys(await list([]))).toEqual(['checkout', 'production late', 'staging only']);
});

it('an environment no event names lists nothing', async () => {
  expect(await list(['qa'])).toEqual({});
});

it("the issue page shows the environment's events, users, first and last seen and chart", async () => {
  const groupId = (await list([])).checkout?.id ?? 0;
  const production = await callApi(core, 'issues.get', { groupId, environments: ['production'] });
  expect(production).toMatchObject({
    count: 3,
    userCount: 2,
    firstSeen: iso(now - 10 * DAY),
    lastSeen: iso(now - HOUR),
  });
  expect(production.stats.reduce((sum, n) => sum + n, 0)).toBe(2);
  expect(await callApi(core, 'issues.get', { groupId })).toMatchObject({ count: 5, userCount: 3 });

  const chart = async (period: StatsPeriod, environments: string[]) => {
    const stats = await callApi(core, 'issues.stats', { groupId, period, environments });
    return { total: stats.total, charted: stats.points.reduce((sum, p) => sum + p.count, 0) };
  };
  expect(await chart('24h', ['staging'])).toEqual({ total: 1, charted: 1 });
  expect(await chart('14d', ['staging'])).toEqual({ total: 2, charted: 2 });
  expect(await chart('24h', ['production', 'staging'])).toEqual({ total: 3, charted: 3 });
  expect(await chart('24h', ['qa'])).toEqual({ total: 0, charted: 0 });
});

it("the issue's tags count the environment's events only", async () => {
  const groupId = (await list([])).checkout?.id ?? 0;
  const environmentTag = async (environments: string[]) =>
    (await callApi(core, 'issues.tags', { groupId, environments })).find((tag) => tag.key === 'environment');
  expect(await environmentTag(['staging'])).toMatchObject({
    totalValues: 2,
    topValues: [expect.objectContaining({ value: 'staging', count: 2 })],
  });
  expect((await environmentTag([]))?.totalValues).toBe(5);
  const level = (await callApi(core, 'issues.tags', { groupId, environments: ['production'] })).find(
    (tag) => tag.key === 'level',
  );
  expect(level?.totalValues).toBe(3);
});
