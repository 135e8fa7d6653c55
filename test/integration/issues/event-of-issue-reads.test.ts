/**
 * An event page of an issue (`events.get` by group: the latest, the oldest, older and newer) finds its
 * event by the event's key. Through the events in time order it walked up to all of them: ~150 ms
 * for the latest event of an issue of 60k events, ~5 ms for its oldest.
 */
import { expect, it } from 'vitest';
import { findEvent } from '../../../src-main/core/issues/queries/events.ts';
import { openSqlite } from '../../../src-main/core/store/sqlite.ts';
import { assignAndRecord, nthEvent } from '../../support/issues.ts';
import { tempDir } from '../../support/serve.ts';
import { queryPlansOf } from '../../support/sql-plans.ts';

const T0 = Date.UTC(2026, 10, 1);
const HASH = 'a'.repeat(32);

it("finds an issue's latest, oldest and any event by its key, not by walking the issue's events", () => {
  const db = openSqlite(tempDir());
  let groupId = 0;
  for (let n = 1; n <= 5; n++) {
    const { assignment } = assignAndRecord(
      db,
      1,
      [HASH],
      nthEvent(n, [HASH], T0, { timestamp: T0 + n * 1000 }),
    );
    if (assignment.kind !== 'discarded') groupId = assignment.groupId;
  }
  const otherGroup = assignAndRecord(db, 1, ['b'.repeat(32)], nthEvent(6, ['b'.repeat(32)], T0)).assignment;

  expect(findEvent(db, { groupId, eventId: 'latest' }).event_id).toBe(nthEvent(5, [], 0).eventId);
  expect(findEvent(db, { groupId, eventId: 'oldest' }).event_id).toBe(nthEvent(1, [], 0).eventId);
  expect(findEvent(db, { groupId, eventId: nthEvent(3, [], 0).eventId }).timestamp).toBe(T0 + 3000);
  // Another issue's event is not this issue's.
  expect(otherGroup.kind).not.toBe('discarded');
  expect(() => findEvent(db, { groupId, eventId: nthEvent(6, [], 0).eventId })).toThrow(/does not exist/);

  const plans = queryPlansOf(db, (spy) => findEvent(spy, { groupId, eventId: nthEvent(3, [], 0).eventId }));
  const eventReads = plans.filter((line) => /^SEARCH events\b/.test(line));
  expect(eventReads).toEqual([
    expect.stringMatching(/USING INDEX events_key \(project_id=\? AND event_id=\?\)/),
  ]);
});
