/**
 * What a list page (Requests, Queries, Performance, Traces, Crons, Profiles) shows for its read: the
 * page's own empty note only when nothing was sent at all, "no match" when a search found nothing.
 */
import { describe, expect, it } from 'vitest';
import { listState } from '../../../src-renderer/app/list-state.ts';

describe('listState', () => {
  it('shows neither note nor table while the first read is under way', () => {
    expect(listState(false, 0, false)).toBe('loading');
    expect(listState(false, 0, true)).toBe('loading');
  });

  it('shows the empty note for an unsearched read that found nothing', () => {
    expect(listState(true, 0, false)).toBe('empty');
  });

  it('says "no match" rather than how to send data when a search found nothing', () => {
    expect(listState(true, 0, true)).toBe('no-match');
  });

  it('shows the rows whenever there are some, searched or not', () => {
    expect(listState(true, 3, false)).toBe('rows');
    expect(listState(true, 1, true)).toBe('rows');
  });

  it('keeps the rows of the read before on screen while the next one loads', () => {
    // Placeholder rows come with data, but rows alone decide: a table never blinks out.
    expect(listState(false, 2, true)).toBe('rows');
  });
});
