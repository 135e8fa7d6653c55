/**
 * The main-thread handle on the ingest queue's writer thread (queue-writer-thread.ts): starts it
 * on first use, posts batches to it (envelope memory transferred, not copied), hands its replies to
 * the queue, restarts it after a crash, and closes it synchronously so that `IngestQueue.close()`
 * returns only once everything it accepted is committed.
 */

import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { threadEntry } from '../thread-entry.ts';
import type { LockWaitFlag } from './lock-wait-flag.ts';
import { WRITER_ROLE, WRITER_THREAD_URL } from './queue-writer-thread.ts';

/** What the thread is started with. */
export interface WriterInit {
  role: typeof WRITER_ROLE;
  /** The SQLite file; the thread opens its own connection to it. */
  file: string;
  port: MessagePort;
  /** Int32 set to 1 by the thread once it has closed its connection (for the synchronous close). */
  closed: SharedArrayBuffer;
  /** A LockWaitFlag's buffer, raised while the pipeline waits for the lock: the thread lets it go first. */
  pipelineWait: SharedArrayBuffer;
}

/** Rows to insert, columnar: `meta` holds META_FIELDS values per row, `envelopes` one buffer each. */
export interface WriteBatch {
  type: 'write';
  seq: number;
  /** project_id, key_id, route, event_id, received_at, client_ip, user_agent, origin, sentry_client. */
  meta: Array<string | number | null>;
  envelopes: ArrayBuffer[];
  /** Send the envelope memory back with the acknowledgement (someone observes commits). */
  returnEnvelopes: boolean;
}

export type ToWriter = WriteBatch | { type: 'close' };

export type FromWriter =
  | {
      type: 'committed';
      /** The batches this one transaction committed, in the order their ids follow. */
      seqs: number[];
      ids: number[];
      /** Queue counters right after the commit. */
      depth: number;
      bytes: number;
      /** Per batch, its envelopes when it asked for them back. */
      envelopes?: ArrayBuffer[][];
    }
  | { type: 'failed'; seqs: number[]; message: string }
  | { type: 'closed' };

const CLOSE_TIMEOUT_MS = 10_000;

/**
 * The thread's entry: the source file when running from sources; once built, a `queue-writer.js`
 * bundle entry when the build has one (lean: SQLite only), else the chunk that holds the thread
 * module (works, but loads whatever else shares that chunk).
 */
export function writerEntry(): URL {
  return threadEntry(
    WRITER_THREAD_URL,
    './queue-writer-thread.ts',
    'queue-writer.js',
    new URL(WRITER_THREAD_URL),
  );
}

export class QueueWriter {
  readonly #file: string;
  readonly #onReply: (reply: FromWriter) => void;
  #worker: Worker | undefined;
  #port: MessagePort | undefined;
  #closed: Int32Array | undefined;
  #nextSeq = 1;
  /** Batches posted and not yet answered, so a crashed thread can fail them. */
  readonly #outstanding = new Set<number>();

  readonly #pipelineWait: LockWaitFlag;

  /** `pipelineWait`: raised while the pipeline waits for the queue's write lock (the thread lets it go first). */
  constructor(file: string, onReply: (reply: FromWriter) => void, pipelineWait: LockWaitFlag) {
    this.#file = file;
    this.#onReply = onReply;
    this.#pipelineWait = pipelineWait;
  }

  /**
   * Starts the thread now instead of at the first write, so the first envelopes are not held while
   * it loads and opens the queue (a server calls this as it starts).
   */
  start(): void {
    if (!this.#port) this.#start();
  }

  /** Posts a batch; the buffers in `transfer` become unusable here. Returns the batch's seq. */
  write(batch: Omit<WriteBatch, 'type' | 'seq'>, transfer: ArrayBuffer[]): number {
    const port = this.#port ?? this.#start();
    const seq = this.#nextSeq++;
    const message: WriteBatch = {
      type: 'write',
      seq,
      meta: batch.meta,
      envelopes: batch.envelopes,
      returnEnvelopes: batch.returnEnvelopes,
    };
    port.postMessage(message, transfer);
    if (this.#outstanding.size === 0) port.ref();
    this.#outstanding.add(seq);
    return seq;
  }

  /**
   * Lets the thread commit what it has, closes its connection and waits for it (blocking, bounded):
   * every reply still owed is delivered to `onReply` before this returns.
   */
  closeSync(): void {
    const port = this.#port;
    const closed = this.#closed;
    if (!port || !closed) return;
    port.postMessage({ type: 'close' } satisfies ToWriter);
    Atomics.wait(closed, 0, 0, CLOSE_TIMEOUT_MS);
    for (let reply = receiveMessageOnPort(port); reply; reply = receiveMessageOnPort(port))
      this.#handle(reply.message as FromWriter);
    this.#failOutstanding('the ingest queue writer did not finish in time');
    this.#detach();
  }

  #start(): MessagePort {
    const { port1, port2 } = new MessageChannel();
    const closed = new SharedArrayBuffer(4);
    const init: WriterInit = {
      role: WRITER_ROLE,
      file: this.#file,
      port: port2,
      closed,
      pipelineWait: this.#pipelineWait.buffer,
    };
    const worker = new Worker(writerEntry(), {
      workerData: init,
      transferList: [port2],
      name: 'fl-queue-writer',
    });
    // Only pending writes keep the process alive (the port is ref'd while any is outstanding).
    worker.unref();
    port1.unref();
    port1.on('message', (reply: FromWriter) => this.#handle(reply));
    worker.on('error', (error) => this.#lost(worker, `the ingest queue writer failed: ${error.message}`));
    worker.on('exit', (code) => this.#lost(worker, `the ingest queue writer exited (${code})`));
    this.#worker = worker;
    this.#port = port1;
    this.#closed = new Int32Array(closed);
    return port1;
  }

  #handle(reply: FromWriter): void {
    if (reply.type !== 'closed') {
      for (const seq of reply.seqs) this.#outstanding.delete(seq);
      if (this.#outstanding.size === 0) this.#port?.unref();
    }
    this.#onReply(reply);
  }

  /** A thread that died takes its uncommitted batches with it: they fail (503), the next write restarts it. */
  #lost(worker: Worker, message: string): void {
    if (this.#worker !== worker) return;
    this.#failOutstanding(message);
    this.#detach();
  }

  #failOutstanding(message: string): void {
    if (this.#outstanding.size === 0) return;
    const seqs = [...this.#outstanding];
    this.#outstanding.clear();
    this.#onReply({ type: 'failed', seqs, message });
  }

  #detach(): void {
    this.#port?.close();
    this.#port = undefined;
    this.#worker = undefined;
    this.#closed = undefined;
  }
}
