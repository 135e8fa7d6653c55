/**
 * Find or create the group of an event from its hashes, as Sentry's `assign_event_to_group`:
 * the first hash (in order) that has a group wins; a tombstoned hash met first discards the event;
 * during a config transition, existing secondary hashes are tried next; otherwise a new group is
 * created with the next short id. Every primary hash ends up pointing at the chosen group.
 * Runs inside the caller's transaction.
 */
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';
import { initialPriority } from './priority.ts';
import { type GroupSeed, GroupStatus, GroupSubStatus } from './types.ts';

export type Assignment =
  | { kind: 'group'; groupId: number; isNew: boolean }
  | { kind: 'discarded'; tombstoneId: number; hash: string };

export interface AssignInput {
  projectId: number;
  hashes: readonly string[];
  config: string;
  /** Computed only when the primary hashes found no group (Sentry skips the work otherwise). */
  secondary?: () => { hashes: readonly string[]; config: string };
  seed: GroupSeed;
  timestamp: number;
  now: number;
}

interface HashRow {
  hash: string;
  group_id: number | null;
  tombstone_id: number | null;
}

interface Lookup {
  assignment: Assignment | undefined;
  /** Every hash already has a group or a tombstone: linking would change nothing. */
  allLinked: boolean;
}

function lookup(db: SqliteDb, projectId: number, hashes: readonly string[]): Lookup {
  if (hashes.length === 0) return { assignment: undefined, allLinked: true };
  const rows = stmt<unknown[], HashRow>(
    db,
    `SELECT hash, group_id, tombstone_id FROM group_hashes WHERE project_id = ? AND hash IN (${hashes.map(() => '?').join(',')})`,
  ).all(projectId, ...hashes);
  const byHash = new Map(rows.map((row) => [row.hash, row]));
  for (const hash of hashes) {
    const row = byHash.get(hash);
    if (!row) continue;
    if (row.tombstone_id !== null)
      return { assignment: { kind: 'discarded', tombstoneId: row.tombstone_id, hash }, allLinked: true };
    if (row.group_id !== null) {
      const allLinked = hashes.every((h) => {
        const known = byHash.get(h);
        return known !== undefined && (known.group_id !== null || known.tombstone_id !== null);
      });
      return { assignment: { kind: 'group', groupId: row.group_id, isNew: false }, allLinked };
    }
  }
  return { assignment: undefined, allLinked: false };
}

function linkHashes(
  db: SqliteDb,
  projectId: number,
  hashes: readonly string[],
  groupId: number,
  config: string,
  now: number,
) {
  const insert = stmt(
    db,
    'INSERT OR IGNORE INTO group_hashes (project_id, hash, group_id, config, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  const adopt = stmt(
    db,
    'UPDATE group_hashes SET group_id = ? WHERE project_id = ? AND hash = ? AND group_id IS NULL AND tombstone_id IS NULL',
  );
  for (const hash of hashes) {
    insert.run(projectId, hash, groupId, config, now);
    adopt.run(groupId, projectId, hash);
  }
}

export function nextShortId(db: SqliteDb, projectId: number): number {
  const row = stmt<[number], { value: number }>(
    db,
    `INSERT INTO project_counters (project_id, value) VALUES (?, 1)
       ON CONFLICT (project_id) DO UPDATE SET value = value + 1 RETURNING value`,
  ).get(projectId);
  return row?.value ?? 1;
}

function createGroup(db: SqliteDb, input: AssignInput): number {
  const { seed } = input;
  const shortId = nextShortId(db, input.projectId);
  const result = stmt(
    db,
    `INSERT INTO groups (project_id, short_id, status, substatus, level, type, title, culprit, message, metadata,
                           platform, first_release, first_seen, last_seen, times_seen, active_at, created_at, priority,
                           logger, type_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)`,
  ).run(
    input.projectId,
    shortId,
    GroupStatus.UNRESOLVED,
    GroupSubStatus.NEW,
    seed.level,
    seed.type,
    seed.title,
    seed.culprit,
    seed.message,
    JSON.stringify(seed.metadata),
    seed.platform,
    seed.release,
    input.timestamp,
    input.timestamp,
    input.now,
    input.now,
    // Sentry's initial priority, from the first event's level.
    initialPriority(seed.level),
    seed.logger,
    seed.typeId ?? 1,
  );
  return Number(result.lastInsertRowid);
}

export function assignGroup(db: SqliteDb, input: AssignInput): Assignment {
  const { assignment: primary, allLinked } = lookup(db, input.projectId, input.hashes);
  if (primary?.kind === 'discarded') return primary;
  if (primary) {
    // The usual case, an event of a known issue, links nothing.
    if (!allLinked) linkHashes(db, input.projectId, input.hashes, primary.groupId, input.config, input.now);
    return primary;
  }
  if (input.secondary) {
    const secondary = input.secondary();
    // Only secondary hashes that already exist can match; new ones are never stored.
    const found = lookup(db, input.projectId, secondary.hashes).assignment;
    if (found?.kind === 'discarded') return found;
    if (found) {
      linkHashes(db, input.projectId, input.hashes, found.groupId, input.config, input.now);
      return found;
    }
  }
  const groupId = createGroup(db, input);
  linkHashes(db, input.projectId, input.hashes, groupId, input.config, input.now);
  return { kind: 'group', groupId, isNew: true };
}
