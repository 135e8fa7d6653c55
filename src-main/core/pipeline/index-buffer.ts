/**
 * Step 4 of process-batch.ts in the worker: the `errors` rows of the batches of up to
 * FLUSH_DELAY_MS, written to DuckDB in one statement (one transaction), after which the batches'
 * queue rows are deleted (step 5). Until then the rows are marked processed in SQLite; after a
 * crash they are claimed again flagged so, and only their DuckDB rows are written.
 *
 * A DuckDB statement over the ~70 columns of `errors` costs ~5 ms whatever it carries, and its
 * commit as much again (more, with list columns, the more rows were committed since the last
 * checkpoint); a row costs ~0.1 ms. At 1,000 events/s the worker stores batches of 10-40 events,
 * and a statement and commit each made DuckDB the largest user of CPU after grouping.
 *
 * The delay only matters under a steady stream: once the worker finds the queue empty (`idle`),
 * what it gathered goes after IDLE_FLUSH_MS without new rows, so a lone event is searchable at once.
 * A second, not a quarter, because DuckDB's CPU per row still falls with the rows per statement
 * (measured with DuckDB 1.5 on 12,000 bench rows of 3.5 KB: 200-234 µs a row in statements of 250,
 * 145-154 in statements of 1,000; the pipeline bench's stage table, on 20,000 rows into a fresh
 * table, now gives 72-99 µs at 1,000 and 72-93 at the 2,000 written here); Snuba's consumers also
 * write in batches of up to a few seconds.
 * Issue counts are SQLite's and do not wait for it.
 */
import type { ErrorsLine } from '../store/duckdb/errors_writer.ts';
import { writeErrorsBatch } from '../store/duckdb/errors_writer.ts';
import type { EventIndex } from '../store/duckdb/open_event_index.ts';
import type { IngestQueueConsumer } from '../store/queue.ts';

/** How long the first batch of a write waits for the others, at most. */
export const FLUSH_DELAY_MS = 1000;
/** How long an idle worker's rows wait for more before they are written. */
export const IDLE_FLUSH_MS = 150;
/** Rows that are written at once, without waiting for the delay. */
export const FLUSH_ROWS = 2000;

export class IndexBuffer {
  readonly #index: EventIndex;
  readonly #consumer: IngestQueueConsumer;
  readonly #failed: (error: unknown) => void;
  #rows: ErrorsLine[] = [];
  /** Whether DuckDB must be asked which of `#rows` it has (a replayed envelope is among them). */
  #checkStored = false;
  #acks: number[] = [];
  #timer: NodeJS.Timeout | undefined;
  #idleTimer: NodeJS.Timeout | undefined;
  /** The last write under way. */
  #writing: Promise<void> = Promise.resolve();
  /** Why a write failed: nothing is written or deleted after it (the worker restarts and replays). */
  #failure: Error | undefined;

  /** Told the projects of each write once DuckDB has it (what reads the index is stale until then). */
  readonly #written: (projectIds: number[]) => void;

  /** `failed` is told when a write that no caller awaits fails. */
  constructor(
    index: EventIndex,
    consumer: IngestQueueConsumer,
    failed: (error: unknown) => void,
    written: (projectIds: number[]) => void = () => undefined,
  ) {
    this.#index = index;
    this.#consumer = consumer;
    this.#failed = failed;
    this.#written = written;
  }

  /**
   * A batch's `errors` rows (step 4) and its queue rows, deleted once the rows are written. When
   * enough rows wait, they are written now, and this resolves once the write before is done (so
   * no more than two wait for DuckDB); otherwise at once.
   */
  add(queueRows: readonly number[], rows: readonly ErrorsLine[], checkStored: boolean): Promise<void> {
    // More came: the worker is not idle after all.
    clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
    this.#acks.push(...queueRows);
    this.#rows.push(...rows);
    this.#checkStored ||= checkStored;
    if (this.#rows.length < FLUSH_ROWS) {
      this.#timer ??= setTimeout(() => this.flush().catch(this.#failed), FLUSH_DELAY_MS);
      return Promise.resolve();
    }
    const previous = this.#writing;
    this.flush().catch(this.#failed);
    return previous;
  }

  /**
   * The worker found the queue empty: the rows gathered go to DuckDB unless more come within
   * IDLE_FLUSH_MS (under a steady stream the queue empties between batches; that must not make
   * each write small).
   */
  idle(): void {
    if (this.#idleTimer || (this.#rows.length === 0 && this.#acks.length === 0)) return;
    this.#idleTimer = setTimeout(() => {
      this.#idleTimer = undefined;
      this.flush().catch(this.#failed);
    }, IDLE_FLUSH_MS);
  }

  /**
   * Writes the rows gathered so far (after the write under way, if any), then deletes their
   * batches' queue rows. If this write or an earlier one failed, nothing is deleted and this rejects.
   */
  flush(): Promise<void> {
    if (this.#failure)
      return Promise.reject(new Error(`an earlier index write failed: ${this.#failure.message}`));
    clearTimeout(this.#timer);
    this.#timer = undefined;
    clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
    const rows = this.#rows;
    const acks = this.#acks;
    const checkStored = this.#checkStored;
    this.#rows = [];
    this.#acks = [];
    this.#checkStored = false;
    // DuckDB's writer runs one statement at a time, in order: this one after the write before.
    const written = (rows.length > 0 ? writeErrorsBatch(this.#index, rows, { checkStored }) : this.#writing)
      .then(() => {
        if (this.#failure) throw this.#failure;
        this.#consumer.ack(acks);
        if (rows.length > 0) this.#written([...new Set(rows.map((row) => row.project_id))]);
      })
      .catch((error: unknown) => {
        this.#failure ??= error as Error;
        throw error;
      });
    this.#writing = written.catch(() => undefined);
    return written;
  }
}
