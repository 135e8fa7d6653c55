/**
 * Deleting an issue takes the items about its events (feedback) with it: found through the events
 * they name (`item_store_associated`), not by reading every item of the project, which holds the
 * sessions, transactions and logs SDKs send as well.
 */
import { expect, it } from 'vitest';
import { deleteGroups } from '../../../src-main/core/issues/merge.ts';
import { openSqlite } from '../../../src-main/core/store/sqlite.ts';
import { assignAndRecord, nthEvent } from '../../support/issues.ts';
import { tempDir } from '../../support/serve.ts';
import { queryPlansOf } from '../../support/sql-plans.ts';

const T0 = Date.UTC(2026, 10, 1);
const [DOOMED, KEPT] = ['a'.repeat(32), 'b'.repeat(32)];

it("deletes the feedback on an issue's events through those events, and keeps the project's other items", () => {
  const db = openSqlite(tempDir());
  const groupOf = new Map<string, number>();
  for (const [n, hash] of [DOOMED, KEPT, DOOMED].entries()) {
    const { assignment } = assignAndRecord(db, 1, [hash as string], nthEvent(n + 1, [hash as string], T0));
    if (assignment.kind !== 'discarded') groupOf.set(hash as string, assignment.groupId);
  }
  const item = db.prepare(
    `INSERT INTO item_store (project_id, type, received, event_id, associated_event_id, data)
     VALUES (1, ?, 0, NULL, ?, x'00')`,
  );
  item.run('feedback', nthEvent(1, [], 0).eventId);
  item.run('feedback', nthEvent(2, [], 0).eventId);
  item.run('feedback', nthEvent(3, [], 0).eventId);
  for (let i = 0; i < 50; i++) item.run('session', null);

  const plans = queryPlansOf(db, (spy) =>
    deleteGroups(spy, 1, [groupOf.get(DOOMED) ?? 0], { discard: false, now: T0 }),
  );
  const itemReads = plans.filter((line) => /\bitem_store\b/.test(line));
  expect(itemReads).toEqual([expect.stringContaining('USING INDEX item_store_associated')]);
  expect(
    db.prepare('SELECT type, associated_event_id AS about FROM item_store ORDER BY id LIMIT 2').all(),
  ).toEqual([
    { type: 'feedback', about: nthEvent(2, [], 0).eventId },
    { type: 'session', about: null },
  ]);
  expect(db.prepare('SELECT count(*) AS n FROM item_store').get()).toEqual({ n: 51 });
});
