/**
 * The durable ingest queue (Sentry's Kafka `events` topic): raw envelopes plus request metadata in
 * SQLite. The ingest endpoint answers 200 only after its row is committed. Rows of concurrent
 * requests share one transaction (group commit): everything enqueued during one event-loop turn is
 * inserted together, then every waiting request is resolved.
 *
 * The pipeline drains it with an IngestQueueConsumer on its own connection (another thread is
 * fine): `claimBatch` leases rows, `ack` deletes them. A lease that is never acked expires, so a
 * crashed consumer's rows are claimed again.
 */
import type { QueueStats } from '../../../src-shared/api.ts';
import type { SqliteDb } from './sqlite.ts';

export type { QueueStats } from '../../../src-shared/api.ts';

export type IngestRouteName = 'envelope' | 'store' | 'minidump' | 'security' | 'attachments' | 'stream';

export interface QueueEntry {
  projectId: number;
  /** The project key used; null for Spotlight's `/stream`, which carries none. */
  keyId: number | null;
  route: IngestRouteName;
  /** The envelope's event id (32 hex), when it has one. */
  eventId: string | null;
  receivedAt: number;
  clientIp: string | null;
  userAgent: string | null;
  origin: string | null;
  sentryClient: string | null;
  /** The envelope exactly as received, after HTTP decompression. */
  envelope: Buffer;
}

export interface QueuedEnvelope extends QueueEntry {
  id: number;
  /** How many times the row was claimed (1 on the first claim). */
  attempts: number;
}

export interface QueueBounds {
  /** Above this many rows waiting, ingest answers 503. */
  maxRows: number;
  /** Above this many envelope bytes waiting, ingest answers 503. */
  maxBytes: number;
}

export const DEFAULT_QUEUE_BOUNDS: Readonly<QueueBounds> = { maxRows: 100_000, maxBytes: 1024 * 1024 * 1024 };

interface QueueRow {
  id: number;
  project_id: number;
  key_id: number | null;
  route: IngestRouteName;
  event_id: string | null;
  received_at: number;
  client_ip: string | null;
  user_agent: string | null;
  origin: string | null;
  sentry_client: string | null;
  envelope: Buffer;
  attempts: number;
}

interface Pending {
  entry: QueueEntry;
  resolve: (id: number) => void;
  reject: (error: Error) => void;
}

export class QueueClosedError extends Error {
  readonly type = 'unavailable';
  constructor() {
    super('the ingest queue is closed');
  }
}

/** The writer side, owned by the ingest endpoint. */
export class IngestQueue {
  readonly bounds: QueueBounds;
  readonly #db: SqliteDb;
  readonly #insert;
  readonly #readCounters;
  readonly #insertAll: (pending: Pending[]) => number[];
  #pending: Pending[] = [];
  #pendingBytes = 0;
  #scheduled = false;
  #closed = false;
  #committedDepth = 0;
  #committedBytes = 0;
  readonly #listeners = new Set<(depth: number) => void>();
  readonly #observers = new Set<(committed: readonly QueuedEnvelope[]) => void>();

  constructor(db: SqliteDb, bounds: Partial<QueueBounds> = {}) {
    this.#db = db;
    this.bounds = { ...DEFAULT_QUEUE_BOUNDS, ...bounds };
    this.#insert = db.prepare<
      [
        number,
        number | null,
        string,
        string | null,
        number,
        string | null,
        string | null,
        string | null,
        string | null,
        Buffer,
        number,
      ],
      { id: number }
    >(
      `INSERT INTO ingest_queue (project_id, key_id, route, event_id, received_at, client_ip, user_agent, origin,
         sentry_client, envelope, size) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#readCounters = db.prepare<[], { depth: number; bytes: number }>(
      'SELECT depth, bytes FROM ingest_queue_stats WHERE id = 1',
    );
    this.#insertAll = db.transaction((batch: Pending[]) =>
      batch.map(({ entry: e }) =>
        Number(
          this.#insert.run(
            e.projectId,
            e.keyId,
            e.route,
            e.eventId,
            e.receivedAt,
            e.clientIp,
            e.userAgent,
            e.origin,
            e.sentryClient,
            e.envelope,
            e.envelope.length,
          ).lastInsertRowid,
        ),
      ),
    );
    this.#refreshCounters();
  }

  /** False when taking `bytes` more would push the queue past its bounds: answer 503 then. */
  hasRoomFor(bytes: number): boolean {
    return (
      this.#committedDepth + this.#pending.length + 1 <= this.bounds.maxRows &&
      this.#committedBytes + this.#pendingBytes + bytes <= this.bounds.maxBytes
    );
  }

  /** Resolves with the row id once the row is committed (durable). */
  enqueue(entry: QueueEntry): Promise<number> {
    if (this.#closed) return Promise.reject(new QueueClosedError());
    return new Promise((resolve, reject) => {
      this.#pending.push({ entry, resolve, reject });
      this.#pendingBytes += entry.envelope.length;
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits everything pending in one transaction. Called once per event-loop turn. */
  flush(): void {
    this.#scheduled = false;
    const batch = this.#pending;
    if (batch.length === 0) return;
    this.#pending = [];
    this.#pendingBytes = 0;
    let ids: number[];
    try {
      ids = this.#insertAll(batch);
    } catch (error) {
      for (const pending of batch) pending.reject(error as Error);
      return;
    }
    this.#refreshCounters();
    for (let i = 0; i < batch.length; i++) batch[i]!.resolve(ids[i]!);
    for (const listener of this.#listeners) listener(this.#committedDepth);
    if (this.#observers.size > 0) {
      const committed = batch.map(({ entry }, i): QueuedEnvelope => ({ ...entry, id: ids[i]!, attempts: 0 }));
      for (const observer of this.#observers) observer(committed);
    }
  }

  /** Called after each commit with the queue depth; the pipeline uses it to wake up. */
  onCommit(listener: (depth: number) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Called after each commit with the rows it made durable (the pipeline may drain them at once). */
  observe(observer: (committed: readonly QueuedEnvelope[]) => void): () => void {
    this.#observers.add(observer);
    return () => this.#observers.delete(observer);
  }

  stats(): QueueStats {
    return readQueueStats(this.#db, this.bounds);
  }

  /** Commits what is pending and refuses new entries. */
  close(): void {
    if (this.#closed) return;
    this.flush();
    this.#closed = true;
  }

  #refreshCounters(): void {
    const counters = this.#readCounters.get();
    this.#committedDepth = counters?.depth ?? 0;
    this.#committedBytes = counters?.bytes ?? 0;
  }
}

export function readQueueStats(db: SqliteDb, bounds: QueueBounds = DEFAULT_QUEUE_BOUNDS): QueueStats {
  const counters = db
    .prepare<[], { depth: number; bytes: number; enqueued_total: number }>(
      'SELECT depth, bytes, enqueued_total FROM ingest_queue_stats WHERE id = 1',
    )
    .get();
  const claimed = db
    .prepare<[], { n: number }>('SELECT count(*) AS n FROM ingest_queue WHERE claimed_at IS NOT NULL')
    .get();
  const oldest = db
    .prepare<[], { received_at: number }>('SELECT received_at FROM ingest_queue ORDER BY id LIMIT 1')
    .get();
  return {
    depth: counters?.depth ?? 0,
    bytes: counters?.bytes ?? 0,
    claimed: claimed?.n ?? 0,
    oldestReceivedAt: oldest ? new Date(oldest.received_at).toISOString() : null,
    enqueuedTotal: counters?.enqueued_total ?? 0,
    maxRows: bounds.maxRows,
    maxBytes: bounds.maxBytes,
  };
}

/** The reader side, for the pipeline: any connection to the same database file. */
export class IngestQueueConsumer {
  readonly #db: SqliteDb;
  readonly #leaseMs: number;
  readonly #claim;

  constructor(db: SqliteDb, options: { leaseMs?: number } = {}) {
    this.#db = db;
    this.#leaseMs = options.leaseMs ?? 60_000;
    this.#claim = db.prepare<[number, number, number], QueueRow>(
      `UPDATE ingest_queue SET claimed_at = ?, attempts = attempts + 1
       WHERE id IN (SELECT id FROM ingest_queue WHERE claimed_at IS NULL OR claimed_at < ? ORDER BY id LIMIT ?)
       RETURNING id, project_id, key_id, route, event_id, received_at, client_ip, user_agent, origin,
         sentry_client, envelope, attempts`,
    );
  }

  /** Leases up to `limit` rows, oldest first. Rows stay claimed until acked, released or the lease ends. */
  claimBatch(limit: number, now = Date.now()): QueuedEnvelope[] {
    const rows = this.#db.transaction(() => this.#claim.all(now, now - this.#leaseMs, limit)).immediate();
    return rows.sort((a, b) => a.id - b.id).map(toQueuedEnvelope);
  }

  /** Removes processed rows. Safe inside the caller's own transaction (it nests as a savepoint). */
  ack(ids: readonly number[]): void {
    this.#inChunks(ids, (chunk) =>
      this.#db
        .prepare(`DELETE FROM ingest_queue WHERE id IN (${chunk.map(() => '?').join(',')})`)
        .run(...chunk),
    );
  }

  /** Gives rows back without processing them (a consumer shutting down). */
  release(ids: readonly number[]): void {
    this.#inChunks(ids, (chunk) =>
      this.#db
        .prepare(`UPDATE ingest_queue SET claimed_at = NULL WHERE id IN (${chunk.map(() => '?').join(',')})`)
        .run(...chunk),
    );
  }

  #inChunks(ids: readonly number[], run: (chunk: number[]) => void): void {
    this.#db.transaction(() => {
      for (let i = 0; i < ids.length; i += 500) run(ids.slice(i, i + 500));
    })();
  }
}

function toQueuedEnvelope(row: QueueRow): QueuedEnvelope {
  return {
    id: row.id,
    projectId: row.project_id,
    keyId: row.key_id,
    route: row.route,
    eventId: row.event_id,
    receivedAt: row.received_at,
    clientIp: row.client_ip,
    userAgent: row.user_agent,
    origin: row.origin,
    sentryClient: row.sentry_client,
    envelope: row.envelope,
    attempts: row.attempts,
  };
}
