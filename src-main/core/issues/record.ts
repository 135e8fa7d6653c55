/**
 * Count one stored event on its group, as Sentry's `_process_existing_aggregate` and
 * `_handle_regression`: last/first seen, times seen, users seen, the latest event's level, culprit
 * and message, regression of resolved issues, and the end of snoozes whose condition is met.
 * An event id is counted once: a replayed batch changes nothing.
 */
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';
import { addActivity } from './activity.ts';
import { escalatePriority } from './priority.ts';
import { followsSemver, recordRelease } from './releases.ts';
import { hasResolution } from './resolution.ts';
import { type EventOccurrence, GroupStatus, GroupSubStatus } from './types.ts';

export type GroupChange = 'new' | 'regressed' | 'unsnoozed' | 'escalating' | 'counted';

export interface RecordResult {
  duplicate: boolean;
  change: GroupChange | null;
}

interface GroupState {
  status: number;
  substatus: number | null;
  resolved_at: number | null;
  times_seen: number;
}

interface Snooze {
  until_count: number | null;
  count_at_snooze: number | null;
  until_escalating: number;
  escalation_threshold: number | null;
}

const HOUR_MS = 3600 * 1000;
/** Events in an hour that escalate an archived issue with no threshold of its own. */
const DEFAULT_ESCALATION_THRESHOLD = 10;
/** Titles that say nothing (Sentry's placeholder event titles): they never replace a real one. */
const PLACEHOLDER_TITLES = new Set(['<untitled>', '<unknown>', '<unlabeled event>', 'Error']);
const PLACEHOLDER_TITLES_SQL = `(${[...PLACEHOLDER_TITLES].map((title) => `'${title}'`).join(', ')})`;

/**
 * A user is counted when first seen on the group (merges and retention recount from group_users);
 * its latest event's time is kept for the issue list's users of a period. 1 if the user is new.
 */
function noteUser(db: SqliteDb, groupId: number, userKey: string, timestamp: number): number {
  const added = stmt(
    db,
    'INSERT OR IGNORE INTO group_users (group_id, user_key, last_seen) VALUES (?, ?, ?)',
  ).run(groupId, userKey, timestamp).changes;
  if (added === 0)
    stmt(
      db,
      'UPDATE group_users SET last_seen = @timestamp WHERE group_id = @groupId AND user_key = @userKey AND last_seen < @timestamp',
    ).run({ timestamp, groupId, userKey });
  return added;
}

/** Counts one event on its group at once (a recorder of one event, flushed). */
export function recordEvent(
  db: SqliteDb,
  projectId: number,
  groupId: number,
  event: EventOccurrence,
  now: number,
): RecordResult {
  const recorder = new EventRecorder(db);
  const result = recorder.record(projectId, groupId, event, now);
  recorder.flush();
  return result;
}

/**
 * Whether an event with this id is stored in the project (counted, or kept as a sample): another
 * event with the id is a duplicate, dropped before it is grouped.
 */
export function isRecorded(db: SqliteDb, projectId: number, eventId: string): boolean {
  return (
    stmt<[number, string], { one: number }>(
      db,
      'SELECT 1 AS one FROM events WHERE project_id = ? AND event_id = ?',
    ).get(projectId, eventId) !== undefined
  );
}

const isPlaceholderTitle = (title: string) => PLACEHOLDER_TITLES.has(title);

/** What the events of one unresolved group add up to, not yet written to its row. */
interface PendingCount {
  count: number;
  newUsers: number;
  firstSeen: number;
  lastSeen: number;
  /** The latest event's. */
  level: number;
  culprit: string;
  message: string;
  /** The latest real title if there is one, else the latest placeholder (see `title` in the UPDATE). */
  title: string;
  /** The latest release given (coalesce keeps the group's otherwise). */
  release: string | null;
  /** The events' metadata patches, composed into one (RFC 7386). */
  metadata: Record<string, unknown>;
}

/**
 * Counts events on their groups within one write transaction. For a group that is unresolved and
 * was seen before (most events), the update of its row (counters, latest attributes, the issue
 * search's trigram index when a text changes) is written once for all its events, at `flush`,
 * which must run before the transaction commits; everything else is written at once, as the rows
 * of other events can depend on it (regression, snoozes, new issues). The row ends as if every
 * event had updated it in turn (in metadata, a key deleted and set again may sit elsewhere in the
 * JSON text: the same values).
 */
export class EventRecorder {
  readonly #db: SqliteDb;
  readonly #pending = new Map<number, PendingCount>();
  /** Releases noted by this recorder (`project\0version`): most events repeat their batch's. */
  readonly #releases = new Set<string>();

  constructor(db: SqliteDb) {
    this.#db = db;
  }

  record(projectId: number, groupId: number, event: EventOccurrence, now: number): RecordResult {
    const db = this.#db;
    const inserted = stmt(
      db,
      `INSERT OR IGNORE INTO events (project_id, event_id, group_id, type, timestamp, received, primary_hash, user_key, is_sample)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      projectId,
      event.eventId,
      groupId,
      event.type,
      event.timestamp,
      event.received,
      event.primaryHash,
      event.userKey,
      event.isSample ? 1 : 0,
    );
    if (inserted.changes === 0) return { duplicate: true, change: null };
    // Sample events (from "send a sample event") are kept but never counted.
    if (event.isSample) return { duplicate: false, change: null };
    if (event.release !== null) this.#noteRelease(projectId, event.release, event.timestamp);

    // A group with counts pending is unresolved and seen before: its row is not read again.
    const pending = this.#pending.get(groupId);
    const before = pending
      ? undefined
      : stmt<[number], GroupState>(
          db,
          'SELECT status, substatus, resolved_at, times_seen FROM groups WHERE id = ?',
        ).get(groupId);
    if (!pending && !before)
      throw new Error(`group ${groupId} vanished while recording event ${event.eventId}`);

    const newUser = event.userKey ? noteUser(db, groupId, event.userKey, event.timestamp) : 0;
    const hour = Math.floor(event.timestamp / HOUR_MS) * HOUR_MS;
    stmt(
      db,
      `INSERT INTO group_hourly (group_id, hour, events) VALUES (?, ?, 1)
       ON CONFLICT (group_id, hour) DO UPDATE SET events = events + 1`,
    ).run(groupId, hour);

    if (pending) {
      if (addTo(pending, event, newUser)) return { duplicate: false, change: 'counted' };
      // Metadata that no single patch can express after the pending ones: write those first.
      this.#flushGroup(groupId, pending);
      this.#pending.set(groupId, pendingOf(event, newUser));
      return { duplicate: false, change: 'counted' };
    }
    const state = before as GroupState;
    if (state.status === GroupStatus.UNRESOLVED && state.times_seen > 0) {
      this.#pending.set(groupId, pendingOf(event, newUser));
      return { duplicate: false, change: 'counted' };
    }
    this.#flushGroup(groupId, pendingOf(event, newUser));
    return {
      duplicate: false,
      change: state.times_seen === 0 ? 'new' : statusChange(db, projectId, groupId, state, event, now),
    };
  }

  #noteRelease(projectId: number, release: string, timestamp: number): void {
    const key = `${projectId}\0${release}`;
    if (this.#releases.has(key)) return;
    recordRelease(this.#db, projectId, release, timestamp);
    this.#releases.add(key);
  }

  /** Writes every pending count to its group's row. */
  flush(): void {
    for (const [groupId, pending] of this.#pending) this.#flushGroup(groupId, pending);
    this.#pending.clear();
  }

  #flushGroup(groupId: number, pending: PendingCount): void {
    stmt(
      this.#db,
      `UPDATE groups SET
         times_seen = times_seen + @count,
         users_seen = users_seen + @newUsers,
         last_seen = max(last_seen, @lastSeen),
         first_seen = min(first_seen, @firstSeen),
         level = @level, culprit = @culprit, message = @message,
         -- The latest event names the issue, unless it only has a placeholder and the issue a real title.
         title = CASE WHEN @title IN ${PLACEHOLDER_TITLES_SQL} AND title NOT IN ${PLACEHOLDER_TITLES_SQL}
                      THEN title ELSE @title END,
         metadata = json_patch(metadata, @metadata),
         last_release = coalesce(@release, last_release)
       WHERE id = @groupId`,
    ).run({
      groupId,
      count: pending.count,
      newUsers: pending.newUsers,
      lastSeen: pending.lastSeen,
      firstSeen: pending.firstSeen,
      level: pending.level,
      culprit: pending.culprit,
      message: pending.message,
      title: pending.title,
      metadata: JSON.stringify(pending.metadata),
      release: pending.release,
    });
  }
}

function pendingOf(event: EventOccurrence, newUser: number): PendingCount {
  return {
    count: 1,
    newUsers: newUser,
    firstSeen: event.timestamp,
    lastSeen: event.timestamp,
    level: event.level,
    culprit: event.culprit,
    message: event.message,
    title: event.title,
    release: event.release,
    // Never written into: composing makes new objects.
    metadata: event.metadata ?? {},
  };
}

/** Folds one more event into `pending`; false (and `pending` unchanged) when its metadata cannot be composed. */
function addTo(pending: PendingCount, event: EventOccurrence, newUser: number): boolean {
  const metadata = composePatches(pending.metadata, event.metadata ?? {});
  if (!metadata) return false;
  pending.metadata = metadata;
  pending.count++;
  pending.newUsers += newUser;
  pending.firstSeen = Math.min(pending.firstSeen, event.timestamp);
  pending.lastSeen = Math.max(pending.lastSeen, event.timestamp);
  pending.level = event.level;
  pending.culprit = event.culprit;
  pending.message = event.message;
  if (!isPlaceholderTitle(event.title) || isPlaceholderTitle(pending.title)) pending.title = event.title;
  if (event.release !== null) pending.release = event.release;
  return true;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * One merge patch (RFC 7386) with the effect of applying `first`, then `second`: keys of `second`
 * win, objects in both compose key by key. Undefined when there is none: `second` patches an
 * object into a key that `first` sets to something else, which only replacing the target's value
 * could express.
 */
export function composePatches(
  first: Record<string, unknown>,
  second: Record<string, unknown>,
): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = { ...first };
  for (const [key, value] of Object.entries(second)) {
    if (!isObject(value) || !(key in first)) {
      out[key] = value;
      continue;
    }
    const earlier = first[key];
    if (!isObject(earlier)) return undefined;
    const composed = composePatches(earlier, value);
    if (!composed) return undefined;
    out[key] = composed;
  }
  return out;
}

function statusChange(
  db: SqliteDb,
  projectId: number,
  groupId: number,
  before: GroupState,
  event: EventOccurrence,
  now: number,
): GroupChange {
  if (before.status === GroupStatus.RESOLVED && isRegression(db, projectId, groupId, before, event)) {
    setUnresolved(db, groupId, GroupSubStatus.REGRESSED, now);
    const resolvedIn = stmt<[number], { release: string | null }>(
      db,
      'DELETE FROM group_resolutions WHERE group_id = ? RETURNING release',
    ).get(groupId);
    // As Sentry's activity: the release that regressed it and, if it was resolved in one, which.
    const data: Record<string, unknown> = { event_id: event.eventId, version: event.release ?? '' };
    if (resolvedIn?.release && event.release !== null) {
      data.follows_semver = followsSemver(db, projectId, event.release);
      const resolvedInVersion = resolvedInActivityVersion(db, groupId, event.release);
      if (resolvedInVersion !== undefined) data.resolved_in_version = resolvedInVersion;
    }
    addActivity(db, projectId, groupId, 'set_regression', data, now);
    return 'regressed';
  }
  if (before.status === GroupStatus.IGNORED) {
    const snooze = stmt<[number], Snooze>(
      db,
      'SELECT until_count, count_at_snooze, until_escalating, escalation_threshold FROM group_snoozes WHERE group_id = ?',
    ).get(groupId);
    if (
      snooze?.until_count != null &&
      before.times_seen + 1 - (snooze.count_at_snooze ?? 0) >= snooze.until_count
    ) {
      // Sentry's process_snoozes: an archive until N more events ends as escalating (only one
      // until a time ends as ongoing).
      setUnresolved(db, groupId, GroupSubStatus.ESCALATING, now);
      stmt(db, 'DELETE FROM group_snoozes WHERE group_id = ?').run(groupId);
      // Sentry's `manage_issue_states`: the snooze that expired, in GroupSnooze's fields.
      const expired = {
        until: null,
        count: snooze.until_count,
        window: null,
        user_count: null,
        user_window: null,
      };
      escalated(db, projectId, groupId, { event_id: event.eventId, expired_snooze: expired }, now);
      return 'unsnoozed';
    }
    if (snooze?.until_escalating && isEscalating(db, groupId, snooze, event.timestamp)) {
      setUnresolved(db, groupId, GroupSubStatus.ESCALATING, now);
      stmt(db, 'DELETE FROM group_snoozes WHERE group_id = ?').run(groupId);
      // Sentry names the forecast an hour exceeded; here, the threshold fixed at archiving.
      const forecast = snooze.escalation_threshold ?? DEFAULT_ESCALATION_THRESHOLD;
      escalated(db, projectId, groupId, { event_id: event.eventId, forecast }, now);
      return 'escalating';
    }
  }
  return 'counted';
}

/**
 * Sentry's `set_escalating` activity, then its `auto_update_priority` (priority.ts): the priority goes
 * one step up unless a user chose it.
 */
function escalated(
  db: SqliteDb,
  projectId: number,
  groupId: number,
  data: Record<string, unknown>,
  now: number,
): void {
  addActivity(db, projectId, groupId, 'set_escalating', data, now);
  escalatePriority(db, projectId, groupId, now);
}

/**
 * The version the issue's latest resolve-in-release activity names, as Sentry's `_handle_regression`
 * reads it: one resolved "in the next release" (version '') learns it now, the regressing event's
 * release, which its activity keeps from then on. Undefined without such an activity.
 */
function resolvedInActivityVersion(db: SqliteDb, groupId: number, release: string): string | undefined {
  const activity = stmt<[number], { id: number; version: unknown }>(
    db,
    `SELECT id, data ->> '$.version' AS version FROM activity
      WHERE group_id = ? AND type = 'set_resolved_in_release' ORDER BY created_at DESC, id DESC LIMIT 1`,
  ).get(groupId);
  if (!activity) return undefined;
  if (activity.version !== '' && activity.version !== null) return String(activity.version);
  stmt(db, "UPDATE activity SET data = json_set(data, '$.version', ?) WHERE id = ?").run(
    release,
    activity.id,
  );
  return release;
}

/**
 * A resolved issue regresses on an event received after it was resolved, whatever the event's own
 * time (Sentry regresses on any new event: an SDK's offline cache sends old ones), but not on one
 * received before (it waited in the queue while the developer resolved the issue); one resolved
 * in a release only on an event of a newer release (resolution.ts).
 */
function isRegression(
  db: SqliteDb,
  projectId: number,
  groupId: number,
  before: GroupState,
  event: EventOccurrence,
): boolean {
  if (before.resolved_at !== null && event.received <= before.resolved_at) return false;
  return !hasResolution(db, projectId, groupId, event.release);
}

/**
 * Sentry escalates from a volume forecast; locally we compare the trailing hour with a threshold
 * fixed when the issue was archived (twice its busiest hour of the week before, at least 10).
 */
function isEscalating(db: SqliteDb, groupId: number, snooze: Snooze, timestamp: number): boolean {
  const threshold = snooze.escalation_threshold ?? DEFAULT_ESCALATION_THRESHOLD;
  const row = stmt<[number, number], { events: number }>(
    db,
    'SELECT coalesce(sum(events), 0) AS events FROM group_hourly WHERE group_id = ? AND hour >= ?',
  ).get(groupId, timestamp - HOUR_MS);
  return (row?.events ?? 0) > threshold;
}

export function setUnresolved(db: SqliteDb, groupId: number, substatus: number, now: number): void {
  stmt(db, 'UPDATE groups SET status = ?, substatus = ?, resolved_at = NULL, active_at = ? WHERE id = ?').run(
    GroupStatus.UNRESOLVED,
    substatus,
    now,
    groupId,
  );
}
