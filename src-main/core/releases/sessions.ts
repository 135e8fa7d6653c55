/**
 * A project's sessions per release, as Sentry's release health counts them (Relay's session
 * metrics): a `session` item is an update of one session (`sid`), so an `init` update and its end
 * are ONE session, counted by its final update (highest `seq`, then the latest received); a
 * `sessions` item's buckets add their counts. A status Relay does not know is an error, as its
 * `is_error` has it. Users are `did`s (a nil UUID is none, Relay's `nil_to_none`), crashed when any
 * of their sessions crashed. Sessions and users whose sessions started in the 24 hours before `now`
 * are counted apart too, per release and for the project: Sentry's adoption. Items are stored as
 * received and Relay-normalized (`pipeline/session.ts`), so the fields are read without trusting
 * their shape. Only the newest `MAX_SESSION_ITEMS_SCANNED` items are read.
 */
import { MAX_SESSION_ITEMS_SCANNED, type SessionBreakdown } from '../../../src-shared/releases-api.ts';
import { uuidHex } from '../pipeline/uuid.ts';
import { epochMillis, type Json, obj, storedBody, text } from '../store/item-json.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';

type Status = Exclude<keyof SessionBreakdown, 'total'>;

/** Sentry's adoption window: sessions started in the last 24 hours. */
const ADOPTION_WINDOW = 24 * 3_600_000;

/** Sessions and distinct users of the sessions started in the adoption window. */
export interface RecentSessions {
  sessions: number;
  users: Set<string>;
}

export interface ReleaseSessions {
  sessions: SessionBreakdown;
  /** Each `did`: whether one of its sessions crashed. */
  users: Map<string, boolean>;
  recent: RecentSessions;
  firstSeen: number;
  lastSeen: number;
}

export interface SessionTally {
  byRelease: Map<string, ReleaseSessions>;
  /** The project's, across its releases. */
  recent: RecentSessions;
  partial: boolean;
}

interface ItemRow {
  id: number;
  received: number;
  type: string;
  data: Buffer;
}

/** The final update of a session so far. */
interface SessionState {
  release: string;
  did: string | null;
  seq: number;
  status: Status;
  started: number;
}

/** Newest first, one query per type so each walks the (project_id, type, received) index. */
function newestItems(db: SqliteDb, projectId: number): ItemRow[] {
  const rows: ItemRow[] = [];
  for (const type of ['session', 'sessions'])
    rows.push(
      ...(stmt(
        db,
        `SELECT id, received, type, data FROM item_store WHERE project_id = ? AND type = ?
         ORDER BY received DESC, id DESC LIMIT ${MAX_SESSION_ITEMS_SCANNED + 1}`,
      ).all(projectId, type) as ItemRow[]),
    );
  return rows.sort((a, b) => b.received - a.received || b.id - a.id);
}

const count = (value: unknown): number =>
  typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : 0;

/**
 * Sentry's session status of an update: a crash or abnormal end wins, then any error; any status
 * but `ok` and `exited` is one (Relay's `SessionStatus::is_error`, its unknown ones included).
 */
function statusOf(update: Json): Status {
  const status = text(update.status) ?? 'ok';
  if (status === 'crashed') return 'crashed';
  if (status === 'abnormal') return 'abnormal';
  if ((status !== 'ok' && status !== 'exited') || count(update.errors) > 0) return 'errored';
  return 'healthy';
}

/** A distinct id, or null for none or the nil UUID (Relay's `nil_to_none`). */
function distinctId(value: unknown): string | null {
  const did = text(value);
  return did === null || uuidHex(did) === '0'.repeat(32) ? null : did;
}

const noneRecent = (): RecentSessions => ({ sessions: 0, users: new Set() });

function emptyRelease(at: number): ReleaseSessions {
  return {
    sessions: { total: 0, healthy: 0, errored: 0, crashed: 0, abnormal: 0 },
    users: new Map(),
    recent: noneRecent(),
    firstSeen: at,
    lastSeen: at,
  };
}

class Tally {
  readonly byRelease = new Map<string, ReleaseSessions>();
  readonly recent = noneRecent();
  readonly #sessions = new Map<string, SessionState>();
  readonly #since: number;
  #anonymous = 0;

  constructor(now: number) {
    this.#since = now - ADOPTION_WINDOW;
  }

  #release(version: string, started: number, seen: number): ReleaseSessions {
    let release = this.byRelease.get(version);
    if (!release) {
      release = emptyRelease(started);
      this.byRelease.set(version, release);
    }
    release.firstSeen = Math.min(release.firstSeen, started);
    release.lastSeen = Math.max(release.lastSeen, seen);
    return release;
  }

  #user(release: ReleaseSessions, did: string | null, crashed: boolean): void {
    if (did === null) return;
    release.users.set(did, (release.users.get(did) ?? false) || crashed);
  }

  /** Counts sessions started in the adoption window, for the release and the project. */
  #recent(release: ReleaseSessions, started: number, sessions: number, did: string | null): void {
    if (started < this.#since) return;
    for (const recent of [release.recent, this.recent]) {
      recent.sessions += sessions;
      if (did !== null) recent.users.add(did);
    }
  }

  /** Updates come oldest first: a later one with the same or a higher `seq` replaces the earlier. */
  update(json: Json, received: number): void {
    const version = text(obj(json.attrs)?.release);
    if (version === null) return;
    const started = epochMillis(json.started) ?? received;
    this.#release(version, started, epochMillis(json.timestamp) ?? received);
    const sid = text(json.sid) ?? `anonymous:${this.#anonymous++}`;
    const seq = typeof json.seq === 'number' ? json.seq : 0;
    const previous = this.#sessions.get(sid);
    if (previous && previous.seq > seq) return;
    // A crash or an error is not undone by a later update (Relay counts the sid errored once it is).
    const status =
      previous && rank(previous.status) > rank(statusOf(json)) ? previous.status : statusOf(json);
    this.#sessions.set(sid, { release: version, did: distinctId(json.did), seq, status, started });
  }

  aggregates(json: Json, received: number): void {
    const version = text(obj(json.attrs)?.release);
    const buckets = json.aggregates;
    if (version === null || !Array.isArray(buckets)) return;
    for (const value of buckets) {
      const bucket = obj(value);
      if (!bucket) continue;
      const started = epochMillis(bucket.started) ?? received;
      const release = this.#release(version, started, started);
      const crashed = count(bucket.crashed);
      const errored = count(bucket.errored) + count(bucket.unhandled);
      const abnormal = count(bucket.abnormal);
      const healthy = count(bucket.exited);
      const { sessions } = release;
      sessions.healthy += healthy;
      sessions.errored += errored;
      sessions.crashed += crashed;
      sessions.abnormal += abnormal;
      sessions.total += healthy + errored + crashed + abnormal;
      const did = distinctId(bucket.did);
      this.#user(release, did, crashed > 0);
      this.#recent(release, started, healthy + errored + crashed + abnormal, did);
    }
  }

  /** Counts each session once, by its final status. */
  finish(): void {
    for (const session of this.#sessions.values()) {
      const release = this.byRelease.get(session.release);
      if (!release) continue;
      release.sessions[session.status] += 1;
      release.sessions.total += 1;
      this.#user(release, session.did, session.status === 'crashed');
      this.#recent(release, session.started, 1, session.did);
    }
  }
}

const RANK: Record<Status, number> = { healthy: 0, errored: 1, abnormal: 2, crashed: 3 };
const rank = (status: Status): number => RANK[status];

export function tallySessions(db: SqliteDb, projectId: number, now = Date.now()): SessionTally {
  const rows = newestItems(db, projectId);
  const partial = rows.length > MAX_SESSION_ITEMS_SCANNED;
  const tally = new Tally(now);
  for (const row of rows.slice(0, MAX_SESSION_ITEMS_SCANNED).reverse()) {
    const body = storedBody(row.data);
    if (!body) continue;
    if (row.type === 'session') tally.update(body, row.received);
    else tally.aggregates(body, row.received);
  }
  tally.finish();
  return { byRelease: tally.byRelease, recent: tally.recent, partial };
}
