/**
 * The issue page's page filter, as Sentry's issue details has it: the tag values of the chosen
 * environments' events (`issues.tagValues` with `environments`), and the page's time filter — a
 * period or an absolute range — on the issue's events (`issues.events`) and tags (`issues.tags`).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { FaultlineError } from '../../../src-shared/errors.ts';
import { callApi, startCore, storeEvents } from '../../support/core.ts';

let core: Core;
let groupId = 0;
const HOUR = 3600;
const DAY = 24 * HOUR;
/** When the events were sent (whole seconds, s). */
let now = 0;
const iso = (s: number) => new Date(s * 1000).toISOString();

beforeAll(async () => {
  core = await startCore();
  now = Math.floor(Date.now() / 1000);
  const event = (environment: string, ago: number, region: string, message: string) => ({
    fingerprint: ['checkout'],
    message,
    environment,
    timestamp: now - ago,
    tags: { region },
  });
  await storeEvents(core, [
    event('production', 10 * DAY, 'eu', 'card declined'),
    event('production', 3 * DAY, 'us', 'card declined'),
    event('production', 2 * HOUR, 'eu', 'card expired'),
    event('staging', 5 * HOUR, 'ap', 'card declined'),
    event('staging', 1800, 'ap', 'card expired'),
    event('qa', HOUR, 'qa-only', 'card declined'),
  ]);
  const list = await callApi(core, 'issues.list', { projectId: 1, query: '', period: '30d' });
  groupId = list.issues[0]?.id ?? 0;
}, 60_000);
afterAll(() => core?.close());

const values = async (key: string, environments: string[], sort: 'count' | 'date' | 'age' = 'count') =>
  callApi(core, 'issues.tagValues', { groupId, key, sort, environments });

it("a tag's values count only the chosen environments' events, with their first and last seen", async () => {
  const production = await values('region', ['production']);
  expect(production).toMatchObject({ totalValues: 3, uniqueValues: 2 });
  expect(production.values).toEqual([
    { value: 'eu', count: 2, firstSeen: iso(now - 10 * DAY), lastSeen: iso(now - 2 * HOUR) },
    { value: 'us', count: 1, firstSeen: iso(now - 3 * DAY), lastSeen: iso(now - 3 * DAY) },
  ]);
  const staging = await values('region', ['staging']);
  expect(staging.values.map((v) => [v.value, v.count])).toEqual([['ap', 2]]);
  // Several environments count each one's events; none is every environment's.
  const both = await values('region', ['production', 'staging'], 'date');
  expect(both.values.map((v) => v.value)).toEqual(['ap', 'eu', 'us']);
  expect(both.totalValues).toBe(5);
  expect((await values('region', [])).totalValues).toBe(6);
});

it('a key the issue has, but not in the environment, has no values there; one it never has is not found', async () => {
  const none = await values('region', ['nowhere']);
  expect(none).toMatchObject({ totalValues: 0, uniqueValues: 0, values: [] });
  await expect(values('device', ['production'])).rejects.toMatchObject({ type: 'not_found' });
  await expect(values('device', [])).rejects.toBeInstanceOf(FaultlineError);
});

const eventMessages = async (input: {
  period?: '24h' | '7d' | '14d';
  start?: string;
  end?: string;
  query?: string;
}) => {
  const list = await callApi(core, 'issues.events', { groupId, ...input });
  return { total: list.total, messages: list.events.map((e) => `${e.environment}:${e.message}`) };
};

it("the issue's events are those of the page's period, or of its absolute range [start, end)", async () => {
  expect((await eventMessages({})).total).toBe(6);
  expect(await eventMessages({ period: '24h' })).toEqual({
    total: 4,
    messages: [
      'staging:card expired',
      'qa:card declined',
      'production:card expired',
      'staging:card declined',
    ],
  });
  expect((await eventMessages({ period: '7d' })).total).toBe(5);
  // The range takes events at its start and leaves out those at its end.
  expect(await eventMessages({ start: iso(now - 5 * HOUR), end: iso(now - HOUR) })).toEqual({
    total: 2,
    messages: ['production:card expired', 'staging:card declined'],
  });
  // The range wins over the period, as in Sentry's page filter.
  expect(
    (await eventMessages({ period: '24h', start: iso(now - 11 * DAY), end: iso(now - 2 * DAY) })).total,
  ).toBe(2);
});

it("the search's own date bounds and conditions narrow the page's time further", async () => {
  expect(await eventMessages({ period: '24h', query: 'environment:staging' })).toEqual({
    total: 2,
    messages: ['staging:card expired', 'staging:card declined'],
  });
  expect((await eventMessages({ period: '7d', query: 'date:-3h' })).total).toBe(3);
  // A search window outside the range finds nothing.
  expect(
    (await eventMessages({ start: iso(now - 11 * DAY), end: iso(now - 2 * DAY), query: 'date:-1h' })).total,
  ).toBe(0);
});

it('a range without its end, or ending before it starts, is refused', async () => {
  await expect(callApi(core, 'issues.events', { groupId, start: iso(now - DAY) })).rejects.toMatchObject({
    type: 'invalid_params',
  });
  await expect(
    callApi(core, 'issues.events', { groupId, start: iso(now), end: iso(now - DAY) }),
  ).rejects.toThrow(/start must be before end/);
  await expect(callApi(core, 'issues.tags', { groupId, end: iso(now) })).rejects.toThrow(
    /start and end are both required/,
  );
});

it("the issue's tags count the events of the page's time, in its environments", async () => {
  const region = async (input: {
    period?: '24h' | '7d';
    start?: string;
    end?: string;
    environments?: string[];
  }) => (await callApi(core, 'issues.tags', { groupId, ...input })).find((tag) => tag.key === 'region');
  expect((await region({}))?.totalValues).toBe(6);
  expect(await region({ period: '24h' })).toMatchObject({
    totalValues: 4,
    topValues: [
      expect.objectContaining({ value: 'ap', count: 2 }),
      expect.objectContaining({ value: 'eu', count: 1 }),
      expect.objectContaining({ value: 'qa-only', count: 1 }),
    ],
  });
  expect(await region({ period: '24h', environments: ['production'] })).toMatchObject({
    totalValues: 1,
    topValues: [expect.objectContaining({ value: 'eu', count: 1 })],
  });
  expect(await region({ start: iso(now - 11 * DAY), end: iso(now - 2 * DAY) })).toMatchObject({
    totalValues: 2,
    uniqueValues: 2,
  });
  // Asked again, the kept counts of each time are their own.
  expect((await region({ period: '7d' }))?.totalValues).toBe(5);
  expect((await region({}))?.totalValues).toBe(6);
});
