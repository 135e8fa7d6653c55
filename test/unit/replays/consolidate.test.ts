/**
 * A replay's `replay_event` segments become one replay as Sentry's replay index aggregates them:
 * earliest start, latest end, URLs in segment order, distinct error and trace ids, and no replay
 * without its segment 0. The segments are Relay's replay event fixture from the corpus, varied.
 */
import { describe, expect, it } from 'vitest';
import { consolidateReplay } from '../../../src-main/core/replays/consolidate.ts';
import type { Json } from '../../../src-main/core/store/item-json.ts';
import { corpusPresent, readRelayJson, warnIfCorpusMissing } from '../normalize/corpus.ts';

warnIfCorpusMissing();

const REPLAY_ID = 'd2132d31b39445f1938d7e21b6bf0ec4';

function segment(changes: Json): Json {
  return { ...(readRelayJson('replay.json') as Json), ...changes };
}

describe.skipIf(!corpusPresent)("a replay's segments consolidated", () => {
  const base = () => readRelayJson('replay.json') as Json;

  it('one segment: its start and end, whole seconds between, its URLs, ids, user, browser and OS from the User-Agent', () => {
    const replay = consolidateReplay(1, REPLAY_ID, [base()]);
    const start = base().replay_start_timestamp as number;
    const end = base().timestamp as number;
    expect(replay).toMatchObject({
      id: REPLAY_ID,
      startedAt: new Date(start * 1000).toISOString(),
      finishedAt: new Date(end * 1000).toISOString(),
      duration: Math.floor(end) - Math.floor(start),
      urls: base().urls,
      errorIds: base().error_ids,
      traceIds: base().trace_ids,
      countSegments: 1,
      user: {
        id: '123',
        username: 'user',
        email: 'user@site.com',
        ip: '192.168.11.12',
        displayName: 'user@site.com',
      },
      browser: { name: 'Safari', version: expect.stringMatching(/^15\.5/) },
      os: { name: 'Mac OS X', version: expect.stringMatching(/^10\.15/) },
      environment: 'production',
      releases: ['version@1.3'],
      replayType: 'session',
    });
  });

  it('several segments in any order: earliest start, latest end, URLs by segment id, ids distinct without the nil UUID', () => {
    const first = base();
    const start = first.replay_start_timestamp as number;
    const later = segment({
      segment_id: 1,
      replay_start_timestamp: start + 500,
      timestamp: (first.timestamp as number) + 60,
      urls: ['https://shop.example/cart', 'sentry.io?ssn=111-11-1111'],
      error_ids: [
        (first.error_ids as string[])[0],
        '00000000-0000-0000-0000-000000000000',
        'b2132d31b39445f1938d7e21b6bf1ec4',
      ],
      trace_ids: [],
    });
    const replay = consolidateReplay(1, REPLAY_ID, [later, first]);
    expect(replay?.startedAt).toBe(new Date(start * 1000).toISOString());
    expect(replay?.finishedAt).toBe(new Date(((first.timestamp as number) + 60) * 1000).toISOString());
    expect(replay?.urls).toEqual([
      ...(first.urls as string[]),
      'https://shop.example/cart',
      'sentry.io?ssn=111-11-1111',
    ]);
    expect(replay?.errorIds).toEqual([...(first.error_ids as string[]), 'b2132d31b39445f1938d7e21b6bf1ec4']);
    expect(replay?.countSegments).toBe(2);
  });

  it('without segment 0 there is no replay (Sentry lists none)', () => {
    expect(
      consolidateReplay(1, REPLAY_ID, [segment({ segment_id: 1 }), segment({ segment_id: 2 })]),
    ).toBeUndefined();
  });

  it('a browser context wins over the User-Agent; no user fields means no user', () => {
    const replay = consolidateReplay(1, REPLAY_ID, [
      segment({ contexts: { browser: { name: 'Firefox', version: '128.0' } }, user: {} }),
    ]);
    expect(replay?.browser).toEqual({ name: 'Firefox', version: '128.0' });
    expect(replay?.user.displayName).toBeNull();
  });
});
