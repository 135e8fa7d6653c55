/**
 * `/issues/{id}/events/recommended/` over real HTTP: Sentry's recommended event of the issue (one
 * with a replay before a newer one without), within the `environment`s, `statsPeriod` or
 * `start`/`end` and event search `query` given, with its `previousEventID` / `nextEventID` by time;
 * 404 where none matches, 400 for a query Sentry refuses.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { startCore, storeEvents } from '../../support/core.ts';
import { tempDir } from '../../support/serve.ts';
import { sentryApiClient } from './api-client.ts';

let core: Core;
const HOUR = 3600;
let now = 0;
const api = sentryApiClient(() => core);
const id = (c: string) => c.repeat(32);
let issuePath = '';

beforeAll(async () => {
  core = await startCore(tempDir(), { httpRpc: true });
  now = Math.floor(Date.now() / 1000);
  const event = (
    eventId: string,
    environment: string,
    region: string,
    ago: number,
    contexts: object = {},
  ) => ({
    event_id: eventId,
    fingerprint: ['checkout'],
    message: 'checkout failed',
    environment,
    level: 'error',
    timestamp: now - ago,
    tags: { region },
    contexts,
  });
  await storeEvents(core, [
    event(id('a'), 'production', 'eu', 3 * HOUR, { replay: { replay_id: id('7') } }),
    event(id('b'), 'production', 'us', HOUR),
    event(id('c'), 'staging', 'us', 1800, {
      trace: { trace_id: id('5'), span_id: '6'.repeat(16), sampled: true },
    }),
  ]);
  const issues = (await api('/api/0/organizations/faultline/issues/')).json as Array<{ id: string }>;
  expect(issues).toHaveLength(1);
  issuePath = `/api/0/issues/${issues[0]?.id}/events`;
}, 60_000);
afterAll(() => core?.close());

interface EventReply {
  eventID: string;
  previousEventID: string | null;
  nextEventID: string | null;
}

async function eventAt(path: string): Promise<EventReply | number> {
  const reply = await api(`${issuePath}/${path}`);
  if (reply.status !== 200) return reply.status;
  const { eventID, previousEventID, nextEventID } = reply.json as EventReply;
  return { eventID, previousEventID, nextEventID };
}

it('answers the event with a replay before newer ones, its previous and next by time', async () => {
  expect(await eventAt('recommended/')).toEqual({
    eventID: id('a'),
    previousEventID: null,
    nextEventID: id('b'),
  });
  expect(await eventAt('latest/')).toMatchObject({ eventID: id('c') });
});

it('within the environments given: a sampled trace wins there, its neighbours are theirs', async () => {
  expect(await eventAt('recommended/?environment=staging')).toEqual({
    eventID: id('c'),
    previousEventID: null,
    nextEventID: null,
  });
  expect(await eventAt('recommended/?environment=production&environment=staging')).toMatchObject({
    eventID: id('a'),
  });
});

it('within statsPeriod or start/end, and 404 when nothing matches', async () => {
  expect(await eventAt('recommended/?environment=production&statsPeriod=2h')).toEqual({
    eventID: id('b'),
    previousEventID: null,
    nextEventID: null,
  });
  const start = new Date((now - 2 * HOUR) * 1000).toISOString();
  const end = new Date((now + 60) * 1000).toISOString();
  expect(await eventAt(`recommended/?start=${start}&end=${end}`)).toMatchObject({ eventID: id('c') });
  expect(await eventAt('recommended/?environment=staging&statsPeriod=10m')).toBe(404);
  expect(await eventAt('recommended/?environment=qa')).toBe(404);
});

it("within the event search `query`: the edges and neighbours are its matches'", async () => {
  // Only b and c are in `us`: c's sampled trace wins, its previous is b; a stays `eu`'s.
  expect(await eventAt('recommended/?query=region:us')).toEqual({
    eventID: id('c'),
    previousEventID: id('b'),
    nextEventID: null,
  });
  expect(await eventAt('oldest/?query=region:us')).toMatchObject({ eventID: id('b') });
  expect(await eventAt('latest/?query=region:eu')).toMatchObject({ eventID: id('a') });
  expect(await eventAt('recommended/?query=region:us&environment=production')).toEqual({
    eventID: id('b'),
    previousEventID: null,
    nextEventID: null,
  });
  // An event by id is shown whatever the query; its neighbours are the query's.
  expect(await eventAt(`${id('b')}/?query=region:us`)).toEqual({
    eventID: id('b'),
    previousEventID: null,
    nextEventID: id('c'),
  });
  expect(await eventAt('recommended/?query=region:mars')).toBe(404);
  expect(await eventAt('recommended/?query=nosuchtag:x')).toBe(404);
});

it('refuses a query that does not parse or filters issues rather than events, with 400', async () => {
  for (const query of ['(region:us', 'is:unresolved']) {
    const reply = await api(`${issuePath}/recommended/?query=${encodeURIComponent(query)}`);
    expect(reply.status).toBe(400);
    expect((reply.json as { detail: string }).detail).toMatch(/^Invalid event query: /);
  }
});
