/**
 * The ingest queue's writer thread: owns its own SQLite connection and commits the envelopes the
 * main thread sends it, so that the fsync of each group commit (synchronous=FULL) never blocks the
 * event loop that serves HTTP. Batches that arrive while a commit is running are committed together
 * in the next transaction (group commit across batches), then acknowledged in one message.
 *
 * This module is its own worker entry: the thread is started on `WRITER_THREAD_URL`, which is this
 * file when running from sources and the bundle chunk holding it once built, so the build needs no
 * entry of its own. Nothing happens on import unless the thread was started with the writer role.
 */
import { type MessagePort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { LockWaitFlag } from './lock-wait-flag.ts';
import type { FromWriter, ToWriter, WriteBatch, WriterInit } from './queue-writer.ts';
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
    // Every acknowledgement stands for a commit that reached the disk.
    db.pragma('synchronous = FULL');
    // Copying the WAL back into the database (~4 MB and an fsync per 1,000 pages) is left to the
    // pipeline's connection, which deletes the rows it processed after every batch: done here, it
    // delayed the acknowledgements of the commit that happened to cross the threshold. Only if
    // nothing else does it (the pipeline stopped) does the WAL reach this larger bound and get
    // copied here.
    db.pragma('wal_autocheckpoint = 16000');
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

  const handle = (first: ToWriter) => {
    const batches: WriteBatch[] = [];
    let closing = false;
    // Everything already waiting joins this commit.
    for (let message: ToWriter | undefined = first; message; message = next(port)) {
      if (message.type === 'write') batches.push(message);
      else closing = true;
    }
    if (batches.length > 0) write(port, (list) => commitWaiting(commit, list, pipelineWait), batches);
    if (closing) {
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

function write(
  port: MessagePort,
  commit: (batches: WriteBatch[]) => {
    ids: number[];
    counters: { depth: number; bytes: number } | undefined;
  },
  batches: WriteBatch[],
): void {
  const seqs = batches.map((batch) => batch.seq);
  let reply: FromWriter;
  const transfer: ArrayBuffer[] = [];
  try {
    const { ids, counters } = commit(batches);
    reply = { type: 'committed', seqs, ids, depth: counters?.depth ?? 0, bytes: counters?.bytes ?? 0 };
    // Observers on the main thread want the bytes back: hand the same memory back, uncopied.
    if (batches.some((batch) => batch.returnEnvelopes)) {
      reply.envelopes = batches.map((batch) => (batch.returnEnvelopes ? batch.envelopes : []));
      for (const list of reply.envelopes) transfer.push(...list);
    }
  } catch (error) {
    reply = { type: 'failed', seqs, message: (error as Error).message };
  }
  port.postMessage(reply, transfer);
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
