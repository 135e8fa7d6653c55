/**
 * Merge, unmerge, delete, and delete & discard, on the SQLite side (Sentry's `tasks/merge.py`,
 * `tasks/unmerge.py`, group deletion and `GroupTombstone`). Each returns what the event index
 * must replay, the way Snuba's errors replacer does.
 */
import { FaultlineError } from '../../../src-shared/errors.ts';
import { deriveSeed } from '../pipeline/attributes.ts';
import type { JsonObject } from '../pipeline/normalize/json.ts';
import { decodeNode } from '../store/nodestore.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';
import { addActivity } from './activity.ts';
import { nextShortId } from './assign.ts';
import { initialPriority } from './priority.ts';
import type { GroupSeed } from './types.ts';

interface GroupRow {
  id: number;
  project_id: number;
  times_seen: number;
  level: number;
  type: string;
  title: string;
  culprit: string;
  message: string;
  metadata: string;
  platform: string | null;
  logger: string | null;
  first_release: string | null;
  last_release: string | null;
  last_seen: number;
  status: number;
  substatus: number | null;
  resolved_at: number | null;
}

function groupsOf(db: SqliteDb, projectId: number, groupIds: readonly number[]): GroupRow[] {
  if (groupIds.length === 0) return [];
  return stmt<unknown[], GroupRow>(
    db,
    `SELECT id, project_id, times_seen, level, type, title, culprit, message, metadata, platform, first_release,
            last_release, last_seen, status, substatus, resolved_at, logger
       FROM groups WHERE project_id = ? AND id IN (${groupIds.map(() => '?').join(',')})`,
  ).all(projectId, ...groupIds);
}

/** Recomputes a group's counters from its events (after events moved in or out). */
export function recount(db: SqliteDb, groupId: number): void {
  stmt(db, 'DELETE FROM group_users WHERE group_id = ?').run(groupId);
  stmt(
    db,
    `INSERT INTO group_users (group_id, user_key, last_seen)
     SELECT @groupId, user_key, max(timestamp) FROM events
     WHERE group_id = @groupId AND user_key IS NOT NULL AND is_sample = 0 GROUP BY user_key`,
  ).run({ groupId });
  stmt(db, 'DELETE FROM group_hourly WHERE group_id = ?').run(groupId);
  stmt(
    db,
    `INSERT INTO group_hourly (group_id, hour, events)
     SELECT @groupId, (timestamp / 3600000) * 3600000, count(*) FROM events WHERE group_id = @groupId AND is_sample = 0 GROUP BY 2`,
  ).run({ groupId });
  stmt(
    db,
    `UPDATE groups SET
       times_seen = (SELECT count(*) FROM events WHERE group_id = @groupId AND is_sample = 0),
       users_seen = (SELECT count(*) FROM group_users WHERE group_id = @groupId),
       first_seen = coalesce((SELECT min(timestamp) FROM events WHERE group_id = @groupId), first_seen),
       last_seen = coalesce((SELECT max(timestamp) FROM events WHERE group_id = @groupId), last_seen)
     WHERE id = @groupId`,
  ).run({ groupId });
}

export interface MergeResult {
  primaryId: number;
  mergedIds: number[];
}

/**
 * The group with the most events becomes the primary (of two as large, the newer one: Sentry sorts
 * by times seen and id, descending); the others' hashes and events follow it.
 */
export function mergeGroups(
  db: SqliteDb,
  projectId: number,
  groupIds: readonly number[],
  now: number,
): MergeResult | undefined {
  return db
    .transaction(() => {
      const groups = groupsOf(db, projectId, groupIds).sort(
        (a, b) => b.times_seen - a.times_seen || b.id - a.id,
      );
      const [primary, ...others] = groups;
      if (!primary || others.length === 0) return undefined;
      for (const other of others) {
        stmt(db, 'UPDATE group_hashes SET group_id = ? WHERE group_id = ?').run(primary.id, other.id);
        stmt(db, 'UPDATE events SET group_id = ? WHERE group_id = ?').run(primary.id, other.id);
        // As Sentry's merge task: the merged issues' activity (their notes too) follows them.
        stmt(db, 'UPDATE activity SET group_id = ? WHERE group_id = ?').run(primary.id, other.id);
        stmt(db, 'DELETE FROM groups WHERE id = ?').run(other.id);
      }
      recount(db, primary.id);
      // The merged issue's last release is that of the one seen last (each keeps its latest event's):
      // the primary's own could be older than a merged issue's events.
      const lastRelease = groups
        .filter((group) => group.last_release !== null)
        .sort((a, b) => b.last_seen - a.last_seen)[0]?.last_release;
      if (lastRelease !== undefined)
        stmt(db, 'UPDATE groups SET last_release = ? WHERE id = ?').run(lastRelease, primary.id);
      const mergedIds = others.map((group) => group.id);
      const issues = mergedIds.map((id) => ({ id }));
      addActivity(db, projectId, primary.id, 'merge', { issues }, now);
      return { primaryId: primary.id, mergedIds };
    })
    .immediate();
}

export interface UnmergeResult {
  sourceId: number;
  destinationId: number;
  hashes: string[];
}

/**
 * Sentry offers for unmerge only the hashes that brought events, and never all of them: a hash
 * without events would become an issue with none, and a source without a hash of its own would be
 * left empty.
 */
function checkUnmergeable(db: SqliteDb, groupId: number, chosen: readonly string[]): void {
  const withEvents = new Set(
    stmt<[number], { hash: string }>(
      db,
      'SELECT DISTINCT primary_hash AS hash FROM events WHERE group_id = ? AND primary_hash IS NOT NULL',
    )
      .all(groupId)
      .map((row) => row.hash),
  );
  const empty = chosen.filter((hash) => !withEvents.has(hash));
  if (empty.length > 0)
    throw new FaultlineError('invalid_params', `cannot unmerge hashes without events: ${empty.join(', ')}`);
  const kept = [...withEvents].filter((hash) => !chosen.includes(hash));
  if (kept.length === 0)
    throw new FaultlineError('invalid_params', 'cannot unmerge every hash of an issue: keep at least one');
}

/** The issue attributes of the latest stored event of `groupId` whose primary hash is one of `hashes`. */
function latestEventSeed(
  db: SqliteDb,
  projectId: number,
  groupId: number,
  hashes: readonly string[],
): GroupSeed | undefined {
  const row = stmt<unknown[], { data: Buffer }>(
    db,
    `SELECT n.data FROM events e JOIN nodestore n ON n.project_id = e.project_id AND n.event_id = e.event_id
      WHERE e.project_id = ? AND e.group_id = ? AND e.primary_hash IN (${hashes.map(() => '?').join(',')})
      ORDER BY e.timestamp DESC, e.received DESC LIMIT 1`,
  ).get(projectId, groupId, ...hashes);
  return row ? deriveSeed(decodeNode(row.data) as JsonObject) : undefined;
}

/**
 * The release of the oldest of the group's events that has one, as Sentry's unmerge backfills the new
 * issue's first release from the events it takes. Events are read oldest first until one names a
 * release (nearly always the first).
 */
function firstReleaseOf(db: SqliteDb, projectId: number, groupId: number): string | null {
  const rows = stmt<[number, number], { data: Buffer }>(
    db,
    `SELECT n.data FROM events e JOIN nodestore n ON n.project_id = e.project_id AND n.event_id = e.event_id
      WHERE e.project_id = ? AND e.group_id = ? ORDER BY e.timestamp, e.received`,
  ).iterate(projectId, groupId);
  for (const row of rows) {
    const release = (decodeNode(row.data) as JsonObject).release;
    if (typeof release === 'string' && release !== '') return release;
  }
  return null;
}

/**
 * The release of the latest of the group's events that has one (the issue page's "last seen in
 * release"), read newest first until one names a release (nearly always the first).
 */
function lastReleaseOf(db: SqliteDb, projectId: number, groupId: number): string | null {
  const rows = stmt<[number, number], { data: Buffer }>(
    db,
    `SELECT n.data FROM events e JOIN nodestore n ON n.project_id = e.project_id AND n.event_id = e.event_id
      WHERE e.project_id = ? AND e.group_id = ? ORDER BY e.timestamp DESC, e.received DESC`,
  ).iterate(projectId, groupId);
  for (const row of rows) {
    const release = (decodeNode(row.data) as JsonObject).release;
    if (typeof release === 'string' && release !== '') return release;
  }
  return null;
}

/**
 * Moves the chosen hashes, and the events whose primary hash is one of them, to a new group. As
 * Sentry's unmerge task: the new issue has the source's status and substatus (an archived issue's
 * split-off part stays archived), is named after the latest event it takes, and its first release is
 * its oldest event's.
 */
export function unmergeHashes(
  db: SqliteDb,
  projectId: number,
  groupId: number,
  hashes: readonly string[],
  now: number,
): UnmergeResult | undefined {
  return db
    .transaction(() => {
      const [source] = groupsOf(db, projectId, [groupId]);
      if (!source || hashes.length === 0) return undefined;
      const owned = stmt<unknown[], { hash: string }>(
        db,
        `SELECT hash FROM group_hashes WHERE project_id = ? AND group_id = ? AND hash IN (${hashes.map(() => '?').join(',')})`,
      )
        .all(projectId, groupId, ...hashes)
        .map((row) => row.hash);
      if (owned.length === 0) return undefined;
      checkUnmergeable(db, groupId, owned);
      const marks = owned.map(() => '?').join(',');
      // Sentry's unmerge names the new issue after the latest event it takes, not after the source.
      const latest = latestEventSeed(db, projectId, groupId, owned);
      const result = stmt(
        db,
        `INSERT INTO groups (project_id, short_id, status, substatus, level, type, title, culprit, message, metadata,
                             platform, first_release, first_seen, last_seen, times_seen, active_at, created_at, priority,
                             logger)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)`,
      ).run(
        projectId,
        nextShortId(db, projectId),
        source.status,
        source.substatus,
        latest?.level ?? source.level,
        latest?.type ?? source.type,
        latest?.title ?? source.title,
        latest?.culprit ?? source.culprit,
        latest?.message ?? source.message,
        latest ? JSON.stringify(latest.metadata) : source.metadata,
        latest ? latest.platform : source.platform,
        null,
        now,
        now,
        now,
        now,
        initialPriority(latest?.level ?? source.level),
        latest ? latest.logger : source.logger,
      );
      const destinationId = Number(result.lastInsertRowid);
      stmt(db, `UPDATE group_hashes SET group_id = ? WHERE project_id = ? AND hash IN (${marks})`).run(
        destinationId,
        projectId,
        ...owned,
      );
      stmt(db, `UPDATE events SET group_id = ? WHERE group_id = ? AND primary_hash IN (${marks})`).run(
        destinationId,
        groupId,
        ...owned,
      );
      stmt(db, 'UPDATE groups SET first_release = ?, last_release = ?, resolved_at = ? WHERE id = ?').run(
        firstReleaseOf(db, projectId, destinationId),
        source.last_release === null ? null : lastReleaseOf(db, projectId, destinationId),
        source.resolved_at,
        destinationId,
      );
      // The source's last release may have left with the events: it is its latest remaining event's.
      if (source.last_release !== null)
        stmt(db, 'UPDATE groups SET last_release = ? WHERE id = ?').run(
          lastReleaseOf(db, projectId, groupId),
          groupId,
        );
      recount(db, groupId);
      recount(db, destinationId);
      // Sentry's unmerge task names the hashes `fingerprints`.
      const fingerprints = owned;
      addActivity(
        db,
        projectId,
        destinationId,
        'unmerge_destination',
        { source_id: groupId, fingerprints },
        now,
      );
      addActivity(
        db,
        projectId,
        groupId,
        'unmerge_source',
        { destination_id: destinationId, fingerprints },
        now,
      );
      return { sourceId: groupId, destinationId, hashes: owned };
    })
    .immediate();
}

export interface DeletedGroups {
  ids: number[];
  /** The files of the attachments deleted with the events: remove those nothing references any more. */
  attachmentHashes: string[];
}

/**
 * The items (feedback …) of a project, as a condition SQLite does not search by: the items about
 * given events are found through `item_store_associated`. Searched by project, a delete read every
 * item the project has (sessions, transactions, logs …) to find the few about these events.
 */
export const ITEMS_OF_PROJECT = '+project_id = ?';

/**
 * Deletes groups with their events, as Sentry's group deletion: nodestore, the events'
 * attachments and the feedback about them go too. With `discard`, their hashes are tombstoned
 * first, so later events with those hashes are dropped (outcome filtered / discarded-hash).
 */
export function deleteGroups(
  db: SqliteDb,
  projectId: number,
  groupIds: readonly number[],
  options: { discard: boolean; now: number },
): DeletedGroups {
  const eventsOf = 'SELECT event_id FROM events WHERE group_id = ?';
  return db
    .transaction((): DeletedGroups => {
      const groups = groupsOf(db, projectId, groupIds);
      const attachmentHashes: string[] = [];
      for (const group of groups) {
        if (options.discard) {
          const tombstone = stmt(
            db,
            `INSERT INTO group_tombstones (project_id, previous_group_id, level, title, culprit, message, metadata, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          ).run(
            projectId,
            group.id,
            group.level,
            group.title,
            group.culprit,
            group.message,
            group.metadata,
            options.now,
          );
          stmt(db, 'UPDATE group_hashes SET group_id = NULL, tombstone_id = ? WHERE group_id = ?').run(
            Number(tombstone.lastInsertRowid),
            group.id,
          );
        }
        for (const row of stmt<[number, number], { sha256: string }>(
          db,
          `DELETE FROM attachments WHERE project_id = ? AND event_id IN (${eventsOf}) RETURNING sha256`,
        ).all(projectId, group.id))
          attachmentHashes.push(row.sha256);
        stmt(
          db,
          `DELETE FROM item_store WHERE ${ITEMS_OF_PROJECT} AND associated_event_id IN (${eventsOf})`,
        ).run(projectId, group.id);
        stmt(db, `DELETE FROM nodestore WHERE project_id = ? AND event_id IN (${eventsOf})`).run(
          projectId,
          group.id,
        );
        stmt(db, 'DELETE FROM events WHERE group_id = ?').run(group.id);
        stmt(db, 'DELETE FROM groups WHERE id = ?').run(group.id);
        addActivity(
          db,
          projectId,
          null,
          options.discard ? 'discard' : 'delete',
          { group_id: group.id, title: group.title },
          options.now,
        );
      }
      return { ids: groups.map((group) => group.id), attachmentHashes };
    })
    .immediate();
}
