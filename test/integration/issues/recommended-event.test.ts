/**
 * The issue's recommended event through the real core (SQLite and the DuckDB event index in a temp
 * dir), as Sentry's `Group.get_recommended_event`: of the events in the page's filter it prefers one
 * with a replay, then a sampled trace, then fewer processing errors, then a profile, then the newest;
 * without dates it looks at the 7 days up to the issue's last event and falls back to the latest;
 * none matching the filter is not found. Its Older/Newer are its neighbours in time. A replay id
 * counts only when Faultline has that replay (Relay's replay event from the corpus, its segment 0):
 * the first candidate whose replay is stored wins, else the first candidate.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import type { ApiMethod, ApiParams } from '../../../src-shared/api.ts';
import { callApi, sendEnvelope, startCore } from '../../support/core.ts';

let core: Core;
let groupId = 0;
const HOUR = 3600;
const DAY = 24 * HOUR;
let now = 0;
const CORPUS_REPLAY = path.resolve(
  import.meta.dirname,
  '../../../../shared/corpus/envelopes/relay/replay.json',
);
const corpusMissing = fs.existsSync(CORPUS_REPLAY) ? undefined : `${CORPUS_REPLAY} is absent`;
if (corpusMissing) console.warn(`skipping the recommended event's replay check: ${corpusMissing}`);
let replayCheckGroupId = 0;
/** The corpus replay's id, the one replay Faultline gets whole. */
let storedReplay = '';
/** A replay of which only segment 1 arrives: no replay Faultline shows. */
const HEADLESS_REPLAY = '0e'.repeat(16);
/** The second issue's events by name (their ids are hex, as SDKs send them). */
const CHECK_IDS: Record<string, string> = {
  j: 'a0'.repeat(16),
  g: 'b0'.repeat(16),
  h: 'c0'.repeat(16),
  k: 'd0'.repeat(16),
  m: 'e0'.repeat(16),
  n: 'f0'.repeat(16),
};
const checkName = (eventId: string) =>
  Object.entries(CHECK_IDS).find(([, value]) => value === eventId)?.[0] ?? eventId;
const call = <M extends ApiMethod>(method: M, params: ApiParams<M>) => callApi(core, method, params);
const id = (c: string) => c.repeat(32);

interface Spec {
  eventId: string;
  environment: string;
  /** Age in seconds. */
  ago: number;
  replay?: boolean;
  /** The trace context's `sampled`; no trace context without it. */
  sampled?: boolean;
  profile?: boolean;
  /** An invalid level, which normalization records as a processing error. */
  processingError?: boolean;
}

/** One issue; the letter or digit is the event's id. */
const EVENTS: Spec[] = [
  // Outside the 7 days before the last event: only a period that reaches it sees it.
  { eventId: id('a'), environment: 'production', ago: 10 * DAY, replay: true, sampled: true },
  { eventId: id('b'), environment: 'production', ago: 2 * DAY, replay: true, sampled: false },
  { eventId: id('c'), environment: 'production', ago: 20 * HOUR, sampled: true },
  { eventId: id('d'), environment: 'staging', ago: HOUR, replay: true, sampled: true, profile: true },
  { eventId: id('e'), environment: 'production', ago: 600 },
  { eventId: id('f'), environment: 'production', ago: 300, profile: true },
  // qa: fewer processing errors first, then a profile, over being the newest.
  { eventId: id('1'), environment: 'qa', ago: 3 * HOUR, profile: true, processingError: true },
  { eventId: id('2'), environment: 'qa', ago: 4 * HOUR },
  { eventId: id('3'), environment: 'qa', ago: 5 * HOUR, profile: true },
  // old: only long before the last event, with nothing to prefer.
  { eventId: id('4'), environment: 'old', ago: 9 * DAY },
  { eventId: id('9'), environment: 'old', ago: 8 * DAY, processingError: true },
];

function payload(spec: Spec) {
  const contexts: Record<string, object> = {};
  if (spec.replay) contexts.replay = { replay_id: id('7') };
  if (spec.sampled !== undefined)
    contexts.trace = { trace_id: id('5'), span_id: '6'.repeat(16), sampled: spec.sampled };
  if (spec.profile) contexts.profile = { profile_id: id('8') };
  return {
    event_id: spec.eventId,
    fingerprint: ['recommended'],
    message: `checkout failed ${spec.eventId[0]}`,
    environment: spec.environment,
    timestamp: now - spec.ago,
    platform: 'javascript',
    level: spec.processingError ? 'loud' : 'error',
    contexts,
  };
}

beforeAll(async () => {
  core = await startCore();
  now = Math.floor(Date.now() / 1000);
  for (const spec of EVENTS) {
    const body = JSON.stringify(payload(spec));
    await sendEnvelope(
      core,
      [JSON.stringify({ event_id: spec.eventId }), '{"type":"event"}', body].join('\n'),
    );
  }
  if (!corpusMissing) await sendReplayCheckIssue();
  const list = await call('issues.list', { projectId: 1, query: '', period: '30d' });
  const byTitle = (word: string) => list.issues.find((issue) => issue.title.includes(word))?.id ?? 0;
  groupId = byTitle('checkout');
  replayCheckGroupId = byTitle('replay check');
  expect(groupId).toBeGreaterThan(0);
}, 60_000);

/** A replay event of Relay's corpus, sent now as `segment`; its replay id is the corpus's unless given. */
async function sendReplay(segment: number, replayId?: string): Promise<string> {
  const replay = JSON.parse(fs.readFileSync(CORPUS_REPLAY, 'utf8')) as Record<string, unknown>;
  Object.assign(replay, { segment_id: segment, timestamp: now - 30, replay_start_timestamp: now - 90 });
  if (replayId) Object.assign(replay, { replay_id: replayId });
  const header = JSON.stringify({ event_id: replay.event_id });
  await sendEnvelope(core, [header, '{"type":"replay_event"}', JSON.stringify(replay)].join('\n'));
  return String(replay.replay_id);
}

/**
 * The second issue: in `web`, j (headless replay, sampled) and g (missing replay, sampled) come
 * before h (stored replay, not sampled) in the ordering, k (sampled, no replay) after them; in `lost`,
 * m names a replay that never arrived and n has only a sampled trace.
 */
async function sendReplayCheckIssue() {
  storedReplay = await sendReplay(0);
  await sendReplay(1, HEADLESS_REPLAY);
  const trace = { trace_id: id('5'), span_id: '6'.repeat(16), sampled: true };
  const replayCheck: Array<[string, string, number, object]> = [
    [CHECK_IDS.j ?? '', 'web', 1800, { replay: { replay_id: HEADLESS_REPLAY }, trace }],
    [CHECK_IDS.g ?? '', 'web', 2 * HOUR, { replay: { replay_id: id('7') }, trace }],
    [CHECK_IDS.h ?? '', 'web', 3 * HOUR, { replay: { replay_id: storedReplay } }],
    [CHECK_IDS.k ?? '', 'web', HOUR, { trace }],
    [CHECK_IDS.m ?? '', 'lost', 2 * HOUR, { replay: { replay_id: id('7') } }],
    [CHECK_IDS.n ?? '', 'lost', HOUR, { trace }],
  ];
  for (const [eventId, environment, ago, contexts] of replayCheck) {
    const body = JSON.stringify({
      event_id: eventId,
      fingerprint: ['replay-check'],
      message: 'replay check failed',
      environment,
      timestamp: now - ago,
      platform: 'javascript',
      contexts,
    });
    await sendEnvelope(core, [JSON.stringify({ event_id: eventId }), '{"type":"event"}', body].join('\n'));
  }
}
afterAll(() => core?.close());

type Filter = {
  environments?: string[];
  period?: '1h' | '24h' | '7d' | '14d';
  start?: string;
  end?: string;
  query?: string;
};
const letter = (value: string | null) => value?.[0] ?? '-';

async function recommended(filter: Filter) {
  const event = await call('events.get', { groupId, eventId: 'recommended', ...filter });
  return letter(event.eventId);
}

describe('the recommended event', () => {
  it('the indexed keys are what the ordering reads: a processing error is counted, a replay kept', async () => {
    const one = await call('events.get', { groupId, eventId: id('1') });
    expect(Array.isArray(one.event.errors) && one.event.errors.length).toBe(1);
    const d = await call('events.get', { groupId, eventId: id('d') });
    expect(d.event.contexts).toMatchObject({ trace: { sampled: true }, profile: { profile_id: id('8') } });
  });

  it('prefers a replay, then a sampled trace, over newer events, within the last 7 days of the issue', async () => {
    // b and d have a replay (a too, but 10 days old); d's trace is sampled, b's is not.
    expect(await recommended({})).toBe('d');
    const latest = await call('events.get', { groupId, eventId: 'latest' });
    expect(letter(latest.eventId)).toBe('f');
  });

  it("is the chosen environments' and its Older/Newer are its neighbours in time there", async () => {
    // Production's events with a replay in the 7 days: b only (a is older).
    const production = { groupId, environments: ['production'] };
    const event = await call('events.get', { ...production, eventId: 'recommended' });
    expect({
      event: letter(event.eventId),
      older: letter(event.previousEventId),
      newer: letter(event.nextEventId),
      latest: letter((await call('events.get', { ...production, eventId: 'latest' })).eventId),
      oldest: letter((await call('events.get', { ...production, eventId: 'oldest' })).eventId),
    }).toEqual({ event: 'b', older: 'a', newer: 'c', latest: 'f', oldest: 'a' });
  });

  it('prefers fewer processing errors, then a profile, over the newest', async () => {
    expect(await recommended({ environments: ['qa'] })).toBe('3');
  });

  it("within the page's dates instead of the 7 days: a period that reaches an older event sees it", async () => {
    expect(await recommended({ environments: ['production'], period: '14d' })).toBe('a');
    // In the last 24 hours production has no replay: c's sampled trace wins over the newer e and f.
    expect(await recommended({ environments: ['production'], period: '24h' })).toBe('c');
    // An absolute range: only e and f, neither with a replay or trace; f's profile wins.
    const start = new Date((now - 900) * 1000).toISOString();
    const end = new Date((now + 60) * 1000).toISOString();
    expect(await recommended({ environments: ['production'], start, end })).toBe('f');
  });

  it('falls back to the latest event when none is in the 7 days before the last event', async () => {
    // old's events are both more than 7 days before the issue's last event: 9 has an error, but is the latest.
    expect(await recommended({ environments: ['old'] })).toBe('9');
  });

  it('follows an event search `query`: its filters and `date:` window narrow what is recommended', async () => {
    // Free text: only c's message is `checkout failed c`, in production with a sampled trace.
    expect(await recommended({ query: 'failed c' })).toBe('c');
    // `date:-24h` leaves the last day: d (staging) has the replay, the sampled trace and the profile.
    expect(await recommended({ query: 'date:-24h' })).toBe('d');
    // In production, the last 12 hours: e and f, f's profile wins; f's neighbours are the window's.
    const production = await call('events.get', {
      groupId,
      eventId: 'recommended',
      environments: ['production'],
      query: 'date:-12h',
    });
    expect([production.eventId, production.previousEventId, production.nextEventId].map(letter)).toEqual([
      'f',
      'e',
      '-',
    ]);
    await expect(
      call('events.get', { groupId, eventId: 'recommended', query: 'date:+1h date:-1h' }),
    ).rejects.toMatchObject({ type: 'not_found' });
    await expect(
      call('events.get', { groupId, eventId: 'latest', query: 'is:unresolved' }),
    ).rejects.toMatchObject({
      type: 'invalid_query',
    });
  });

  it('is not found when no event matches the filter', async () => {
    await expect(
      call('events.get', { groupId, eventId: 'recommended', environments: ['nowhere'] }),
    ).rejects.toMatchObject({
      type: 'not_found',
    });
    await expect(
      call('events.get', { groupId, eventId: 'recommended', environments: ['old'], period: '24h' }),
    ).rejects.toMatchObject({ type: 'not_found' });
  });
});

describe.skipIf(corpusMissing !== undefined)("the recommended event's replay check", () => {
  const recommendedOf = async (filter: Filter) =>
    checkName(
      (await call('events.get', { groupId: replayCheckGroupId, eventId: 'recommended', ...filter })).eventId,
    );

  it('the replays are what the check reads: the corpus replay is stored whole, the headless one is not listed', async () => {
    const replays = await call('replays.list', { projectId: 1 });
    const ids = replays.replays.map((replay) => replay.id);
    expect(ids).toContain(storedReplay);
    expect(ids).not.toContain(HEADLESS_REPLAY);
  });

  it('passes over candidates whose replay Faultline does not have for the first whose replay it has', async () => {
    // j and g rank first (a replay id and a sampled trace), but only h's replay is stored.
    expect(await recommendedOf({})).toBe('h');
    expect(await recommendedOf({ environments: ['web'] })).toBe('h');
    expect(await recommendedOf({ environments: ['web'], period: '24h' })).toBe('h');
  });

  it("keeps the ordering's first candidate when none of the replays it names is stored", async () => {
    // m's replay never arrived; Sentry then keeps the first candidate rather than n's sampled trace.
    expect(await recommendedOf({ environments: ['lost'] })).toBe('m');
  });

  it('keeps the ordering when the stored replay is outside the filter', async () => {
    // The last 2.5 hours of web: j and g (no stored replay) and k; j, newest of the first two, wins.
    const start = new Date((now - 2.5 * HOUR) * 1000).toISOString();
    const end = new Date((now + 60) * 1000).toISOString();
    expect(await recommendedOf({ environments: ['web'], start, end })).toBe('j');
  });
});
