/**
 * The prepare threads (step 1 of the pipeline: parsing, normalization, grouping, compression) run
 * at a lower CPU priority than the threads on the ack path (HTTP on the main thread, the queue
 * writer), so that acknowledging an envelope never waits behind grouping on a busy machine; the
 * queue absorbs what the pipeline has not done yet (ingest answers 503 at its bound).
 *
 * Only the prepare threads: they hold no lock. The pipeline worker holds SQLite's write lock while
 * it writes, and ingest waits for that lock: lowered, it was preempted while holding it (measured:
 * acknowledgements waiting 10–40 ms for a transaction of a millisecond's work).
 *
 * Linux keeps a nice value per thread: `setpriority` given a thread id changes that thread only,
 * and threads it starts afterwards inherit it. Elsewhere there is no per-thread nice value, and
 * nothing changes.
 */
import fs from 'node:fs';
import os from 'node:os';

/** The nice value of the prepare threads: `FAULTLINE_PIPELINE_NICE`, 10 unless set (0 = normal). */
export function pipelineNice(): number {
  const value = Number(process.env.FAULTLINE_PIPELINE_NICE ?? 10);
  return Number.isInteger(value) ? Math.max(0, Math.min(19, value)) : 10;
}

/** The kernel's id of the calling thread, where the system tells it (Linux); else undefined. */
export function currentThreadId(): number | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    // "<pid>/task/<tid>"
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Lowers the calling thread's priority to `nice` (never raises it). Returns the thread's nice
 * value afterwards, or undefined where threads have no nice value of their own.
 */
export function lowerThreadPriority(nice = pipelineNice()): number | undefined {
  const tid = currentThreadId();
  if (tid === undefined) return undefined;
  try {
    if (os.getPriority(tid) < nice) os.setPriority(tid, nice);
    return os.getPriority(tid);
  } catch {
    // Not allowed (a sandbox): the thread keeps its priority.
    return undefined;
  }
}
