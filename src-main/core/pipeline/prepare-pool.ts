/**
 * Step 1 of the pipeline on other cores: the pipeline worker hands each claimed batch to a few
 * prepare threads (prepare-thread.ts), split in as many parts, and gets back a PreparedBatch in
 * the rows' order. The worker's own thread then only writes (steps 2-5), while the threads
 * prepare the next batch. A thread that dies fails the batches it held (they are replayed, as
 * after any failed batch) and is started again for the next one.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { type ErrorsLineLayout, sameLayout } from '../store/duckdb/errors_line.ts';
import type { QueuedEnvelope } from '../store/queue.ts';
import type { GroupingPolicy, PreparedEnvelope } from './prepare.ts';
import type { PreparedBatch } from './prepare-batch.ts';
import { PREPARE_ROLE, type PrepareThreadData, prepareThreadEntry } from './prepare-entry.ts';
import type { PreparedOrInvalid, PrepareReply, PrepareRequest } from './prepare-thread.ts';
import { WriterShare } from './writer-share.ts';

/**
 * Threads for a machine: all cores but one (the worker's own thread writes, DuckDB and the HTTP
 * thread need time too), at most 4; none on one core. `FAULTLINE_PREPARE_THREADS` overrides.
 */
export function defaultPrepareThreads(): number {
  const configured = Number.parseInt(process.env.FAULTLINE_PREPARE_THREADS ?? '', 10);
  if (Number.isInteger(configured) && configured >= 0) return configured;
  const cores = os.availableParallelism();
  return cores < 2 ? 0 : Math.min(4, cores - 1);
}

interface Pending {
  resolve(reply: PrepareReply): void;
  reject(error: Error): void;
}

/** Received bytes are Uint8Arrays; the stores want Buffers (a view, no copy). */
const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

function toPrepared(
  row: QueuedEnvelope,
  result: PreparedOrInvalid,
  batch: PreparedBatch,
  policy: GroupingPolicy,
) {
  if ('invalid' in result) {
    batch.invalid.push({ row, reason: result.invalid });
    return;
  }
  const { items, prepared, filtered } = result;
  for (const item of [...items.attachments, ...items.others]) item.payload = asBuffer(item.payload);
  if (prepared) prepared.node = asBuffer(prepared.node);
  const envelope: PreparedEnvelope = { row, items, prepared, ...(filtered ? { filtered } : {}) };
  batch.prepared.push(envelope);
  batch.policies.push(policy);
}

interface Thread {
  worker: Worker;
  pending: Map<number, Pending>;
  /** The columns this thread encodes lines for (sent with a request), if any yet. */
  layout: ErrorsLineLayout | undefined;
}

export class PreparePool {
  readonly size: number;
  /** How much of each batch the calling thread prepares itself (batch-loop.ts's prepareRows). */
  readonly writerShare = new WriterShare();
  readonly #threads: Array<Thread | undefined>;
  #layout: ErrorsLineLayout | undefined;
  #nextId = 1;
  #closed = false;

  /**
   * Starts the threads at once: each loads the step-1 code and warms it up before the first batch
   * needs it. `layout` (errorsLineLayout: the `errors` table's columns, for the lines the threads
   * encode) may come later, through `setLayout`, before the first batch.
   */
  constructor(size: number, layout?: ErrorsLineLayout) {
    if (size < 1) throw new Error('a prepare pool needs at least one thread');
    this.size = size;
    this.#layout = layout;
    this.#threads = Array.from({ length: size }, () => undefined);
    for (let index = 0; index < size; index++) this.#start(index);
  }

  /**
   * The `errors` table's columns from now on: each thread gets them with its next request (unless
   * they are the ones it has: a thread given columns builds its line encoder anew, cold).
   */
  setLayout(layout: ErrorsLineLayout): void {
    if (this.#layout && sameLayout(this.#layout, layout)) return;
    this.#layout = layout;
  }

  /** Prepares `rows` (the order kept) with each project's grouping policy. */
  async prepare(
    rows: QueuedEnvelope[],
    policyFor: (projectId: number) => GroupingPolicy,
  ): Promise<PreparedBatch> {
    const batch: PreparedBatch = { rows, prepared: [], policies: [], invalid: [], ms: 0 };
    if (rows.length === 0) return batch;
    const policies = new Map<number, GroupingPolicy>();
    for (const row of rows)
      if (!policies.has(row.projectId)) policies.set(row.projectId, policyFor(row.projectId));
    const part = Math.ceil(rows.length / this.size);
    const parts: QueuedEnvelope[][] = [];
    for (let from = 0; from < rows.length; from += part) parts.push(rows.slice(from, from + part));
    const replies = await Promise.all(
      parts.map((slice, thread) =>
        this.#send(thread, { id: this.#nextId++, rows: slice, policies: [...policies] }),
      ),
    );
    replies.forEach((reply, part) => {
      batch.ms += reply.ms;
      const slice = parts[part] ?? [];
      reply.results.forEach((result, i) => {
        const row = slice[i] as QueuedEnvelope;
        toPrepared(row, result, batch, policies.get(row.projectId) as GroupingPolicy);
      });
    });
    return batch;
  }

  /** The threads running now (one that died is started again for the next batch). */
  get workers(): Worker[] {
    return this.#threads.flatMap((thread) => (thread ? [thread.worker] : []));
  }

  /** Stops the threads; batches they held fail. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#threads.map((thread) => thread?.worker.terminate()));
  }

  #send(index: number, request: PrepareRequest): Promise<PrepareReply> {
    if (this.#closed) return Promise.reject(new Error('the prepare pool is closed'));
    const layout = this.#layout;
    if (!layout)
      return Promise.reject(new Error("the prepare pool has not been given the errors table's columns"));
    const thread = this.#threads[index] ?? this.#start(index);
    if (thread.layout !== layout) {
      request.layout = layout;
      thread.layout = layout;
    }
    return new Promise((resolve, reject) => {
      if (thread.pending.size === 0) thread.worker.ref();
      thread.pending.set(request.id, { resolve, reject });
      thread.worker.postMessage(request);
    });
  }

  #start(index: number): Thread {
    const worker = new Worker(prepareThreadEntry(), {
      workerData: { role: PREPARE_ROLE } satisfies PrepareThreadData,
      // The thread's name in `top -H` and /proc (at most 15 characters there).
      name: `fl-prepare-${index + 1}`,
    });
    // Held only while it has work (see #send): an idle thread must not keep the process alive.
    worker.unref();
    const thread: Thread = { worker, pending: new Map<number, Pending>(), layout: undefined };
    this.#threads[index] = thread;
    const fail = (error: Error) => {
      if (this.#threads[index] === thread) this.#threads[index] = undefined;
      for (const pending of thread.pending.values()) pending.reject(error);
      thread.pending.clear();
    };
    worker.on('message', (reply: PrepareReply) => {
      const pending = thread.pending.get(reply.id);
      thread.pending.delete(reply.id);
      if (thread.pending.size === 0) worker.unref();
      pending?.resolve(reply);
    });
    worker.on('error', (error) => fail(new Error(`a prepare thread failed: ${error.message}`)));
    worker.on('exit', (code) => fail(new Error(`a prepare thread exited (code ${code})`)));
    return thread;
  }
}
