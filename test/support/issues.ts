/** What the issue tests start from: the attributes of a Node TypeError, as the pipeline derives them. */
import { assignGroup } from '../../src-main/core/issues/assign.ts';
import { recordEvent } from '../../src-main/core/issues/record.ts';
import type { EventOccurrence, GroupSeed } from '../../src-main/core/issues/types.ts';
import type { SqliteDb } from '../../src-main/core/store/sqlite.ts';

export const TYPE_ERROR_SEED: GroupSeed = {
  type: 'error',
  title: 'TypeError: x is undefined',
  culprit: 'handler(app.js)',
  message: 'x is undefined',
  metadata: { type: 'TypeError', value: 'x is undefined' },
  level: 40,
  platform: 'node',
  release: null,
  logger: null,
};

/** The `n`-th event of a test: this seed, an id made of `n`, sent `n` seconds after `t0`. */
export function nthEvent(n: number, hashes: string[], t0: number, overrides: Partial<EventOccurrence> = {}) {
  const event: EventOccurrence = {
    ...TYPE_ERROR_SEED,
    eventId: n.toString(16).padStart(32, '0'),
    timestamp: t0 + n * 1000,
    received: t0 + n * 1000,
    primaryHash: hashes[0] ?? null,
    userKey: null,
    isSample: false,
    ...overrides,
  };
  return event;
}

/** Assigns and records one event, as the pipeline does, in one transaction. */
export function assignAndRecord(db: SqliteDb, project: number, hashes: string[], event: EventOccurrence) {
  return db.transaction(() => {
    const assignment = assignGroup(db, {
      projectId: project,
      hashes,
      config: 'newstyle:2026-01-20',
      seed: event,
      timestamp: event.timestamp,
      now: event.received,
    });
    if (assignment.kind === 'discarded') return { assignment, event, record: undefined };
    return { assignment, event, record: recordEvent(db, project, assignment.groupId, event, event.received) };
  })();
}
