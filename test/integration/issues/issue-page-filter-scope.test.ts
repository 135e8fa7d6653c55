/**
 * The parts of the issue page that follow its filter through the real core (SQLite and the DuckDB
 * event index in a temp dir): the event shown — latest or oldest — and its Older/Newer are those of
 * the chosen environments and period or range, as Sentry's group event details; none matching is
 * not found rather than another environment's event; an event opened by id outside the filter still
 * shows, its neighbours the filter's. The User Feedback, Attachments and Replays tabs list only the
 * filter's events' feedback, attachments and replays; the Attachments tab also only those of the events
 * that match the page's event search. The issue's events and users beside its chart follow the whole filter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import type { ApiMethod, ApiParams } from '../../../src-shared/api.ts';
import { callApi, sendEnvelope, startCore } from '../../support/core.ts';

let core: Core;
let groupId = 0;
const HOUR = 3600;
const DAY = 24 * HOUR;
/** When the events were sent (whole seconds). */
let now = 0;
const iso = (s: number) => new Date(s * 1000).toISOString();
const call = <M extends ApiMethod>(method: M, params: ApiParams<M>) => callApi(core, method, params);

const id = (c: string) => c.repeat(32);
const REPLAY_PROD = id('1');
const REPLAY_STAGING = id('2');
/** Named by an event, but Faultline never received it: not one of the issue's replays. */
const REPLAY_MISSING = id('3');

/** The issue's events: environment, age (s), user, with an attachment, feedback or replay. */
const EVENTS = [
  { eventId: id('a'), environment: 'production', ago: 10 * DAY, user: 'ada', attachment: 'prod.log' },
  { eventId: id('b'), environment: 'production', ago: 3 * DAY, user: 'ada', feedback: 'b broke' },
  { eventId: id('c'), environment: 'staging', ago: 5 * HOUR, user: 'bob', feedback: 'c broke' },
  { eventId: id('d'), environment: 'production', ago: 2 * HOUR, user: 'ada', replay: REPLAY_PROD },
  {
    eventId: id('e'),
    environment: 'staging',
    ago: 1800,
    user: 'cy',
    feedback: 'e broke',
    attachment: 'staging.log',
    replay: REPLAY_STAGING,
  },
  { eventId: id('f'), environment: 'qa', ago: HOUR, user: 'dee', replay: REPLAY_MISSING },
] as const;

function envelope(header: object, items: Array<[object, string]>): string {
  return [JSON.stringify(header), ...items.flatMap(([item, body]) => [JSON.stringify(item), body])].join(
    '\n',
  );
}

beforeAll(async () => {
  core = await startCore();
  now = Math.floor(Date.now() / 1000);
  // The feedback first: a report about an event stored long before it would be refused (Sentry's rule).
  for (const event of EVENTS)
    if ('feedback' in event)
      await sendEnvelope(
        core,
        envelope({ event_id: event.eventId }, [
          [
            { type: 'user_report' },
            JSON.stringify({
              event_id: event.eventId,
              name: 'Ada',
              email: 'ada@example.com',
              comments: event.feedback,
            }),
          ],
        ]),
      );
  for (const event of EVENTS) {
    const payload = {
      event_id: event.eventId,
      fingerprint: ['checkout'],
      message: `checkout failed ${event.eventId[0]}`,
      environment: event.environment,
      timestamp: now - event.ago,
      platform: 'javascript',
      ...('user' in event ? { user: { id: event.user } } : {}),
      ...('replay' in event ? { contexts: { replay: { replay_id: event.replay } } } : {}),
    };
    const items: Array<[object, string]> = [[{ type: 'event' }, JSON.stringify(payload)]];
    if ('attachment' in event)
      items.push([{ type: 'attachment', filename: event.attachment, length: 5 }, 'lines']);
    await sendEnvelope(core, envelope({ event_id: event.eventId }, items));
  }
  for (const replayId of [REPLAY_PROD, REPLAY_STAGING])
    await sendEnvelope(
      core,
      envelope({ event_id: replayId }, [
        [
          { type: 'replay_event' },
          JSON.stringify({
            type: 'replay_event',
            replay_id: replayId,
            event_id: replayId,
            segment_id: 0,
            replay_type: 'session',
            timestamp: now - 60,
            replay_start_timestamp: now - 120,
            urls: [`http://127.0.0.1/${replayId[0]}`],
            error_ids: [],
            trace_ids: [],
          }),
        ],
      ]),
    );
  const list = await call('issues.list', { projectId: 1, query: '', period: '30d' });
  expect(list.issues).toHaveLength(1);
  groupId = list.issues[0]?.id ?? 0;
}, 60_000);
afterAll(() => core?.close());

type Filter = { environments?: string[]; period?: '1h' | '24h' | '7d'; start?: string; end?: string };

/** The filter's latest or oldest event, as the page's Latest and Oldest buttons open it; null when none matches. */
async function edge(eventId: 'latest' | 'oldest', filter: Filter): Promise<string | null> {
  try {
    return (await call('events.get', { groupId, eventId, ...filter })).eventId;
  } catch (error) {
    if ((error as { type?: string }).type === 'not_found') return null;
    throw error;
  }
}

/** The event shown and its navigation, as one letter each ('-' for none). */
async function shown(eventId: string, filter: Filter) {
  const event = await call('events.get', { groupId, eventId, ...filter });
  const letter = (value: string | null) => value?.[0] ?? '-';
  return {
    event: letter(event.eventId),
    oldest: letter(await edge('oldest', filter)),
    older: letter(event.previousEventId),
    newer: letter(event.nextEventId),
    latest: letter(await edge('latest', filter)),
  };
}

describe('the event shown and Older/Newer', () => {
  it('with no filter, every event of the issue', async () => {
    expect(await shown('latest', {})).toEqual({
      event: 'e',
      oldest: 'a',
      older: 'f',
      newer: '-',
      latest: 'e',
    });
  });

  it('within the chosen environments: the latest is theirs and Older/Newer step through theirs only', async () => {
    const production = { environments: ['production'] };
    expect(await shown('latest', production)).toEqual({
      event: 'd',
      oldest: 'a',
      older: 'b',
      newer: '-',
      latest: 'd',
    });
    expect(await shown('oldest', production)).toEqual({
      event: 'a',
      oldest: 'a',
      older: '-',
      newer: 'b',
      latest: 'd',
    });
    expect(await shown(id('b'), production)).toEqual({
      event: 'b',
      oldest: 'a',
      older: 'a',
      newer: 'd',
      latest: 'd',
    });
    const both = { environments: ['staging', 'qa'] };
    expect(await shown('latest', both)).toEqual({
      event: 'e',
      oldest: 'c',
      older: 'f',
      newer: '-',
      latest: 'e',
    });
    expect(await shown(id('f'), both)).toEqual({
      event: 'f',
      oldest: 'c',
      older: 'c',
      newer: 'e',
      latest: 'e',
    });
  });

  it('within a period or an absolute range, alone or with environments', async () => {
    expect(await shown('oldest', { period: '24h' })).toEqual({
      event: 'c',
      oldest: 'c',
      older: '-',
      newer: 'd',
      latest: 'e',
    });
    expect(await shown(id('d'), { period: '24h' })).toEqual({
      event: 'd',
      oldest: 'c',
      older: 'c',
      newer: 'f',
      latest: 'e',
    });
    expect(await shown('latest', { environments: ['production'], period: '7d' })).toEqual({
      event: 'd',
      oldest: 'b',
      older: 'b',
      newer: '-',
      latest: 'd',
    });
    // [start, end): an event at `end` is out, at `start` in.
    const range = { start: iso(now - 3 * DAY), end: iso(now - 2 * HOUR) };
    expect(await shown('latest', range)).toEqual({
      event: 'c',
      oldest: 'b',
      older: 'b',
      newer: '-',
      latest: 'c',
    });
    expect(await shown('latest', { ...range, environments: ['production'] })).toEqual({
      event: 'b',
      oldest: 'b',
      older: '-',
      newer: '-',
      latest: 'b',
    });
  });

  it('an event opened by id outside the filter still shows, its Older/Newer those of the filter', async () => {
    expect(await shown(id('c'), { environments: ['production'] })).toEqual({
      event: 'c',
      oldest: 'a',
      older: 'b',
      newer: 'd',
      latest: 'd',
    });
    expect(await shown(id('a'), { period: '24h' })).toEqual({
      event: 'a',
      oldest: 'c',
      older: '-',
      newer: 'c',
      latest: 'e',
    });
  });

  it('when no event matches, the latest is not found rather than another environment’s', async () => {
    await expect(
      call('events.get', { groupId, eventId: 'latest', environments: ['nowhere'] }),
    ).rejects.toMatchObject({
      type: 'not_found',
      message: expect.stringContaining('matches the filter'),
    });
    await expect(
      call('events.get', { groupId, eventId: 'oldest', environments: ['qa'], period: '1h' }),
    ).rejects.toMatchObject({ type: 'not_found' });
    await expect(
      call('events.get', {
        groupId,
        eventId: 'latest',
        start: iso(now - 20 * DAY),
        end: iso(now - 15 * DAY),
      }),
    ).rejects.toMatchObject({ type: 'not_found' });
  });

  it('a range that ends before it starts is refused', async () => {
    await expect(
      call('events.get', { groupId, eventId: 'latest', start: iso(now), end: iso(now - DAY) }),
    ).rejects.toMatchObject({ type: 'invalid_params' });
  });
});

describe('the User Feedback and Attachments tabs', () => {
  const feedback = async (filter: Filter) =>
    (await call('issues.feedback', { groupId, ...filter })).feedback.map((entry) => entry.comments).sort();
  const attachments = async (filter: Filter) =>
    (await call('issues.attachments', { groupId, ...filter })).attachments.map((a) => a.name).sort();

  it("list the feedback on the filter's events only, and count it", async () => {
    expect(await feedback({})).toEqual(['b broke', 'c broke', 'e broke']);
    expect(await feedback({ environments: ['production'] })).toEqual(['b broke']);
    expect(await feedback({ environments: ['staging'] })).toEqual(['c broke', 'e broke']);
    expect(await feedback({ environments: ['staging'], period: '1h' })).toEqual(['e broke']);
    expect(await feedback({ period: '7d', environments: ['production', 'qa'] })).toEqual(['b broke']);
    expect(await feedback({ environments: ['qa'] })).toEqual([]);
    const page = await call('issues.feedback', { groupId, environments: ['staging'], limit: 1 });
    expect(page.total).toBe(2);
    expect(page.feedback).toHaveLength(1);
    // The tab's count (the total of its first page) follows the environments too.
    expect((await call('issues.feedback', { groupId, limit: 1 })).total).toBe(3);
  });

  it("list the attachments of the filter's events only", async () => {
    expect(await attachments({})).toEqual(['prod.log', 'staging.log']);
    expect(await attachments({ environments: ['staging'] })).toEqual(['staging.log']);
    expect(await attachments({ environments: ['production'] })).toEqual(['prod.log']);
    expect(await attachments({ period: '24h' })).toEqual(['staging.log']);
    expect(await attachments({ environments: ['production'], period: '24h' })).toEqual([]);
    expect((await call('issues.attachments', { groupId, environments: ['qa'] })).total).toBe(0);
  });

  it("list the attachments of the events that match the page's event search, as Sentry's take its query", async () => {
    const searched = async (query: string, filter: Filter = {}) =>
      (await call('issues.attachments', { groupId, query, ...filter })).attachments.map((a) => a.name).sort();
    expect(await searched('environment:staging')).toEqual(['staging.log']);
    expect(await searched('"failed a"')).toEqual(['prod.log']);
    expect(await searched('date:-1d')).toEqual(['staging.log']);
    // Joined to the page's environments: production's attachment does not match a staging search.
    expect(await searched('"failed e"', { environments: ['production'] })).toEqual([]);
    expect(await searched('nosuchkey:x')).toEqual([]);
    await expect(call('issues.attachments', { groupId, query: 'is:unresolved' })).rejects.toMatchObject({
      type: 'invalid_query',
    });
  });
});

describe('the Replays tab', () => {
  const replays = async (filter: Filter) => {
    const list = await call('issues.replays', { groupId, ...filter });
    return { total: list.total, ids: list.replays.map((replay) => replay.id[0]).sort() };
  };

  it('lists the replays Faultline has of the filter’s events, as the Replays page shows them', async () => {
    expect(await replays({})).toEqual({ total: 2, ids: ['1', '2'] });
    expect(await replays({ environments: ['production'] })).toEqual({ total: 1, ids: ['1'] });
    expect(await replays({ environments: ['staging'], period: '1h' })).toEqual({ total: 1, ids: ['2'] });
    expect(await replays({ period: '1h', environments: ['production'] })).toEqual({ total: 0, ids: [] });
    // An event naming a replay that never arrived adds none.
    expect(await replays({ environments: ['qa'] })).toEqual({ total: 0, ids: [] });
    const [replay] = (await call('issues.replays', { groupId, environments: ['production'] })).replays;
    expect(replay).toMatchObject({
      id: REPLAY_PROD,
      projectId: 1,
      urls: ['http://127.0.0.1/1'],
      countSegments: 1,
    });
  });

  it('counts them without reading them with limit 0', async () => {
    expect(await call('issues.replays', { groupId, limit: 0 })).toEqual({ replays: [], total: 2 });
  });
});

describe("the issue's events and users under the page filter (issues.counts)", () => {
  const counts = (filter: Filter & { query?: string }) => call('issues.counts', { groupId, ...filter });

  it("are the issue's own numbers when nothing narrows it", async () => {
    expect(await counts({})).toEqual({ count: 6, userCount: 4 });
  });

  it("are the chosen environments' and time's events and their users, as Sentry's graph counts them", async () => {
    expect(await counts({ environments: ['production'] })).toEqual({ count: 3, userCount: 1 });
    expect(await counts({ environments: ['staging'] })).toEqual({ count: 2, userCount: 2 });
    expect(await counts({ period: '24h' })).toEqual({ count: 4, userCount: 4 });
    expect(await counts({ environments: ['production'], period: '24h' })).toEqual({ count: 1, userCount: 1 });
    expect(await counts({ start: iso(now - 4 * DAY), end: iso(now - DAY) })).toEqual({
      count: 1,
      userCount: 1,
    });
    expect(await counts({ environments: ['qa'] })).toEqual({ count: 1, userCount: 1 });
  });

  it("are the events that match the page's event search, joined to the filter", async () => {
    expect(await counts({ query: 'user.id:ada' })).toEqual({ count: 3, userCount: 1 });
    expect(await counts({ query: '"failed e"' })).toEqual({ count: 1, userCount: 1 });
    expect(await counts({ query: 'date:-1d' })).toEqual({ count: 4, userCount: 4 });
    expect(await counts({ query: 'environment:staging', period: '1h' })).toEqual({ count: 1, userCount: 1 });
    expect(await counts({ query: 'user.id:ada', environments: ['staging'] })).toEqual({
      count: 0,
      userCount: 0,
    });
    expect(await counts({ query: 'nosuchkey:x' })).toEqual({ count: 0, userCount: 0 });
  });

  it('refuse a search of issues, which the events of one issue cannot answer', async () => {
    await expect(counts({ query: 'is:unresolved' })).rejects.toMatchObject({ type: 'invalid_query' });
  });
});
