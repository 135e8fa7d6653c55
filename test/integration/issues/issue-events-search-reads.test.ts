/**
 * The events tab of a search (`issues.events` with a query): the event index gives up to 10,000 matching
 * event ids and SQLite pages and counts those of the issue. Counted along the issue's events, the count
 * read every one of them (~300 ms for 10k matches among 70k events) and a page of a few matches nearly
 * as many; now the matches are counted by their key, and read so when they are few of the issue's.
 */
import { expect, it } from 'vitest';
import { listIssueEvents } from '../../../src-main/core/issues/queries/events.ts';
import { openSqlite } from '../../../src-main/core/store/sqlite.ts';
import { assignAndRecord, nthEvent } from '../../support/issues.ts';
import { tempDir } from '../../support/serve.ts';
import { queryPlansOf } from '../../support/sql-plans.ts';

const T0 = Date.UTC(2026, 10, 1);
const ISSUE = 'a'.repeat(32);
const OTHER = 'b'.repeat(32);

it("pages and counts a search's matches among the issue's events, few or many, within date bounds", () => {
  const db = openSqlite(tempDir());
  let groupId = 0;
  // 200 events of the issue, a second apart but sent out of time order; 20 of another issue.
  const times = new Map<string, number>();
  for (let n = 1; n <= 220; n++) {
    const hash = n <= 200 ? ISSUE : OTHER;
    const timestamp = T0 + ((n * 37) % 220) * 1000;
    const { assignment, event } = assignAndRecord(db, 1, [hash], nthEvent(n, [hash], T0, { timestamp }));
    if (n <= 200) times.set(event.eventId, timestamp);
    if (n === 1 && assignment.kind !== 'discarded') groupId = assignment.groupId;
  }
  const idOf = (n: number) => nthEvent(n, [], 0).eventId;
  const searches = {
    // 6 of the issue's 200 (read by key) and 2 of the other issue's.
    few: [3, 50, 77, 120, 199, 200, 210, 215].map(idOf),
    // 150 of the issue's (read along the issue's events).
    many: Array.from({ length: 150 }, (_, i) => idOf(i + 1)),
  };
  const windows = [undefined, { start: T0 + 50_000, end: T0 + 150_000 }];
  for (const [name, eventIds] of Object.entries(searches)) {
    for (const window of windows) {
      const matching = eventIds
        .filter((id) => times.has(id))
        .filter(
          (id) => !window || ((times.get(id) ?? 0) >= window.start && (times.get(id) ?? 0) < window.end),
        )
        .sort((a, b) => (times.get(b) ?? 0) - (times.get(a) ?? 0) || (a < b ? 1 : -1));
      for (const offset of [0, 4]) {
        const list = listIssueEvents(db, groupId, {
          offset,
          limit: 5,
          eventIds,
          ...(window ? { window } : {}),
        });
        expect(list.total, `${name} ${window ? 'bounded' : ''}`).toBe(matching.length);
        expect(list.events.map((event) => event.eventId)).toEqual(matching.slice(offset, offset + 5));
      }
    }
    const plans = queryPlansOf(db, (spy) => listIssueEvents(spy, groupId, { offset: 0, limit: 5, eventIds }));
    const eventReads = plans.filter((line) => /^SEARCH events\b/.test(line));
    expect(eventReads).toHaveLength(2);
    // The page: by key for a few matches, along the issue's events for many. The count: by key.
    expect(eventReads[0]).toMatch(name === 'few' ? /INDEX events_key/ : /INDEX events_group/);
    expect(eventReads[1]).toMatch(/INDEX events_key \(project_id=\? AND event_id=\?\)/);
  }
});
