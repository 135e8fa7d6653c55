/**
 * What the log says of a pipeline worker that keeps failing. On a full disk each worker dies at its
 * first batch and the next cannot open its files, a restart a second, and each wrote three errors
 * with their stacks. The first failure of a run is logged whole; the ones after it are counted,
 * and the count is logged once a worker works again: stays up STEADY_MS. (A stored batch says
 * nothing yet: on a full disk a worker stored one in SQLite and died a second later at DuckDB's write.)
 */
import type { Logger } from '../log.ts';

/** A worker up this long after it said it was ready counts as working. */
export const STEADY_MS = 10_000;

export class RestartLog {
  readonly #log: Logger;
  #failures = 0;
  /** Why the last worker failed, until one works again: reads refused meanwhile say it. */
  reason: string | undefined;

  constructor(log: Logger) {
    this.#log = log;
  }

  /**
   * The current worker failed for `reason`: `message` is logged, unless the failure comes after the
   * first of a run.
   */
  failed(reason: string, message: string, ...details: unknown[]): void {
    this.reason = reason;
    if (this.#failures === 0) this.#log.error(message, ...details);
  }

  /** A worker exited unexpectedly (a new one starts after RESTART_DELAY_MS). */
  exited(code: number): void {
    if (this.#failures++ === 0)
      this.#log.error(
        `pipeline worker exited with code ${code}; restarting (further failures are counted until a worker runs again)`,
      );
  }

  /** A worker stayed up: the run of failures, if any, is over. */
  working(): void {
    this.reason = undefined;
    if (this.#failures === 0) return;
    this.#log.warn(
      `pipeline worker running again, after ${this.#failures} failed ${this.#failures === 1 ? 'run' : 'runs'}`,
    );
    this.#failures = 0;
  }
}
