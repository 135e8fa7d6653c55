/**
 * The pipeline counts a transaction's events on their groups together (EventRecorder): an
 * unresolved group's row is updated once for all its events. That must leave every row exactly as
 * counting the events one by one does: counters, first/last seen, the latest level, culprit,
 * message and release, the title rule for placeholders, metadata merge patches applied in order
 * (the same values; a key deleted and set again may sit elsewhere in the JSON text),
 * the issue search index, and the status changes of resolved and archived groups in between.
 */
import { describe, expect, it } from 'vitest';
import { assignGroup } from '../../../src-main/core/issues/assign.ts';
import { composePatches, EventRecorder, recordEvent } from '../../../src-main/core/issues/record.ts';
import { updateStatus } from '../../../src-main/core/issues/status.ts';
import type { EventOccurrence } from '../../../src-main/core/issues/types.ts';
import { openSqlite, type SqliteDb } from '../../../src-main/core/store/sqlite.ts';
import { TYPE_ERROR_SEED } from '../../support/issues.ts';
import { tempDir } from '../../support/serve.ts';

const T0 = Date.UTC(2026, 10, 1, 12);
const HOUR = 3600_000;

const seed = TYPE_ERROR_SEED;

const HASHES = ['a', 'b', 'c', 'd', 'e'].map((letter) => letter.repeat(32));
const TITLES = [
  'TypeError: x is undefined',
  '<unlabeled event>',
  'Error',
  'RangeError: too far',
  '<untitled>',
];
const METADATA: Array<Record<string, unknown>> = [
  { type: 'TypeError', value: 'x is undefined' },
  { value: 'y is undefined', filename: 'app.js' },
  { filename: null },
  { in_app_frame_mix: 'mixed', sdk: { name: 'sentry.javascript.node' } },
  { sdk: { version: '11.0.0' } },
  { sdk: { name: null }, value: 'z' },
  // A string where earlier patches put an object, then an object again: no single patch does both.
  { sdk: 'none' },
  { sdk: { name: 'again' } },
];

/** Events for five groups, with every attribute varying (timestamps out of order too). */
function events(): Array<{ hash: string; event: EventOccurrence }> {
  return Array.from({ length: 60 }, (_, i) => {
    const hash = HASHES[(i * 7) % 5] as string;
    return {
      hash,
      event: {
        ...seed,
        eventId: (i + 1000).toString(16).padStart(32, '0'),
        title: TITLES[(i * i + Math.floor(i / 5)) % TITLES.length] as string,
        culprit: `handler${i % 4}(app.js)`,
        message: `x is undefined after ${i} ms`,
        metadata: METADATA[i % METADATA.length] as Record<string, unknown>,
        level: [40, 30, 50][i % 3] as number,
        release: i % 4 === 0 ? null : `app@1.${i % 3}`,
        timestamp: T0 + HOUR + ((i * 37) % 60) * 60_000,
        received: T0 + HOUR + i * 1000,
        primaryHash: hash,
        userKey: i % 5 === 0 ? null : `user-${i % 6}`,
        isSample: i === 13,
      },
    };
  });
}

/** A database with the five groups: a, b seen once; c new; d resolved; e archived until 3 more events. */
function prepared(): { db: SqliteDb; groupOf: Map<string, number> } {
  const db = openSqlite(tempDir());
  const groupOf = new Map<string, number>();
  for (const [n, hash] of HASHES.entries()) {
    const event: EventOccurrence = {
      ...seed,
      eventId: (n + 1).toString(16).padStart(32, '0'),
      timestamp: T0,
      received: T0,
      primaryHash: hash,
      userKey: 'user-0',
      isSample: false,
    };
    const assignment = assignGroup(db, {
      projectId: 1,
      hashes: [hash],
      config: 'newstyle:2026-01-20',
      seed: event,
      timestamp: T0,
      now: T0,
    });
    if (assignment.kind !== 'group') throw new Error('expected a group');
    groupOf.set(hash, assignment.groupId);
    if (hash !== HASHES[2]) recordEvent(db, 1, assignment.groupId, event, T0);
  }
  updateStatus(db, 1, [groupOf.get(HASHES[3] as string) as number], { status: 'resolved' }, T0 + 1000);
  updateStatus(
    db,
    1,
    [groupOf.get(HASHES[4] as string) as number],
    { status: 'ignored', until: 'count', count: 3 },
    T0 + 1000,
  );
  return { db, groupOf };
}

function state(db: SqliteDb) {
  const all = (sql: string) => db.prepare(sql).all();
  return {
    // Metadata as values: a key deleted and set again by later events may sit elsewhere in the text.
    groups: all('SELECT * FROM groups ORDER BY id').map((row) => {
      const group = row as Record<string, unknown>;
      return { ...group, metadata: JSON.parse(String(group.metadata)) };
    }),
    hourly: all('SELECT * FROM group_hourly ORDER BY group_id, hour'),
    users: all('SELECT * FROM group_users ORDER BY group_id, user_key'),
    activity: all('SELECT project_id, group_id, type, data, created_at FROM activity ORDER BY id'),
    events: all('SELECT * FROM events ORDER BY rowid'),
  };
}

describe('counting events together', () => {
  it('leaves every row as counting them one at a time does', () => {
    const one = prepared();
    const each = events().map(({ hash, event }) =>
      one.db.transaction(() =>
        recordEvent(one.db, 1, one.groupOf.get(hash) as number, event, event.received),
      )(),
    );

    const other = prepared();
    const together = other.db.transaction(() => {
      const recorder = new EventRecorder(other.db);
      const results = events().map(({ hash, event }) =>
        recorder.record(1, other.groupOf.get(hash) as number, event, event.received),
      );
      recorder.flush();
      return results;
    })();

    expect(together).toEqual(each);
    // The scenario has what it means to have: a new issue, a regression, an archive that ends.
    const changes = each.map((result) => result.change);
    expect(changes).toContain('new');
    expect(changes).toContain('regressed');
    expect(changes).toContain('unsnoozed');
    const separate = state(one.db);
    expect(state(other.db)).toEqual(separate);
  });

  it('composes merge patches as applying them in turn, or says it cannot', () => {
    expect(composePatches({ a: 1, b: { c: 1, d: 2 } }, { a: null, b: { d: null, e: 3 }, f: [1] })).toEqual({
      a: null,
      b: { c: 1, d: null, e: 3 },
      f: [1],
    });
    expect(composePatches({ b: 'text' }, { b: { c: 1 } })).toBeUndefined();
    expect(composePatches({ b: null }, { b: { c: 1 } })).toBeUndefined();
    expect(composePatches({}, { b: { c: null } })).toEqual({ b: { c: null } });
  });
});
