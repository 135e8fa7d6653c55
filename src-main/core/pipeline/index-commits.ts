/**
 * The pipeline's DuckDB commits, each shared by the batches of up to COMMIT_DELAY_MS (step 5 of
 * process-batch.ts). A DuckDB commit costs about as much as appending 70 rows, whatever it carries
 * (and with list columns, more the more rows were committed since the last checkpoint): at 1,000
 * events/s the pipeline stores batches of ~40 events, and committing each cost DuckDB ~17 ms of
 * CPU a batch, against ~9 ms appended to a transaction committed every 6 batches (measured on
 * batches of real prepared SDK events). The queue rows of a batch are deleted once its DuckDB rows
 * are committed; until then they stay marked processed, and after a crash they are claimed again
 * flagged so, and only their DuckDB rows are written (those that are missing).
 */
import type { EventIndex } from '../store/duckdb/open_event_index.ts';
import type { IngestQueueConsumer } from '../store/queue.ts';

/** How long the first batch of a commit waits for the others, at most. */
export const COMMIT_DELAY_MS = 250;
/** Rows that commit at once, without waiting for the delay. */
export const COMMIT_ROWS = 2000;

export class IndexCommits {
  readonly #index: EventIndex;
  readonly #consumer: IngestQueueConsumer;
  readonly #failed: (error: unknown) => void;
  #acks: number[] = [];
  #rows = 0;
  #timer: NodeJS.Timeout | undefined;

  /** `failed` is told when a commit that no caller awaits fails. */
  constructor(index: EventIndex, consumer: IngestQueueConsumer, failed: (error: unknown) => void) {
    this.#index = index;
    this.#consumer = consumer;
    this.#failed = failed;
  }

  /**
   * After a batch's DuckDB rows are appended (`appended` of them) to the open transaction: its
   * queue rows are deleted once that is committed. The commit does not hold up the next batch's
   * SQLite steps, only its DuckDB rows (DuckDB's writer runs one thing at a time).
   */
  add(queueRows: readonly number[], appended: number): void {
    this.#acks.push(...queueRows);
    this.#rows += appended;
    if (this.#rows >= COMMIT_ROWS) this.commit().catch(this.#failed);
    else this.#timer ??= setTimeout(() => this.commit().catch(this.#failed), COMMIT_DELAY_MS);
  }

  /** Commits DuckDB's open appends, then deletes the queue rows they came from. */
  async commit(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const acks = this.#acks;
    this.#acks = [];
    this.#rows = 0;
    // Every batch in `acks` had its rows appended before this commit is queued behind them.
    await this.#index.commitAppends();
    this.#consumer.ack(acks);
  }
}
