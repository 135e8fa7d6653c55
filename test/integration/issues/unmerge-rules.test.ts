/**
 * What unmerge refuses, as Sentry does: a hash that brought no events (it would become an empty
 * issue), and every hash with events of an issue (the source would be left with none).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { mergeGroups, unmergeHashes } from '../../../src-main/core/issues/merge.ts';
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

/** Assigns and records one event whose primary hash is the first of `hashes`; returns its group. */
function ingest(hashes: string[]): number {
  const { assignment } = assignAndRecord(db, 1, hashes, nthEvent(++counter, hashes, T0));
  if (assignment.kind !== 'group') throw new Error('expected a group');
  return assignment.groupId;
}

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
    mergeGroups(db, 1, [id, other], T0);
    expect(() => unmergeHashes(db, 1, id, ['x', 'y'], T0)).toThrow(
      expect.objectContaining({ type: 'invalid_params' }),
    );
    expect(groupCount()).toBe(1);
  });

  it('a hash with events still moves to a new issue while another stays', () => {
    const id = ingest(['x']);
    mergeGroups(db, 1, [id, ingest(['y'])], T0);
    expect(unmergeHashes(db, 1, id, ['y'], T0)?.hashes).toEqual(['y']);
    expect(groupCount()).toBe(2);
  });
});
