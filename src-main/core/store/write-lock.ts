/**
 * Taking SQLite's write lock in small steps. Ingest's queue writer and the pipeline (claiming and
 * deleting rows) share the queue file; SQLite's own busy handler sleeps 1, 2, 5, 10, 15 … 100 ms
 * between tries, so an acknowledgement that waited behind a 1 ms transaction could sleep 10 ms
 * more, and the pipeline, waiting behind ingest committing back to back, found the lock taken at
 * every try. Both try again every fraction of a millisecond instead, the pipeline with a flag
 * raised (lock-wait-flag.ts) on which ingest lets it go first.
 */
import type { LockWaitFlag } from './lock-wait-flag.ts';

/** How long a write waits for the lock before failing (as the connections' busy_timeout). */
export const LOCK_TIMEOUT_MS = 5000;
const pauseCell = new Int32Array(new SharedArrayBuffer(4));

/** Blocks this thread for `ms` (fractions allowed). */
export function pause(ms: number): void {
  Atomics.wait(pauseCell, 0, 0, ms);
}

const isBusy = (error: unknown) => (error as { code?: string }).code === 'SQLITE_BUSY';

/**
 * Runs `begin` (a transaction started with BEGIN IMMEDIATE, which fails at once with SQLITE_BUSY
 * when the connection's busy timeout is 0) until it gets the lock, pausing `retryMs` between tries
 * with `waiting` (if any) raised, and lowered again once it has the lock (or gives up). Blocks this
 * thread meanwhile: for threads whose next work needs the lock anyway.
 */
export function withWriteLock<T>(begin: () => T, retryMs: number, waiting?: LockWaitFlag): T {
  const deadline = performance.now() + LOCK_TIMEOUT_MS;
  try {
    for (;;) {
      try {
        return begin();
      } catch (error) {
        if (!isBusy(error) || performance.now() > deadline) throw error;
        waiting?.raise();
        pause(retryMs);
      }
    }
  } finally {
    waiting?.lower();
  }
}
