/**
 * A flag shared by the threads that write one SQLite database, raised by one of them while it waits
 * for the write lock. The pipeline raises it (IngestQueue.pipelineWait) while it waits to claim or
 * delete queue rows, and the queue's writer thread then lets it have the lock before its next
 * commit, so that ingest, committing back to back under load, cannot starve the pipeline. Without
 * contention nothing changes.
 */
export class LockWaitFlag {
  readonly buffer: SharedArrayBuffer;
  readonly #view: Int32Array;

  /** A new flag, or the view of one created on another thread (its `buffer`). */
  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(4)) {
    this.buffer = buffer;
    this.#view = new Int32Array(buffer, 0, 1);
  }

  raise(): void {
    Atomics.store(this.#view, 0, 1);
  }

  lower(): void {
    Atomics.store(this.#view, 0, 0);
  }

  get raised(): boolean {
    return Atomics.load(this.#view, 0) === 1;
  }
}
