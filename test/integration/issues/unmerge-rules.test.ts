/**
 * What unmerge refuses, as Sentry does: a hash that brought no events (it would become an empty
 * issue), and every hash with events of an issue (the source would be left with none). And what the
 * new issue takes, as Sentry's unmerge task: the source's status, its own events' first and last release.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { mergeGroups, unmergeHashes } from '../../../src-main/core/issues/merge.ts';
import { updateStatus } from '../../../src-main/core/issues/status.ts';
import { GroupStatus, GroupSubStatus } from '../../../src-main/core/issues/types.ts';
import { encodeNode, Nodestore } from '../../../src-main/core/store/nodestore.ts';
import { openSqlite, type SqliteDb } from '../../../src-main/core/store/sqlite.ts';
import { assignAndRecord, nthEvent } from '../../support/issues.ts';
import { tempDir } from '../../support/serve.ts';

const T0 = Date.UTC(2026, 10, 1, 12);
let db: SqliteDb;
let counter = 0;

beforeEach(() => {
  db = openSqlite(tempDir());
  counter = 0;
});

/**
 * Assigns and records one event whose primary hash is the first of `hashes`, stored in nodestore
 * with its release; returns its group.
 */
function ingest(hashes: string[], release: string | null = null): number {
  const event = nthEvent(++counter, hashes, T0, { release });
  const { assignment } = assignAndRecord(db, 1, hashes, event);
  new Nodestore(db).put(1, event.eventId, encodeNode({ event_id: event.eventId, release }));
  if (assignment.kind !== 'group') throw new Error('expected a group');
  return assignment.groupId;
}

const groupRow = (id: number) =>
  db
    .prepare<[number], { status: number; substatus: number | null; first_release: string | null }>(
      'SELECT status, substatus, first_release FROM groups WHERE id = ?',
    )
    .get(id);

const lastRelease = (id: number) =>
  db
    .prepare<[number], { last_release: string | null }>('SELECT last_release FROM groups WHERE id = ?')
    .get(id)?.last_release;

const groupCount = () => db.prepare<[], { n: number }>('SELECT count(*) AS n FROM groups').get()?.n;

describe('unmerge refuses what would leave an issue without events', () => {
  it('a hash without events is refused as invalid_params, and no empty issue is created', () => {
    // The event's secondary hash ('z') belongs to the issue but brought no event of its own.
    const id = ingest(['x', 'z']);
    ingest(['x']);
    expect(() => unmergeHashes(db, 1, id, ['z'], T0)).toThrow(
      expect.objectContaining({ type: 'invalid_params', message: expect.stringContaining('without events') }),
    );
    expect(groupCount()).toBe(1);
  });

  it('unmerging every hash with events is refused, even when a hash without events would remain', () => {
    const id = ingest(['x', 'z']);
    expect(() => unmergeHashes(db, 1, id, ['x'], T0)).toThrow(
      expect.objectContaining({
        type: 'invalid_params',
        message: expect.stringContaining('keep at least one'),
      }),
    );
    const other = ingest(['y']);
    const merged = mergeGroups(db, 1, [id, other], T0)?.primaryId ?? 0;
    expect(() => unmergeHashes(db, 1, merged, ['x', 'y'], T0)).toThrow(
      expect.objectContaining({ type: 'invalid_params' }),
    );
    expect(groupCount()).toBe(1);
  });

  it('a hash with events still moves to a new issue while another stays', () => {
    const id = ingest(['x']);
    const merged = mergeGroups(db, 1, [id, ingest(['y'])], T0)?.primaryId ?? 0;
    expect(unmergeHashes(db, 1, merged, ['y'], T0)?.hashes).toEqual(['y']);
    expect(groupCount()).toBe(2);
  });
});

describe('the issue unmerge makes', () => {
  it("keeps the source's status and takes its first release from its own oldest event with one", () => {
    const id = ingest(['x']); // no release
    ingest(['x'], 'fr-a');
    const other = ingest(['y'], 'fr-b');
    ingest(['y'], 'fr-b');
    ingest(['y'], 'fr-c');
    // 'y' has more events: the merged issue is its own, with x's events.
    expect(mergeGroups(db, 1, [id, other], T0)?.primaryId).toBe(other);
    updateStatus(db, 1, [other], { status: 'ignored', until: 'forever' }, T0);
    expect(groupRow(other)).toMatchObject({ status: GroupStatus.IGNORED, first_release: 'fr-b' });
    const result = unmergeHashes(db, 1, other, ['x'], T0);
    expect(groupRow(result?.destinationId ?? 0)).toEqual({
      status: GroupStatus.IGNORED,
      substatus: GroupSubStatus.FOREVER,
      first_release: 'fr-a',
    });
  });

  it('is last seen in its own latest release, and the source in the latest of those it keeps', () => {
    const y = ingest(['y'], 'r2');
    for (let i = 0; i < 3; i++) ingest(['y'], 'r2');
    const x = ingest(['x'], 'r1');
    ingest(['x'], 'r3');
    ingest(['x']); // the latest event names no release: the one before it does
    // y has more events and is the primary, but x was seen last: the merged issue was last seen in r3.
    expect(mergeGroups(db, 1, [y, x], T0)?.primaryId).toBe(y);
    expect(lastRelease(y)).toBe('r3');
    const result = unmergeHashes(db, 1, y, ['x'], T0);
    expect(lastRelease(result?.destinationId ?? 0)).toBe('r3');
    expect(lastRelease(y)).toBe('r2');
  });
});
