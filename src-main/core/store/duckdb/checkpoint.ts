import type { EventIndex } from './open_event_index.ts';

export interface CheckpointScheduler {
  /** Call after a write: a checkpoint runs once writes have paused for `idleMs`. */
  noteWrite(): void;
  /** Checkpoints now (and cancels a pending one). */
  checkpointNow(): Promise<void>;
  /** Cancels the timer and runs a last checkpoint if writes happened since the previous one. */
  stop(): Promise<void>;
}

/**
 * Schedules `CHECKPOINT` on the writer when writes pause. DuckDB otherwise folds its WAL into the
 * file at a moment of its choosing, which made the first UI read after a large append wait for
 * seconds; doing it on the writer, between batches, keeps reads fast.
 */
export function createCheckpointScheduler(index: EventIndex, idleMs = 2000): CheckpointScheduler {
  let timer: NodeJS.Timeout | undefined;
  let dirty = false;
  /** The checkpoint under way, if any: `stop` waits for it (the index is closed right after). */
  let running: Promise<void> | undefined;
  const run = async () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    dirty = false;
    const checkpoint = index.exclusive(async (writer) => {
      await writer.run('CHECKPOINT');
    });
    running = checkpoint;
    try {
      await checkpoint;
    } finally {
      if (running === checkpoint) running = undefined;
    }
  };
  return {
    noteWrite() {
      dirty = true;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        run().catch(() => {
          // A failed checkpoint is retried after the next write; DuckDB keeps the WAL meanwhile.
          dirty = true;
        });
      }, idleMs);
      timer.unref();
    },
    checkpointNow: run,
    async stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      // One the idle timer started may still run: closing DuckDB under it crashed the process.
      await running?.catch(() => undefined);
      if (dirty) await run();
    },
  };
}
