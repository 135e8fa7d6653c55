import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { ChangeAnnouncer, ItemsAnnouncer } from '../../../src-main/core/pipeline/change-announcer.ts';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

it('announces a project at once, then the changes of its window in one more at the window end', () => {
  const posted: Array<[number, number]> = [];
  const start = performance.now();
  const announcer = new ChangeAnnouncer(
    (projectId) => posted.push([projectId, performance.now() - start]),
    500,
  );
  announcer.announce(1);
  for (let i = 0; i < 30; i++) {
    vi.advanceTimersByTime(10);
    announcer.announce(1);
  }
  announcer.announce(2);
  expect(posted).toEqual([
    [1, 0],
    [2, 300],
  ]);
  vi.advanceTimersByTime(200);
  expect(posted).toEqual([
    [1, 0],
    [2, 300],
    [1, 500],
  ]);
  // Quiet for a window: the next change goes at once again.
  vi.advanceTimersByTime(1000);
  announcer.announce(1);
  expect(posted.at(-1)).toEqual([1, 1500]);
});

it('flushAll announces what waits for its window now, once', () => {
  const posted: number[] = [];
  const announcer = new ChangeAnnouncer((projectId) => posted.push(projectId), 500);
  announcer.announce(3);
  announcer.announce(3);
  announcer.flushAll();
  expect(posted).toEqual([3, 3]);
  vi.advanceTimersByTime(1000);
  expect(posted).toEqual([3, 3]);
});

it('announces the item types a project stored, at once, then those of its window in one more', () => {
  const posted: Array<[number, string[], number]> = [];
  const start = performance.now();
  const announcer = new ItemsAnnouncer(
    (projectId, itemTypes) => posted.push([projectId, itemTypes, performance.now() - start]),
    2000,
  );
  announcer.announce(1, ['transaction']);
  vi.advanceTimersByTime(100);
  announcer.announce(1, ['log', 'span']);
  vi.advanceTimersByTime(100);
  announcer.announce(1, ['log']);
  announcer.announce(2, ['check_in']);
  expect(posted).toEqual([
    [1, ['transaction'], 0],
    [2, ['check_in'], 200],
  ]);
  vi.advanceTimersByTime(1800);
  expect(posted.at(-1)).toEqual([1, ['log', 'span'], 2000]);
  expect(posted).toHaveLength(3);
  // A window with nothing stored in it announces nothing at its end.
  vi.advanceTimersByTime(5000);
  expect(posted).toHaveLength(3);
});
