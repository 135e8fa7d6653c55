/**
 * The ingest queue's writer thread: owns its own SQLite connection and commits the envelopes the
 * main thread sends it, so that no commit and no fsync ever blocks the event loop that serves HTTP.
 * Batches that arrive while a commit is running are committed together in the next transaction
 * (group commit across batches). A batch is acknowledged once its commit is on disk: commits write
 * their frames to the WAL without syncing (synchronous=NORMAL), and this thread then flushes the
 * WAL itself (wal-sync.ts, DurableAcks below), so the next commit need not wait for the last
 * one's fsync, and fsyncs overlap.
 *
 * This module is its own worker entry: the thread is started on `WRITER_THREAD_URL`, which is this
 * file when running from sources and the bundle chunk holding it once built, so the build needs no
 * entry of its own. Nothing happens on import unless the thread was started with the writer role.
 */
import { type MessagePort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { LockWaitFlag } from './lock-wait-flag.ts';
import { QUEUE_WAL_LIMIT } from './queue-db.ts';
import type { FromWriter, ToWriter, WriteBatch, WriterInit } from './queue-writer.ts';
import { WalFile } from './wal-sync.ts';
import { pause, withWriteLock } from './write-lock.ts';

export const WRITER_THREAD_URL = import.meta.url;
export const WRITER_ROLE = 'faultline.ingest-queue-writer';

/** Values per row in `WriteBatch.meta`, in this order. */
export const META_FIELDS = 9;

const INSERT_SQL = `INSERT INTO ingest_queue (project_id, key_id, route, event_id, received_at, client_ip,
  user_agent, origin, sentry_client, envelope, size) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

function runWriter(init: WriterInit): void {
  const { port } = init;
  const done = new Int32Array(init.closed);
  const pipelineWait = new LockWaitFlag(init.pipelineWait);
  let db: Database.Database;
  try {
    db = new Database(init.file, { fileMustExist: true });
    // Waiting for the write lock is done here (commitWaiting), in smaller steps than SQLite's.
    db.pragma('busy_timeout = 0');
    db.pragma('journal_mode = WAL');
    // Every acknowledgement stands for a commit that reached the disk: this thread syncs the WAL
    // after the commit (DurableAcks) rather than SQLite inside it.
    db.pragma('synchronous = NORMAL');
    // Copying the WAL back into the database (~4 MB and an fsync per 1,000 pages) is left to the
    // pipeline's connection, which deletes the rows it processed after every batch: done here, it
    // delayed the acknowledgements of the commit that happened to cross the threshold. Only if
    // nothing else does it (the pipeline stopped) does the WAL reach this larger bound and get
    // copied here.
    db.pragma('wal_autocheckpoint = 16000');
    db.pragma(`journal_size_limit = ${QUEUE_WAL_LIMIT}`);
  } catch (error) {
    failAll(port, done, `cannot open the ingest queue: ${(error as Error).message}`);
    return;
  }
  const insert = db.prepare(INSERT_SQL);
  const counters = db.prepare<[], { depth: number; bytes: number }>(
    'SELECT depth, bytes FROM ingest_queue_stats WHERE id = 1',
  );
  const commit = db.transaction((batches: WriteBatch[]) => {
    const ids: number[] = [];
    for (const batch of batches) {
      const { meta, envelopes } = batch;
      for (let row = 0; row < envelopes.length; row++) {
        const at = row * META_FIELDS;
        const envelope = Buffer.from(envelopes[row]!);
        const result = insert.run(
          meta[at],
          meta[at + 1],
          meta[at + 2],
          meta[at + 3],
          meta[at + 4],
          meta[at + 5],
          meta[at + 6],
          meta[at + 7],
          meta[at + 8],
          envelope,
          envelope.length,
        );
        ids.push(Number(result.lastInsertRowid));
      }
    }
    return { ids, counters: counters.get() };
  });

  const acks = new DurableAcks(port, new WalFile(init.file));
  const handle = (first: ToWriter) => {
    const batches: WriteBatch[] = [];
    let closing = false;
    // Everything already waiting joins this commit.
    for (let message: ToWriter | undefined = first; message; message = next(port)) {
      if (message.type === 'write') batches.push(message);
      else closing = true;
    }
    if (batches.length > 0) {
      try {
        const { ids, counters } = commitWaiting(commit, batches, pipelineWait);
        acks.committed(batches, ids, counters);
      } catch (error) {
        const reply: FromWriter = {
          type: 'failed',
          seqs: batches.map((batch) => batch.seq),
          message: (error as Error).message,
        };
        port.postMessage(reply);
      }
    }
    if (closing) {
      acks.finish();
      db.close();
      const reply: FromWriter = { type: 'closed' };
      port.postMessage(reply);
      port.close();
      Atomics.store(done, 0, 1);
      Atomics.notify(done, 0);
    }
  };
  port.on('message', handle);
}

/** At most this many fsyncs of the WAL under way at once (on libuv's thread pool). */
const MAX_SYNCS = 2;

type Committed = Extract<FromWriter, { type: 'committed' }>;

/**
 * Acknowledges commits once they are on disk. Each commit waits for an fsync of the WAL started
 * after it (one covers every commit before it); a new one starts as soon as commits wait and
 * fewer than MAX_SYNCS run, so a commit made while one runs waits for its own, not for the one
 * under way and then its own. Replies go out in commit order, each carrying every commit it made
 * durable.
 */
export class DurableAcks {
  readonly #port: Pick<MessagePort, 'postMessage'>;
  readonly #wal: Pick<WalFile, 'sync' | 'syncNow'>;
  /** Commits no fsync started after yet. */
  #unsynced: Committed[] = [];
  /** Fsyncs under way, oldest first, each with the commits it covers. */
  readonly #syncing: Array<{ commits: Committed[] }> = [];
  #finished = false;

  constructor(port: Pick<MessagePort, 'postMessage'>, wal: Pick<WalFile, 'sync' | 'syncNow'>) {
    this.#port = port;
    this.#wal = wal;
  }

  committed(
    batches: WriteBatch[],
    ids: number[],
    counters: { depth: number; bytes: number } | undefined,
  ): void {
    const commit: Committed = {
      type: 'committed',
      seqs: batches.map((batch) => batch.seq),
      ids,
      depth: counters?.depth ?? 0,
      bytes: counters?.bytes ?? 0,
    };
    // Observers on the main thread want the bytes back: hand the same memory back, uncopied.
    if (batches.some((batch) => batch.returnEnvelopes))
      commit.envelopes = batches.map((batch) => (batch.returnEnvelopes ? batch.envelopes : []));
    this.#unsynced.push(commit);
    this.#startSync();
  }

  /** Syncs what is left, blocking, and replies for every commit (for closing). */
  finish(): void {
    this.#finished = true;
    const commits = [...this.#syncing.flatMap((sync) => sync.commits), ...this.#unsynced];
    this.#syncing.length = 0;
    this.#unsynced = [];
    if (commits.length === 0) return;
    try {
      this.#wal.syncNow();
      this.#reply(commits);
    } catch (error) {
      this.#fail(commits, error as Error);
    }
  }

  #startSync(): void {
    if (this.#finished || this.#unsynced.length === 0 || this.#syncing.length >= MAX_SYNCS) return;
    const sync = { commits: this.#unsynced };
    this.#unsynced = [];
    this.#syncing.push(sync);
    this.#wal.sync((error) => {
      if (this.#finished) return;
      const at = this.#syncing.indexOf(sync);
      // Already answered for by a later fsync that returned first.
      if (at === -1) {
        this.#startSync();
        return;
      }
      if (error) {
        // Pages that failed to reach the disk may be dropped: those commits are not durable.
        this.#syncing.splice(at, 1);
        this.#fail(sync.commits, error);
      } else {
        // Frames written before this fsync started are on disk now: the commits of the fsyncs
        // started before it too, though those may not have returned yet.
        const durable = this.#syncing.splice(0, at + 1).flatMap((covered) => covered.commits);
        this.#reply(durable);
      }
      this.#startSync();
    });
  }

  /** One reply for `commits`, in order; the counters are those of the last. */
  #reply(commits: Committed[]): void {
    const last = commits.at(-1);
    if (!last) return;
    const reply: Committed = {
      type: 'committed',
      seqs: commits.flatMap((commit) => commit.seqs),
      ids: commits.flatMap((commit) => commit.ids),
      depth: last.depth,
      bytes: last.bytes,
    };
    const transfer: ArrayBuffer[] = [];
    if (commits.some((commit) => commit.envelopes)) {
      reply.envelopes = commits.flatMap((commit) => commit.envelopes ?? commit.seqs.map(() => []));
      for (const list of reply.envelopes) transfer.push(...list);
    }
    this.#port.postMessage(reply, transfer);
  }

  #fail(commits: Committed[], error: Error): void {
    const reply: FromWriter = {
      type: 'failed',
      seqs: commits.flatMap((commit) => commit.seqs),
      message: `the ingest queue could not sync its commit to disk: ${error.message}`,
    };
    this.#port.postMessage(reply);
  }
}

/** How long a commit lets a waiting pipeline go first at most (it ends its transaction soon after). */
const GIVE_WAY_MS = 2;

/**
 * Commits `batches` in a write transaction taken at once (BEGIN IMMEDIATE), trying again every
 * 0.1 ms while the pipeline holds the lock to claim or delete rows (write-lock.ts). If the pipeline
 * is waiting for the lock when this commit starts, it goes first (for up to GIVE_WAY_MS): under
 * steady load this thread commits back to back, and the pipeline, finding the lock taken at every
 * try, fell behind until the queue reached its bound. This thread has nothing else to do meanwhile.
 */
function commitWaiting<T>(
  commit: Database.Transaction<(batches: WriteBatch[]) => T>,
  batches: WriteBatch[],
  pipelineWait: LockWaitFlag,
): T {
  const giveWayUntil = performance.now() + GIVE_WAY_MS;
  while (pipelineWait.raised && performance.now() < giveWayUntil) pause(0.05);
  return withWriteLock(() => commit.immediate(batches), 0.1);
}

function next(port: MessagePort): ToWriter | undefined {
  return (receiveMessageOnPort(port)?.message as ToWriter | undefined) ?? undefined;
}

/** Without a connection every write fails; the main thread answers 503 and starts a new thread. */
function failAll(port: MessagePort, done: Int32Array, message: string): void {
  port.on('message', (first: ToWriter) => {
    for (let msg: ToWriter | undefined = first; msg; msg = next(port)) {
      if (msg.type === 'write')
        port.postMessage({ type: 'failed', seqs: [msg.seq], message } satisfies FromWriter);
      else {
        port.postMessage({ type: 'closed' } satisfies FromWriter);
        port.close();
        Atomics.store(done, 0, 1);
        Atomics.notify(done, 0);
      }
    }
  });
}

const init = workerData as Partial<WriterInit> | null;
if (init?.role === WRITER_ROLE) runWriter(init as WriterInit);
