/**
 * The page filters on the web API's issue endpoints, as Sentry's take them: `environment` on a tag's
 * details and values (`get_environments`: several, 404 for one the organization does not have), and
 * `statsPeriod` or `start`/`end` (`get_date_range_from_params`, its 400s) on the issue's events —
 * 90 days without them — and its tags.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { startCore, storeEvents } from '../../support/core.ts';
import { tempDir } from '../../support/serve.ts';
import { sentryApiClient } from './api-client.ts';

let core: Core;
let issue = '';
const HOUR = 3600;
const DAY = 24 * HOUR;
let now = 0;
const iso = (s: number) => new Date(s * 1000).toISOString();
const api = sentryApiClient(() => core);
type Json = Record<string, unknown>;

beforeAll(async () => {
  core = await startCore(tempDir(), { httpRpc: true });
  now = Math.floor(Date.now() / 1000);
  const event = (environment: string, ago: number, region: string) => ({
    fingerprint: ['checkout'],
    message: `checkout in ${region}`,
    environment,
    timestamp: now - ago,
    tags: { region },
  });
  await storeEvents(core, [
    event('production', 20 * DAY, 'eu'),
    event('production', 3 * DAY, 'us'),
    event('production', 2 * HOUR, 'eu'),
    event('staging', 1800, 'ap'),
  ]);
  const [row] = (await api('/api/0/projects/faultline/default/issues/?query=')).json as Json[];
  issue = String(row?.id);
}, 60_000);
afterAll(() => core?.close());

const get = async (path: string) => {
  const reply = await api(`/api/0/issues/${issue}/${path}`);
  return { status: reply.status, json: reply.json as Json & Json[] };
};
const valuesOf = (rows: Json[]) => rows.map((row) => [row.value, row.count]);

it("a tag's values and details count the environments' events only, several taken", async () => {
  const production = await get('tags/region/values/?environment=production&sort=count');
  expect(production.status).toBe(200);
  expect(valuesOf(production.json)).toEqual([
    ['eu', 2],
    ['us', 1],
  ]);
  expect(production.json[0]).toMatchObject({ firstSeen: iso(now - 20 * DAY), lastSeen: iso(now - 2 * HOUR) });
  const both = await get('tags/region/values/?environment=production&environment=staging&sort=count');
  expect(valuesOf(both.json)).toEqual([
    ['eu', 2],
    ['ap', 1],
    ['us', 1],
  ]);
  const details = await get('tags/region/?environment=staging');
  expect(details.status).toBe(200);
  expect(details.json).toMatchObject({ key: 'region', totalValues: 1, uniqueValues: 1 });
  expect(valuesOf(details.json.topValues as Json[])).toEqual([['ap', 1]]);
  // The organization route reads it alike.
  const org = await api(
    `/api/0/organizations/faultline/issues/${issue}/tags/region/values/?environment=staging`,
  );
  expect(valuesOf(org.json as Json[])).toEqual([['ap', 1]]);
});

it('an environment the organization does not have is 404, as is a key the issue never has', async () => {
  expect((await get('tags/region/values/?environment=qa')).status).toBe(404);
  expect((await get('tags/region/?environment=qa')).status).toBe(404);
  expect((await get('tags/region/values/?environment=production&environment=qa')).status).toBe(404);
  expect((await get('tags/device/values/?environment=production')).status).toBe(404);
});

it("the issue's events are those of statsPeriod or start and end, the last 90 days without them", async () => {
  const messages = async (query: string) => {
    const reply = await get(`events/${query}`);
    expect(reply.status).toBe(200);
    return reply.json.map((event) => event.message);
  };
  expect(await messages('')).toEqual([
    'checkout in ap',
    'checkout in eu',
    'checkout in us',
    'checkout in eu',
  ]);
  expect(await messages('?statsPeriod=24h')).toEqual(['checkout in ap', 'checkout in eu']);
  // Any period Sentry parses, not only the app's.
  expect(await messages('?statsPeriod=90m')).toEqual(['checkout in ap']);
  expect(await messages(`?start=${iso(now - 4 * DAY)}&end=${iso(now - HOUR)}`)).toEqual([
    'checkout in eu',
    'checkout in us',
  ]);
  // With the environment and a search, as Sentry joins them.
  expect(await messages('?statsPeriod=7d&environment=production')).toEqual([
    'checkout in eu',
    'checkout in us',
  ]);
  expect(await messages('?statsPeriod=7d&query=region:us')).toEqual(['checkout in us']);
  // The Link header pages within the range.
  const paged = await api(`/api/0/issues/${issue}/events/?statsPeriod=7d&per_page=2`);
  expect(paged.headers['x-hits']).toBe('3');
});

it("refuses a bad period or range with 400 and Sentry's detail", async () => {
  const detail = async (query: string) => {
    const reply = await get(`events/${query}`);
    expect(reply.status).toBe(400);
    return reply.json.detail;
  };
  expect(await detail('?statsPeriod=forever')).toBe("Invalid statsPeriod: 'forever'");
  expect(await detail(`?start=${iso(now - DAY)}`)).toBe('start and end are both required');
  expect(await detail(`?start=${iso(now)}&end=${iso(now - DAY)}`)).toBe('start must be before end');
  expect(await detail('?start=yesterday&end=today')).toBe('yesterday is not a valid ISO8601 date query');
  expect(await detail('?statsPeriodStart=7d')).toBe('statsPeriodStart and statsPeriodEnd are both required');
  // The issue's tags read the dates alike.
  expect((await get('tags/?statsPeriod=forever')).status).toBe(400);
});

it("the issue's tags count the events of statsPeriod or start and end, every event's without them", async () => {
  const region = async (query: string) => {
    const reply = await get(`tags/${query}`);
    expect(reply.status).toBe(200);
    return reply.json.find((tag) => tag.key === 'region');
  };
  expect((await region(''))?.totalValues).toBe(4);
  expect(await region('?statsPeriod=24h')).toMatchObject({ totalValues: 2, uniqueValues: 2 });
  expect(
    await region(`?start=${iso(now - 4 * DAY)}&end=${iso(now - HOUR)}&environment=production`),
  ).toMatchObject({
    totalValues: 2,
    topValues: [
      expect.objectContaining({ value: 'eu', count: 1 }),
      expect.objectContaining({ value: 'us', count: 1 }),
    ],
  });
});
