/**
 * A project's sessions per release, as Sentry's release health counts them (Relay's session
 * metrics): a `session` item is an update of one session (`sid`), so an `init` update and its end
 * are ONE session, counted by its final update (highest `seq`, then the latest received); a
 * `sessions` item's buckets add their counts. Users are `did`s, crashed when any of their sessions
 * crashed. Items are stored as received and Relay-normalized (`pipeline/session.ts`), so the
 * fields are read without trusting their shape. Only the newest `MAX_SESSION_ITEMS_SCANNED`
 * items are read.
 */
import { MAX_SESSION_ITEMS_SCANNED, type SessionBreakdown } from '../../../src-shared/releases-api.ts';
import { epochMillis, type Json, obj, text } from '../store/item-json.ts';
import { decodeNode } from '../store/nodestore.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';

type Status = Exclude<keyof SessionBreakdown, 'total'>;

export interface ReleaseSessions {
  sessions: SessionBreakdown;
  /** Each `did`: whether one of its sessions crashed. */
  users: Map<string, boolean>;
  firstSeen: number;
  lastSeen: number;
}

export interface SessionTally {
  byRelease: Map<string, ReleaseSessions>;
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

/** Sentry's session status of an update: a crash or abnormal end wins, then any error. */
function statusOf(update: Json): Status {
  const status = text(update.status) ?? 'ok';
  if (status === 'crashed') return 'crashed';
  if (status === 'abnormal') return 'abnormal';
  if (status === 'errored' || status === 'unhandled' || count(update.errors) > 0) return 'errored';
  return 'healthy';
}

function emptyRelease(at: number): ReleaseSessions {
  return {
    sessions: { total: 0, healthy: 0, errored: 0, crashed: 0, abnormal: 0 },
    users: new Map(),
    firstSeen: at,
    lastSeen: at,
  };
}

class Tally {
  readonly byRelease = new Map<string, ReleaseSessions>();
  readonly #sessions = new Map<string, SessionState>();
  #anonymous = 0;

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
    this.#sessions.set(sid, { release: version, did: text(json.did), seq, status });
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
      this.#user(release, text(bucket.did), crashed > 0);
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
    }
  }
}

const RANK: Record<Status, number> = { healthy: 0, errored: 1, abnormal: 2, crashed: 3 };
const rank = (status: Status): number => RANK[status];

export function tallySessions(db: SqliteDb, projectId: number): SessionTally {
  const rows = newestItems(db, projectId);
  const partial = rows.length > MAX_SESSION_ITEMS_SCANNED;
  const tally = new Tally();
  for (const row of rows.slice(0, MAX_SESSION_ITEMS_SCANNED).reverse()) {
    const body = obj(obj(decodeNode(row.data))?.body);
    if (!body) continue;
    if (row.type === 'session') tally.update(body, row.received);
    else tally.aggregates(body, row.received);
  }
  tally.finish();
  return { byRelease: tally.byRelease, partial };
}
