/**
 * Sentry's replay check of the recommended event over its candidates (in the recommended order):
 * the first whose replay is stored, else the first; the replay store is asked only about the replays
 * the candidates name, once, and not at all when none names one.
 */
import { describe, expect, it } from 'vitest';
import {
  pickRecommended,
  type RecommendedCandidate,
} from '../../../src-main/core/issues/queries/event-navigation.ts';

const candidate = (eventId: string, replayId: string | null = null): RecommendedCandidate => ({
  eventId,
  replayId,
});

function store(stored: string[]) {
  const asked: string[][] = [];
  const lookup = (ids: readonly string[]) => {
    asked.push([...ids]);
    return new Set(ids.filter((id) => stored.includes(id)));
  };
  return { lookup, asked };
}

describe('the recommended event among its candidates', () => {
  it('is the first whose replay is stored, asking about each named replay once', () => {
    const { lookup, asked } = store(['r2']);
    const candidates = [candidate('a', 'r1'), candidate('b', 'r1'), candidate('c', 'r2'), candidate('d')];
    expect(pickRecommended(candidates, lookup)).toBe('c');
    expect(asked).toEqual([['r1', 'r2']]);
  });

  it('is the first candidate when none of the named replays is stored', () => {
    const { lookup } = store([]);
    expect(pickRecommended([candidate('a', 'r1'), candidate('b')], lookup)).toBe('a');
  });

  it('is the first candidate without asking the store when none names a replay', () => {
    const { lookup, asked } = store(['r1']);
    expect(pickRecommended([candidate('a'), candidate('b')], lookup)).toBe('a');
    expect(asked).toEqual([]);
  });

  it('is none without candidates', () => {
    expect(pickRecommended([], store([]).lookup)).toBeNull();
  });
});
