/**
 * `/issues/{id}/events/recommended/` over real HTTP: Sentry's recommended event of the issue (one
 * with a replay before a newer one without), within the `environment`s and `statsPeriod` or
 * `start`/`end` given, with its `previousEventID` / `nextEventID` by time; 404 where none matches.
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
  const event = (eventId: string, environment: string, ago: number, contexts: object = {}) => ({
    event_id: eventId,
    fingerprint: ['checkout'],
    message: 'checkout failed',
    environment,
    level: 'error',
    timestamp: now - ago,
    contexts,
  });
  await storeEvents(core, [
    event(id('a'), 'production', 3 * HOUR, { replay: { replay_id: id('7') } }),
    event(id('b'), 'production', HOUR),
    event(id('c'), 'staging', 1800, {
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
