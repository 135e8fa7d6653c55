import { beforeEach, describe, expect, it } from 'vitest';
import { assignGroup } from '../../../src-main/core/issues/assign.ts';
import { deleteGroups, mergeGroups, unmergeHashes } from '../../../src-main/core/issues/merge.ts';
import { recordEvent } from '../../../src-main/core/issues/record.ts';
import { updateStatus } from '../../../src-main/core/issues/status.ts';
import { type EventOccurrence, GroupStatus, GroupSubStatus } from '../../../src-main/core/issues/types.ts';
import { openSqlite, type SqliteDb } from '../../../src-main/core/store/sqlite.ts';
import { assignAndRecord, nthEvent, TYPE_ERROR_SEED } from '../../support/issues.ts';
import { tempDir } from '../../support/serve.ts';

const HOUR = 3600_000;
const T0 = Date.UTC(2026, 10, 1, 12);
let db: SqliteDb;
let counter = 0;

beforeEach(() => {
  db = openSqlite(tempDir());
  counter = 0;
});

const seed = TYPE_ERROR_SEED;

/** Assigns and records one event, as the pipeline does, in one transaction. */
function ingest(hashes: string[], overrides: Partial<EventOccurrence> = {}, project = 1) {
  return assignAndRecord(db, project, hashes, nthEvent(++counter, hashes, T0, overrides));
}

function group(id: number) {
  return db
    .prepare<[number], Record<string, number | string | null>>('SELECT * FROM groups WHERE id = ?')
    .get(id);
}

function groupIdOf(result: ReturnType<typeof ingest>): number {
  if (result.assignment.kind !== 'group') throw new Error('expected a group');
  return result.assignment.groupId;
}

describe('finding or creating the group of an event', () => {
  it('puts events with the same hash in one group and counts them', () => {
    const a = ingest(['aaa'], { userKey: 'u1' });
    const b = ingest(['aaa'], { userKey: 'u2', level: 30 });
    const c = ingest(['aaa'], { userKey: 'u1' });
    expect(groupIdOf(a)).toBe(groupIdOf(b));
    expect(groupIdOf(c)).toBe(groupIdOf(a));
    expect(a.record?.change).toBe('new');
    expect(group(groupIdOf(a))).toMatchObject({
      times_seen: 3,
      users_seen: 2,
      level: 40,
      first_seen: a.event.timestamp,
      last_seen: c.event.timestamp,
    });
    expect(group(groupIdOf(b))?.substatus).toBe(GroupSubStatus.NEW);
  });

  it('lets the level follow the latest event', () => {
    const a = ingest(['aaa'], { level: 40 });
    ingest(['aaa'], { level: 30 });
    expect(group(groupIdOf(a))?.level).toBe(30);
  });

  it('lets the title follow the latest event, but never trades a real title for a placeholder', () => {
    const a = ingest(['aaa']);
    ingest(['aaa'], { title: 'TypeError: y is undefined' });
    expect(group(groupIdOf(a))?.title).toBe('TypeError: y is undefined');
    ingest(['aaa'], { title: '<unlabeled event>' });
    expect(group(groupIdOf(a))?.title).toBe('TypeError: y is undefined');
    const b = ingest(['bbb'], { title: '<unlabeled event>' });
    ingest(['bbb'], { title: 'Error' });
    expect(group(groupIdOf(b))?.title).toBe('Error');
  });

  it('gives each new group the next short id of its project', () => {
    const ids = [ingest(['a']), ingest(['b']), ingest(['c'], {}, 2), ingest(['d'])].map(
      (r) => group(groupIdOf(r))?.short_id,
    );
    expect(ids).toEqual([1, 2, 1, 3]);
  });

  it('links the event hashes it did not know yet to the group the first known hash points at', () => {
    const a = ingest(['app1', 'sys1']);
    const b = ingest(['app2', 'sys1']);
    expect(groupIdOf(b)).toBe(groupIdOf(a));
    const c = ingest(['app2']);
    expect(groupIdOf(c)).toBe(groupIdOf(a));
  });

  it('counts an event id once, so a replayed batch changes nothing', () => {
    const a = ingest(['aaa']);
    const replay = db.transaction(() => recordEvent(db, 1, groupIdOf(a), a.event, a.event.received))();
    expect(replay.duplicate).toBe(true);
    expect(group(groupIdOf(a))?.times_seen).toBe(1);
  });

  it('keeps sample events out of the counts', () => {
    const a = ingest(['aaa']);
    ingest(['aaa'], { isSample: true });
    expect(group(groupIdOf(a))?.times_seen).toBe(1);
  });

  it('during a config transition, matches existing secondary hashes only and links the new primary hashes', () => {
    const old = ingest(['old-hash']);
    const result = db.transaction(() =>
      assignGroup(db, {
        projectId: 1,
        hashes: ['new-hash'],
        config: 'newstyle:2026-01-20',
        secondary: () => ({ hashes: ['old-hash', 'never-seen'], config: 'newstyle:2023-01-11' }),
        seed,
        timestamp: T0,
        now: T0,
      }),
    )();
    expect(result).toEqual({ kind: 'group', groupId: groupIdOf(old), isNew: false });
    expect(db.prepare("SELECT count(*) AS n FROM group_hashes WHERE hash = 'never-seen'").get()).toEqual({
      n: 0,
    });
    expect(groupIdOf(ingest(['new-hash']))).toBe(groupIdOf(old));
  });
});

describe('status', () => {
  it('a resolved issue regresses on an event received after it was resolved, not on one received before', () => {
    const a = ingest(['aaa']);
    const id = groupIdOf(a);
    updateStatus(db, 1, [id], { status: 'resolved' }, T0 + 100_000);
    expect(group(id)?.status).toBe(GroupStatus.RESOLVED);
    // Received before the resolution (it waited in the queue): counted, still resolved.
    expect(ingest(['aaa'], { timestamp: T0 + 50_000, received: T0 + 60_000 }).record?.change).toBe('counted');
    expect(group(id)?.status).toBe(GroupStatus.RESOLVED);
    // Received after it, though it happened before (an SDK's offline cache): a regression, as in Sentry.
    expect(ingest(['aaa'], { timestamp: T0 + 50_000, received: T0 + 200_000 }).record?.change).toBe(
      'regressed',
    );
    expect(group(id)).toMatchObject({ status: GroupStatus.UNRESOLVED, substatus: GroupSubStatus.REGRESSED });
  });

  it('resolved in the next release regresses only on another release', () => {
    const a = ingest(['aaa'], { release: '1.0' });
    const id = groupIdOf(a);
    updateStatus(db, 1, [id], { status: 'resolvedInNextRelease' }, T0 + 100_000);
    const at = (ms: number) => ({ timestamp: T0 + ms, received: T0 + ms });
    expect(ingest(['aaa'], { release: '1.0', ...at(200_000) }).record?.change).toBe('counted');
    expect(ingest(['aaa'], { release: '1.1', ...at(300_000) }).record?.change).toBe('regressed');
  });

  it('archived until N more events comes back as escalating after N events (Sentry process_snoozes)', () => {
    const id = groupIdOf(ingest(['aaa']));
    updateStatus(db, 1, [id], { status: 'ignored', until: 'count', count: 3 }, T0);
    expect(group(id)).toMatchObject({
      status: GroupStatus.IGNORED,
      substatus: GroupSubStatus.UNTIL_CONDITION_MET,
    });
    ingest(['aaa']);
    ingest(['aaa']);
    expect(group(id)?.status).toBe(GroupStatus.IGNORED);
    expect(ingest(['aaa']).record?.change).toBe('unsnoozed');
    expect(group(id)).toMatchObject({ status: GroupStatus.UNRESOLVED, substatus: GroupSubStatus.ESCALATING });
  });

  it('archived until escalating comes back as escalating on a burst', () => {
    const id = groupIdOf(ingest(['aaa']));
    updateStatus(db, 1, [id], { status: 'ignored', until: 'escalating' }, T0);
    let change: string | null | undefined;
    for (let i = 0; i < 11; i++) change = ingest(['aaa'], { timestamp: T0 + HOUR + i }).record?.change;
    expect(change).toBe('escalating');
    expect(group(id)).toMatchObject({ status: GroupStatus.UNRESOLVED, substatus: GroupSubStatus.ESCALATING });
  });

  it('archived forever stays archived', () => {
    const id = groupIdOf(ingest(['aaa']));
    updateStatus(db, 1, [id], { status: 'ignored', until: 'forever' }, T0);
    for (let i = 0; i < 20; i++) ingest(['aaa']);
    expect(group(id)).toMatchObject({
      status: GroupStatus.IGNORED,
      substatus: GroupSubStatus.FOREVER,
      times_seen: 21,
    });
  });
});

describe('merge, unmerge, delete and discard', () => {
  it('merges into the group with the most events; hashes and events follow', () => {
    const small = groupIdOf(ingest(['s']));
    const big = groupIdOf(ingest(['b']));
    ingest(['b']);
    const result = mergeGroups(db, 1, [small, big], T0);
    expect(result).toEqual({ primaryId: big, mergedIds: [small] });
    expect(group(small)).toBeUndefined();
    expect(group(big)?.times_seen).toBe(3);
    expect(groupIdOf(ingest(['s']))).toBe(big);
  });

  it('of two groups with as many events, merges into the newer one (Sentry sorts by times seen, then id, descending)', () => {
    const older = groupIdOf(ingest(['t1']));
    const newer = groupIdOf(ingest(['t2']));
    expect(mergeGroups(db, 1, [older, newer], T0)).toEqual({ primaryId: newer, mergedIds: [older] });
  });

  it('unmerges a hash into a new group with the events whose primary hash it is', () => {
    const id = groupIdOf(ingest(['x']));
    ingest(['x']);
    mergeGroups(db, 1, [id, groupIdOf(ingest(['y']))], T0);
    const result = unmergeHashes(db, 1, id, ['y'], T0);
    expect(result?.hashes).toEqual(['y']);
    expect(group(id)?.times_seen).toBe(2);
    expect(group(result!.destinationId)?.times_seen).toBe(1);
    expect(groupIdOf(ingest(['y']))).toBe(result!.destinationId);
  });

  it('after delete, the same error creates a new issue', () => {
    const id = groupIdOf(ingest(['d']));
    expect(deleteGroups(db, 1, [id], { discard: false, now: T0 }).ids).toEqual([id]);
    const again = ingest(['d']);
    expect(groupIdOf(again)).not.toBe(id);
    expect(again.assignment).toMatchObject({ isNew: true });
  });

  it('after delete & discard, later events with its hashes are discarded', () => {
    const id = groupIdOf(ingest(['d1', 'd2']));
    deleteGroups(db, 1, [id], { discard: true, now: T0 });
    expect(ingest(['d2']).assignment).toMatchObject({ kind: 'discarded', hash: 'd2' });
    // A hash earlier in the list that has a group wins over a later tombstoned one (Sentry's order).
    const other = groupIdOf(ingest(['e1']));
    expect(ingest(['e1', 'd1']).assignment).toMatchObject({ kind: 'group', groupId: other });
  });
});
