/**
 * The worker's read-only commands (SnQL, exports, the issue pages' DuckDB queries) run beside
 * batches on their own connections, but each DuckDB query holds a thread of libuv's pool, which the
 * ack path's fdatasync also needs (see thread-pool-size.ts): so at most MAX_CONCURRENT_READS run at
 * once, and the others wait their turn, in order of arrival.
 */
export const MAX_CONCURRENT_READS = 3;

export class ReadLimit {
  readonly #max: number;
  #running = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(max = MAX_CONCURRENT_READS) {
    this.#max = max;
  }

  /** Runs `work` once fewer than the limit run; settles as it does. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running >= this.#max) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#running++;
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      // The slot passes to the next waiter as it is; otherwise it is freed.
      if (next) next();
      else this.#running--;
    }
  }
}
