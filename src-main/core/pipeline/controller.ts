/**
 * The main-thread side of the pipeline: starts the worker, wakes it when ingest commits, forwards
 * group commands to it, relays its live events, and restarts it if it dies.
 */
import { Worker } from 'node:worker_threads';
import type { LiveEvent } from '../../../src-shared/api.ts';
import { FaultlineError } from '../../../src-shared/errors.ts';
import { errorFromQueryPayload } from '../../../src-shared/snql/errors.ts';
import type { Logger } from '../log.ts';
import { damagedFileError } from '../store/damaged-file.ts';
import { threadEntry } from '../thread-entry.ts';
import type { BatchSummary, FromWorker, ToWorker, WorkerInit } from './protocol.ts';
import { RestartLog, STEADY_MS } from './restart-log.ts';

const RESTART_DELAY_MS = 1000;
const STOP_TIMEOUT_MS = 4000;

/** The worker's entry: the TypeScript source when running from sources, the bundle's file otherwise. */
export function workerEntry(): URL {
  return threadEntry(import.meta.url, './worker.ts', 'pipeline-worker.js');
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export class PipelineController {
  readonly #init: WorkerInit;
  readonly #restarts: RestartLog;
  readonly #log: Logger;
  readonly #onLive: (event: LiveEvent) => void;
  readonly #pending = new Map<number, Pending>();
  readonly #batchListeners = new Set<(summary: BatchSummary) => void>();
  #worker: Worker | undefined;
  #nextId = 1;
  #closing = false;
  #ready: Promise<void> = Promise.resolve();
  /** 1 while the worker sleeps with an empty queue (WorkerInit.sleeping). */
  readonly #sleeping = new Int32Array(new SharedArrayBuffer(4));
  /** Wake-ups posted (a sleeping worker found), for tests. */
  wakesPosted = 0;

  constructor(init: WorkerInit, log: Logger, onLive: (event: LiveEvent) => void) {
    this.#init = { ...init, sleeping: this.#sleeping.buffer as SharedArrayBuffer };
    this.#restarts = new RestartLog(log);
    this.#log = log;
    this.#onLive = onLive;
  }

  start(): Promise<void> {
    this.#ready = new Promise<void>((resolve, reject) => {
      const worker = new Worker(workerEntry(), { workerData: this.#init, name: 'fl-pipeline' });
      this.#worker = worker;
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'ready') {
          resolve();
          setTimeout(() => {
            if (this.#worker === worker) this.#restarts.working();
          }, STEADY_MS).unref();
        }
        this.#onMessage(message);
      });
      worker.on('error', (thrown) => {
        // Its stack is kept for the log, unless a damaged file says all there is to say.
        const damaged = damagedFileError(thrown, this.#init.dataDir);
        const error = damaged ?? thrown;
        if (damaged) this.#restarts.failed(error.message, `pipeline worker failed: ${error.message}`);
        else this.#restarts.failed(error.message, 'pipeline worker failed', error);
        reject(thrown);
      });
      worker.on('exit', (code) => this.#onExit(worker, code));
    });
    return this.#ready;
  }

  /**
   * Called after every ingest commit: posts a wake-up only if the worker sleeps. A busy worker
   * claims the new rows with its next batch anyway, and a message per commit cost the event loop
   * that answers ingest a cross-thread post each time, for nothing.
   */
  wake(): void {
    if (Atomics.exchange(this.#sleeping, 0, 0) !== 1) return;
    this.wakesPosted++;
    this.#post({ type: 'wake' });
  }

  onBatch(listener: (summary: BatchSummary) => void): () => void {
    this.#batchListeners.add(listener);
    return () => this.#batchListeners.delete(listener);
  }

  async call<T>(name: string, args: unknown): Promise<T> {
    // A start that failed (a full disk: it could not open its files) is followed by another: the UI
    // tries an unavailable read again, as for a restart under way.
    const failed = await this.#ready.then(
      () => false,
      () => true,
    );
    if (failed || !this.#worker || this.#closing) throw this.#unavailable('the pipeline is not running');
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.#post({ type: 'command', id, name, args });
    });
  }

  async close(): Promise<void> {
    this.#closing = true;
    const worker = this.#worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    this.#post({ type: 'stop' });
    const timeout = setTimeout(() => void worker.terminate(), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timeout);
  }

  /** `what` happened to a call, with the reason the worker failed, if it did (the UI tries it again). */
  #unavailable(what: string): FaultlineError {
    const reason = this.#closing ? undefined : this.#restarts.reason;
    return new FaultlineError('unavailable', reason ? `${what}: ${reason}` : what);
  }

  #post(message: ToWorker): void {
    this.#worker?.postMessage(message);
  }

  #onMessage(message: FromWorker): void {
    switch (message.type) {
      case 'ready':
      case 'stopped':
        return;
      case 'live':
        this.#onLive(message.event);
        return;
      case 'log':
        this.#log.info(message.message);
        return;
      case 'batch':
        for (const listener of this.#batchListeners) listener(message.summary);
        return;
      case 'result': {
        const pending = this.#pending.get(message.id);
        this.#pending.delete(message.id);
        if (message.error) pending?.reject(errorFromQueryPayload(message.error));
        else pending?.resolve(message.result);
        return;
      }
      case 'fatal':
        this.#restarts.failed(message.reason, `pipeline worker stopped: ${message.message}`);
        return;
    }
  }

  #onExit(worker: Worker, code: number): void {
    if (this.#worker !== worker) return;
    this.#worker = undefined;
    for (const pending of this.#pending.values()) pending.reject(this.#unavailable('the pipeline restarted'));
    this.#pending.clear();
    if (this.#closing) return;
    // Unacked rows stay in the queue; a new worker claims them again once their lease expires.
    this.#restarts.exited(code);
    setTimeout(() => {
      // A start that fails is the new worker's 'error' (reported there) and then its exit.
      if (!this.#closing) void this.start().catch(() => undefined);
    }, RESTART_DELAY_MS).unref();
  }
}
