/**
 * A flag shared by the threads that write one SQLite database: the ingest queue's writer raises it
 * while it waits for the write lock, and the pipeline, whose transactions write many events, ends
 * its transaction after the event it is writing when it sees the flag raised. An acknowledgement
 * then waits for one event's writes, not for a slice of them; without contention nothing changes.
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
