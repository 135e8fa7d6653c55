/**
 * The part of each batch the writing thread prepares itself, beside the prepare threads. With one
 * prepare thread on two cores, that thread was the pipeline's limit (87% of a core, ~235 µs an
 * event) while the writing thread, whose own steps cost ~70 µs an event, was busy a quarter of the
 * time. The writer now takes the last rows of each batch and prepares them in steps between its
 * other work (batch-loop.ts), and the split follows how fast each side got through its part: the
 * fraction moves towards the one at which both would have finished together.
 */

/** The writer's fraction of a batch at the start, and its bounds. */
const START_FRACTION = 0.1;
const MIN_FRACTION = 0.02;
const MAX_FRACTION = 0.5;
/** How far each batch moves the fraction towards what its times call for. */
const SMOOTHING = 0.3;

export class WriterShare {
  #fraction = START_FRACTION;

  get fraction(): number {
    return this.#fraction;
  }

  /** The rows of a batch of `total` this thread prepares itself (the last ones). */
  rowsHere(total: number): number {
    return Math.floor(total * this.#fraction);
  }

  /**
   * One batch's times: each side's rows and the wall milliseconds from the hand-over to its last
   * row prepared. Ignored unless both sides had rows.
   */
  observe(here: { rows: number; ms: number }, there: { rows: number; ms: number }): void {
    if (here.rows === 0 || there.rows === 0) return;
    // Rows a millisecond; a part that took no measurable time counts as fast as the clock can tell.
    const hereRate = here.rows / Math.max(here.ms, 0.01);
    const thereRate = there.rows / Math.max(there.ms, 0.01);
    const target = hereRate / (hereRate + thereRate);
    const next = this.#fraction + SMOOTHING * (target - this.#fraction);
    this.#fraction = Math.min(MAX_FRACTION, Math.max(MIN_FRACTION, next));
  }
}
