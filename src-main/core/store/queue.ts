/**
 * The durable ingest queue (Sentry's Kafka `events` topic): raw envelopes plus request metadata in
 * SQLite, in a file of their own (queue-db.ts). The ingest endpoint answers 200 only after its row
 * is committed. Rows of concurrent requests share one transaction (group commit): everything
 * enqueued during one event-loop turn is sent to the writer thread as one batch, batches that reach
 * it while it commits go into its next transaction together, and each request is resolved once its
 * transaction is on disk. The commit and the fsync of the WAL after it (queue-writer-thread.ts) run
 * on that thread, so the event loop keeps serving meanwhile.
 *
 * The pipeline drains it with an IngestQueueConsumer on its own connection (another thread is
 * fine): `claimBatch` leases rows (in `ingest_queue_leases`, so the envelope rows are never
 * rewritten), `ack` deletes them. A lease that is never acked expires, so a crashed consumer's rows
 * are claimed again. The pipeline's work lands in other databases than the queue, so processing a
 * row and deleting it cannot be one transaction: the work's own SQLite transaction marks the row
 * processed there (`markProcessed`), and the row is deleted once the rest of its work (its DuckDB
 * rows) is committed too. A row claimed again after it was marked comes back flagged `processed`:
 * the pipeline then finishes only what may be missing (process-batch.ts).
 */

import type { QueueStats } from '../../../src-shared/api.ts';
import { LockWaitFlag } from './lock-wait-flag.ts';
import { type FromWriter, QueueWriter } from './queue-writer.ts';
import { META_FIELDS } from './queue-writer-thread.ts';
import type { SqliteDb } from './sqlite.ts';
import { stmt } from './statements.ts';
import { WalFile } from './wal-sync.ts';
import { withWriteLock } from './write-lock.ts';

export type { QueueStats } from '../../../src-shared/api.ts';

export type IngestRouteName =
  | 'envelope'
  | 'store'
  | 'minidump'
  | 'security'
  | 'attachments'
  | 'stream'
  | 'otlp'
  | 'nel'
  | 'error_page';

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
  /**
   * Marked processed (`markProcessed`) by an earlier claim whose consumer did not ack it: its
   * SQLite work is committed, what came after it may not be.
   */
  processed?: true;
}

export interface QueueBounds {
  /** Above this many rows waiting, ingest answers 503. */
  maxRows: number;
  /** Above this many envelope bytes waiting, ingest answers 503. */
  maxBytes: number;
}

export interface EnqueueOptions {
  /**
   * The caller gives up `entry.envelope`: when the Buffer alone spans its memory, that memory is
   * moved to the writer thread instead of copied, and the Buffer reads as empty afterwards.
   */
  transfer?: boolean;
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
  /** Envelope bytes, kept apart: a transferred envelope reads as empty afterwards. */
  size: number;
  transfer: boolean;
  resolve: (id: number) => void;
  reject: (error: Error) => void;
}

interface Inflight {
  batch: Pending[];
  bytes: number;
}

export class QueueClosedError extends Error {
  readonly type = 'unavailable';
  constructor() {
    super('the ingest queue is closed');
  }
}

/** The writer thread could not commit (disk full, database locked too long, thread crashed). */
export class QueueWriteError extends Error {
  readonly type = 'unavailable';
}

/** The writer side, owned by the ingest endpoint. */
export class IngestQueue {
  readonly bounds: QueueBounds;
  /** Raised while the pipeline waits for the write lock: the writer thread lets it go first (pass its buffer on). */
  readonly pipelineWait = new LockWaitFlag();
  readonly #db: SqliteDb;
  readonly #writer: QueueWriter;
  #pending: Pending[] = [];
  #pendingBytes = 0;
  readonly #inflight = new Map<number, Inflight>();
  #inflightRows = 0;
  #inflightBytes = 0;
  #scheduled = false;
  #closed = false;
  #committedDepth = 0;
  #committedBytes = 0;
  readonly #listeners = new Set<(depth: number) => void>();
  readonly #observers = new Set<(committed: readonly QueuedEnvelope[]) => void>();

  /** `db`: a connection to the queue file (openQueueDb); the writer thread opens its own. */
  constructor(db: SqliteDb, bounds: Partial<QueueBounds> = {}) {
    if (db.memory) throw new TypeError('the ingest queue needs a database file (its writer thread opens it)');
    this.#db = db;
    this.bounds = { ...DEFAULT_QUEUE_BOUNDS, ...bounds };
    this.#writer = new QueueWriter(db.name, (reply) => this.#onReply(reply), this.pipelineWait);
    this.#readCounters();
  }

  /** Starts the writer thread ahead of the first envelope (QueueWriter.start). */
  startWriter(): void {
    if (!this.#closed) this.#writer.start();
  }

  /** The committed depth and bytes as the database has them now. */
  #readCounters(): void {
    const counters = queueCounters(this.#db);
    this.#committedDepth = counters.depth;
    this.#committedBytes = counters.bytes;
  }

  #fits(bytes: number): boolean {
    return (
      this.#committedDepth + this.#inflightRows + this.#pending.length + 1 <= this.bounds.maxRows &&
      this.#committedBytes + this.#inflightBytes + this.#pendingBytes + bytes <= this.bounds.maxBytes
    );
  }

  /** False when taking `bytes` more would push the queue past its bounds: answer 503 then. */
  hasRoomFor(bytes: number): boolean {
    if (this.#fits(bytes)) return true;
    // The committed counters come with each commit's reply, and while ingest refuses nothing is
    // committed: the pipeline may have drained the queue since. Without this look, a queue that
    // once reached its bound refused every envelope after it had emptied (found by the 1M run).
    this.#readCounters();
    return this.#fits(bytes);
  }

  /** Resolves with the row id once the row is committed (durable). */
  enqueue(entry: QueueEntry, options: EnqueueOptions = {}): Promise<number> {
    if (this.#closed) return Promise.reject(new QueueClosedError());
    return new Promise((resolve, reject) => {
      const size = entry.envelope.length;
      this.#pending.push({ entry, size, transfer: options.transfer === true, resolve, reject });
      this.#pendingBytes += size;
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Sends everything pending to the writer thread as one batch. Called once per event-loop turn. */
  flush(): void {
    this.#scheduled = false;
    const batch = this.#pending;
    if (batch.length === 0) return;
    this.#pending = [];
    const bytes = this.#pendingBytes;
    this.#pendingBytes = 0;
    const meta: Array<string | number | null> = new Array(batch.length * META_FIELDS);
    const envelopes: ArrayBuffer[] = new Array(batch.length);
    // Only a batch of several can hold the same memory twice.
    const moved = batch.length > 1 ? new Set<ArrayBuffer>() : undefined;
    for (let i = 0; i < batch.length; i++) {
      const { entry: e, transfer } = batch[i]!;
      const at = i * META_FIELDS;
      meta[at] = e.projectId;
      meta[at + 1] = e.keyId;
      meta[at + 2] = e.route;
      meta[at + 3] = e.eventId;
      meta[at + 4] = e.receivedAt;
      meta[at + 5] = e.clientIp;
      meta[at + 6] = e.userAgent;
      meta[at + 7] = e.origin;
      meta[at + 8] = e.sentryClient;
      // The same memory cannot be moved twice in one message.
      const memory = transfer ? ownMemory(e.envelope) : copyOf(e.envelope);
      envelopes[i] = moved?.has(memory) ? copyOf(e.envelope) : memory;
      moved?.add(envelopes[i]!);
    }
    const returnEnvelopes = this.#observers.size > 0;
    let seq: number;
    try {
      seq = this.#writer.write({ meta, envelopes, returnEnvelopes }, envelopes);
    } catch (error) {
      for (const pending of batch) pending.reject(new QueueWriteError((error as Error).message));
      return;
    }
    this.#inflight.set(seq, { batch, bytes });
    this.#inflightRows += batch.length;
    this.#inflightBytes += bytes;
  }

  /** Called after each commit with the queue depth; the pipeline uses it to wake up. */
  onCommit(listener: (depth: number) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Called after each commit with the rows it made durable (the pipeline may drain them at once).
   * Register before enqueueing: rows sent to the writer before an observer existed carry no bytes.
   */
  observe(observer: (committed: readonly QueuedEnvelope[]) => void): () => void {
    this.#observers.add(observer);
    return () => this.#observers.delete(observer);
  }

  stats(): QueueStats {
    return readQueueStats(this.#db, this.bounds);
  }

  /** True while a row with an id up to `lastId` waits to be processed (committed and not acked). */
  waitsUpTo(lastId: number): boolean {
    return (
      stmt<[number]>(this.#db, 'SELECT 1 FROM ingest_queue WHERE id <= ? LIMIT 1').get(lastId) !== undefined
    );
  }

  /** Commits what is pending (waiting for the writer thread) and refuses new entries. */
  close(): void {
    if (this.#closed) return;
    this.flush();
    this.#closed = true;
    this.#writer.closeSync();
  }

  #onReply(reply: FromWriter): void {
    if (reply.type === 'closed') return;
    const done: Inflight[] = [];
    for (const seq of reply.seqs) {
      const inflight = this.#inflight.get(seq);
      if (!inflight) continue;
      this.#inflight.delete(seq);
      this.#inflightRows -= inflight.batch.length;
      this.#inflightBytes -= inflight.bytes;
      done.push(inflight);
    }
    if (reply.type === 'failed') {
      for (const { batch } of done)
        for (const pending of batch) pending.reject(new QueueWriteError(reply.message));
      return;
    }
    this.#committedDepth = reply.depth;
    this.#committedBytes = reply.bytes;
    for (const listener of this.#listeners) listener(this.#committedDepth);
    if (this.#observers.size > 0) this.#notifyObservers(done, reply);
    let next = 0;
    for (const { batch } of done) for (const pending of batch) pending.resolve(reply.ids[next++]!);
  }

  #notifyObservers(done: Inflight[], reply: Extract<FromWriter, { type: 'committed' }>): void {
    const committed: QueuedEnvelope[] = [];
    let next = 0;
    done.forEach(({ batch }, b) => {
      const returned = reply.envelopes?.[b];
      batch.forEach(({ entry }, i) => {
        const memory = returned?.[i];
        const envelope = memory ? Buffer.from(memory) : entry.envelope;
        committed.push({ ...entry, envelope, id: reply.ids[next++]!, attempts: 0 });
      });
    });
    for (const observer of this.#observers) observer(committed);
  }
}

/**
 * Memory that can be moved to the writer thread: the Buffer's own when it alone spans it (bodies
 * read by ingest are allocated that way), else an exact copy. Never the whole of a shared pool
 * slab, which is what posting a pooled Buffer as-is would copy.
 */
function ownMemory(buffer: Buffer): ArrayBuffer {
  const memory = buffer.buffer;
  if (memory instanceof ArrayBuffer && buffer.byteOffset === 0 && buffer.byteLength === memory.byteLength)
    return memory;
  return copyOf(buffer);
}

function copyOf(buffer: Buffer): ArrayBuffer {
  const copy = new ArrayBuffer(buffer.byteLength);
  new Uint8Array(copy).set(buffer);
  return copy;
}

/** The queue's counters, kept by its triggers (one row). */
function queueCounters(db: SqliteDb): { depth: number; bytes: number; enqueued_total: number } {
  return (
    stmt<[], { depth: number; bytes: number; enqueued_total: number }>(
      db,
      'SELECT depth, bytes, enqueued_total FROM ingest_queue_stats WHERE id = 1',
    ).get() ?? { depth: 0, bytes: 0, enqueued_total: 0 }
  );
}

export function readQueueStats(db: SqliteDb, bounds: QueueBounds = DEFAULT_QUEUE_BOUNDS): QueueStats {
  const counters = queueCounters(db);
  const claimed = db
    .prepare<[], { n: number }>('SELECT count(*) AS n FROM ingest_queue_leases WHERE claimed_at IS NOT NULL')
    .get();
  const oldest = db
    .prepare<[], { received_at: number }>('SELECT received_at FROM ingest_queue ORDER BY id LIMIT 1')
    .get();
  return {
    depth: counters.depth,
    bytes: counters.bytes,
    claimed: claimed?.n ?? 0,
    oldestReceivedAt: oldest ? new Date(oldest.received_at).toISOString() : null,
    enqueuedTotal: counters.enqueued_total,
    maxRows: bounds.maxRows,
    maxBytes: bounds.maxBytes,
  };
}

export interface ConsumerOptions {
  leaseMs?: number;
  /**
   * The database the consumer's work is written to: `markProcessed` marks rows there, `ack` clears
   * the marks, and rows found marked are handed out again flagged `processed` (`claimBatch`).
   */
  processedIn?: SqliteDb;
  /**
   * Raised while this consumer waits for the queue's write lock (IngestQueue.pipelineWait): the
   * writer thread, which commits back to back under load, then lets it go first. Given one, the
   * consumer owns the connection and sets its busy timeout to 0 (write-lock.ts).
   */
  waiting?: LockWaitFlag;
}

/** The reader side, for the pipeline: its own connection to the queue file. */
export class IngestQueueConsumer {
  readonly #db: SqliteDb;
  readonly #leaseMs: number;
  readonly #processedIn: SqliteDb | undefined;
  readonly #waiting: LockWaitFlag | undefined;
  readonly #wal: WalFile;
  /** The WAL of `processedIn`, synced before rows are deleted (ack). */
  readonly #processedWal: WalFile | undefined;
  /** Files created before the queue had its own file's settings cannot give pages back. */
  readonly #incrementalVacuum: boolean;
  readonly #claim;
  readonly #readRange;

  constructor(db: SqliteDb, options: ConsumerOptions = {}) {
    this.#db = db;
    this.#leaseMs = options.leaseMs ?? 60_000;
    this.#processedIn = options.processedIn;
    this.#waiting = options.waiting;
    if (this.#waiting) db.pragma('busy_timeout = 0');
    this.#wal = new WalFile(db.name);
    const processedIn = options.processedIn;
    if (processedIn && !processedIn.memory && processedIn.pragma('journal_mode', { simple: true }) === 'wal')
      this.#processedWal = new WalFile(processedIn.name);
    this.#incrementalVacuum = db.pragma('auto_vacuum', { simple: true }) === 2;
    // Only ids under the write lock: the rows themselves (envelopes of kilobytes each) are read
    // after it is released (readClaimed), so ingest's commits wait for less.
    this.#claim = db.prepare<[number, number], { id: number; attempts: number }>(
      `SELECT q.id, coalesce(l.attempts, 0) + 1 AS attempts
       FROM ingest_queue q LEFT JOIN ingest_queue_leases l ON l.id = q.id
       WHERE l.claimed_at IS NULL OR l.claimed_at < ?
       ORDER BY q.id LIMIT ?`,
    );
    this.#readRange = db.prepare<[number, number], Omit<QueueRow, 'attempts'>>(
      `SELECT id, project_id, key_id, route, event_id, received_at, client_ip, user_agent, origin,
         sentry_client, envelope FROM ingest_queue WHERE id BETWEEN ? AND ? ORDER BY id`,
    );
  }

  /**
   * Leases up to `limit` rows, oldest first. Rows stay claimed until acked, released or the lease
   * ends. Rows already marked processed come flagged `processed`.
   */
  claimBatch(limit: number, now = Date.now()): QueuedEnvelope[] {
    const claimed = this.#write(() => {
      const rows = this.#claim.all(now - this.#leaseMs, limit);
      // A statement per chunk of rows, not per row (a `run` per row cost ~1 µs an event, under the lock).
      forChunks(
        rows.map((row) => row.id),
        (chunk) =>
          stmt(
            this.#db,
            `INSERT INTO ingest_queue_leases (id, claimed_at, attempts) VALUES ${chunk.map(() => '(?, ?, 1)').join(',')}
             ON CONFLICT (id) DO UPDATE SET claimed_at = excluded.claimed_at, attempts = attempts + 1`,
          ).run(...chunk.flatMap((id) => [id, now])),
      );
      return rows;
    });
    const rows = this.#readClaimed(claimed);
    const processed = this.#processedAmong(rows);
    return rows.map((row) => toQueuedEnvelope(row, processed.has(row.id)));
  }

  /**
   * The rows just leased, in id order, read outside the write lock: they are this consumer's until
   * it acks or releases them (nothing else deletes a row), so no other write can change them. Read
   * as the range of their ids (claims take the lowest ids first), skipping rows in it that were not
   * claimed here: one statement whatever the batch size, where an IN list is a statement per length.
   */
  #readClaimed(claimed: ReadonlyArray<{ id: number; attempts: number }>): QueueRow[] {
    const first = claimed[0];
    const last = claimed.at(-1);
    if (!first || !last) return [];
    const attempts = new Map(claimed.map((row) => [row.id, row.attempts]));
    const rows: QueueRow[] = [];
    for (const row of this.#readRange.all(first.id, last.id)) {
      const tries = attempts.get(row.id);
      if (tries !== undefined) rows.push({ ...row, attempts: tries });
    }
    return rows;
  }

  /** Marks rows processed, inside the caller's transaction on the `processedIn` database. */
  markProcessed(ids: readonly number[]): void {
    const processedIn = this.#processedIn;
    if (!processedIn) throw new Error('this consumer was given no database to mark processed rows in');
    // One statement per chunk, not per row: a `run` per id cost ~2 µs an event on the writing thread.
    forChunks(ids, (chunk, _list, rows) =>
      stmt(processedIn, `INSERT OR IGNORE INTO ingest_queue_processed (id) VALUES ${rows}`).run(...chunk),
    );
  }

  /**
   * Removes processed rows, durably (an fsync: a row whose mark is cleared must never come back),
   * then clears their marks.
   */
  ack(ids: readonly number[]): void {
    if (ids.length === 0) return;
    // What processing these rows committed (events, counts, their processed marks) may not be on
    // disk yet (synchronous=NORMAL): it must be before the rows go, or losing it loses the events.
    this.#processedWal?.syncNow();
    // Inside a caller's transaction, the commit (and its sync) is the caller's: one step. Otherwise a
    // transaction per step: deleting a second's rows at 1,000 envelopes/s (the index writes once a
    // second) in one held the write lock 20-30 ms, and every acknowledgement waited. A row left after
    // a crash between steps is still marked processed and is claimed again so.
    const nested = this.#db.inTransaction;
    const step = nested ? ids.length : ACK_STEP_ROWS;
    for (let i = 0; i < ids.length; i += step) {
      const rows = ids.slice(i, i + step);
      this.#write(() => this.#inChunks(rows, 'DELETE FROM ingest_queue WHERE id IN'));
    }
    // Synced after the commits, not inside them: ingest's commits need not wait for this fsync.
    if (!nested) this.#wal.syncNow();
    this.#clearMarks(ids);
  }

  #clearMarks(ids: readonly number[]): void {
    const processedIn = this.#processedIn;
    if (processedIn)
      processedIn.transaction(() =>
        forChunks(ids, (chunk, list) =>
          stmt(processedIn, `DELETE FROM ingest_queue_processed WHERE id IN ${list}`).run(...chunk),
        ),
      )();
  }

  /** Gives rows back without processing them (a consumer shutting down). */
  release(ids: readonly number[]): void {
    this.#write(() => this.#inChunks(ids, 'UPDATE ingest_queue_leases SET claimed_at = NULL WHERE id IN'));
  }

  /**
   * For the one consumer of a data dir, at its start: leases still held belong to one that died
   * (kill -9, crash), so its rows are given back now instead of when the leases expire (those it
   * marked processed are claimed again flagged so). Marks of rows it deleted are cleared.
   */
  recover(): void {
    this.#write(() =>
      this.#db.prepare('UPDATE ingest_queue_leases SET claimed_at = NULL WHERE claimed_at IS NOT NULL').run(),
    );
    const processedIn = this.#processedIn;
    if (!processedIn) return;
    const marked = processedIn
      .prepare<[], { id: number }>('SELECT id FROM ingest_queue_processed')
      .all()
      .map((row) => row.id);
    const queued = idsIn(this.#db, 'ingest_queue', marked);
    const gone = marked.filter((id) => !queued.has(id));
    if (gone.length > 0) this.#clearMarks(gone);
  }

  /**
   * Gives pages that processed rows freed back to the file system, a step of SHRINK_STEP_PAGES,
   * once the queue is empty (while rows wait, the next envelopes reuse freed pages). A step holds
   * the write lock a few milliseconds (2-3 ms measured). Returns whether it gave some back.
   */
  shrink(): boolean {
    if (!this.#incrementalVacuum) return false;
    if (queueCounters(this.#db).depth !== 0) return false;
    const freePages = () => this.#db.pragma('freelist_count', { simple: true }) as number;
    if (freePages() < SHRINK_STEP_PAGES) return false;
    this.#write(() => this.#db.pragma(`incremental_vacuum(${SHRINK_STEP_PAGES})`));
    // The last step: the file itself gets shorter once the WAL is copied back, and the WAL is cut
    // to nothing (if ingest is writing right now, the next checkpoint does it).
    if (freePages() < SHRINK_STEP_PAGES) this.#db.pragma('wal_checkpoint(TRUNCATE)');
    return true;
  }

  /** Closes the connection it was given. */
  close(): void {
    this.#wal.close();
    this.#processedWal?.close();
    this.#db.close();
  }

  /** Of `rows`, those marked processed: only a row claimed before can be. */
  #processedAmong(rows: readonly QueueRow[]): Set<number> {
    const again = rows.filter((row) => row.attempts > 1).map((row) => row.id);
    if (!this.#processedIn || again.length === 0) return new Set();
    return idsIn(this.#processedIn, 'ingest_queue_processed', again);
  }

  /** A write transaction on the queue file, waiting for the lock in small steps when it has a flag. */
  #write<T>(work: () => T): T {
    const transaction = this.#db.transaction(work);
    const waiting = this.#waiting;
    return waiting
      ? withWriteLock(() => transaction.immediate(), LOCK_RETRY_MS, waiting)
      : transaction.immediate();
  }

  #inChunks(ids: readonly number[], statement: string): void {
    forChunks(ids, (chunk, list) => stmt(this.#db, `${statement} ${list}`).run(...chunk));
  }
}

/** 10 MiB of 4 KiB pages: what one `shrink` step gives back at most. */
const SHRINK_STEP_PAGES = 2560;

/**
 * Rows `ack` deletes per transaction. At 1,000 envelopes/s, one transaction for a second's ~1,000 rows
 * held the write lock 20-30 ms.
 */
export const ACK_STEP_ROWS = 100;

/** The consumer's pause between two tries for the queue's write lock while ingest holds it. */
const LOCK_RETRY_MS = 0.25;

/**
 * `ids` in chunks of at most 500, each with its SQL list of placeholders, `(?,?,…)`, and as rows of
 * a VALUES clause, `(?),(?),…`.
 */
function forChunks(ids: readonly number[], run: (chunk: number[], list: string, rows: string) => void): void {
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    run(chunk, `(${chunk.map(() => '?').join(',')})`, chunk.map(() => '(?)').join(','));
  }
}

/** Of `ids`, those that `table` (keyed by `id`) has. */
function idsIn(db: SqliteDb, table: string, ids: readonly number[]): Set<number> {
  const found = new Set<number>();
  forChunks(ids, (chunk, list) => {
    for (const { id } of stmt<number[], { id: number }>(
      db,
      `SELECT id FROM ${table} WHERE id IN ${list}`,
    ).all(...chunk))
      found.add(id);
  });
  return found;
}

function toQueuedEnvelope(row: QueueRow, processed: boolean): QueuedEnvelope {
  return {
    ...(processed ? { processed: true as const } : {}),
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
