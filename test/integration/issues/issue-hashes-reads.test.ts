/**
 * The issue page's hashes (the Merged tab, unmerge) with each one's events and latest event: found
 * through the events of that hash alone. Read through the issue's events, each hash cost a pass
 * over all of them (80 ms an issue of 25k events, times its hashes).
 */
import { expect, it } from 'vitest';
import { mergeGroups } from '../../../src-main/core/issues/merge.ts';
import { issueHashes } from '../../../src-main/core/issues/queries/detail.ts';
import { openSqlite } from '../../../src-main/core/store/sqlite.ts';
import { assignAndRecord, nthEvent } from '../../support/issues.ts';
import { tempDir } from '../../support/serve.ts';
import { queryPlansOf } from '../../support/sql-plans.ts';

const T0 = Date.UTC(2026, 10, 1);
const HASHES = ['a', 'b', 'c'].map((letter) => letter.repeat(32));

it("counts an issue's events per hash and finds each hash's latest through that hash's events only", () => {
  const db = openSqlite(tempDir());
  const groups = new Map<string, number>();
  // 3, 2 and 1 events; the latest of each hash is not its last sent.
  [0, 0, 1, 0, 1, 2].forEach((h, n) => {
    const hash = HASHES[h] as string;
    const timestamp = T0 + (n === 1 ? 50_000 : n * 1000);
    const { assignment } = assignAndRecord(db, 1, [hash], nthEvent(n + 1, [hash], T0, { timestamp }));
    if (assignment.kind !== 'discarded') groups.set(hash, assignment.groupId);
  });
  const merged = mergeGroups(db, 1, [...groups.values()], T0 + 60_000);
  const groupId = merged?.primaryId ?? 0;

  expect(issueHashes(db, groupId)).toEqual([
    { hash: HASHES[0], events: 3, latestEventId: nthEvent(2, [], 0).eventId },
    { hash: HASHES[1], events: 2, latestEventId: nthEvent(5, [], 0).eventId },
    { hash: HASHES[2], events: 1, latestEventId: nthEvent(6, [], 0).eventId },
  ]);
  const eventReads = queryPlansOf(db, (spy) => issueHashes(spy, groupId)).filter((line) =>
    /^SEARCH e\b/.test(line),
  );
  expect(eventReads).toHaveLength(2);
  for (const line of eventReads) expect(line).toMatch(/\(group_id=\? AND primary_hash=\?\)/);
});
