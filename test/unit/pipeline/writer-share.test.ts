/**
 * The writing thread's share of a batch (writer-share.ts): it moves towards the split at which both
 * sides would have finished together, a part at a time, and stays within its bounds.
 */
import { describe, expect, it } from 'vitest';
import { WriterShare } from '../../../src-main/core/pipeline/writer-share.ts';

describe('WriterShare', () => {
  it('takes more rows while this thread is the faster side, and fewer once it is the slower', () => {
    const share = new WriterShare();
    const start = share.fraction;
    expect(share.rowsHere(500)).toBe(Math.floor(500 * start));
    // This thread prepared its 50 rows in 10 ms, the threads their 450 in 100 ms: as fast per row,
    // so half of the rows each would have ended together.
    share.observe({ rows: 50, ms: 10 }, { rows: 450, ms: 100 });
    const raised = share.fraction;
    expect(raised).toBeGreaterThan(start);
    expect(raised).toBeLessThan(0.5);
    // Now this thread is four times slower per row than the threads: a fifth would be its part.
    for (let i = 0; i < 20; i++) share.observe({ rows: 100, ms: 100 }, { rows: 400, ms: 100 });
    expect(share.fraction).toBeCloseTo(0.2, 2);
  });

  it('keeps within its bounds and ignores a batch one side had no rows of', () => {
    const share = new WriterShare();
    for (let i = 0; i < 50; i++) share.observe({ rows: 100, ms: 1 }, { rows: 100, ms: 1000 });
    expect(share.fraction).toBe(0.5);
    for (let i = 0; i < 50; i++) share.observe({ rows: 100, ms: 1000 }, { rows: 100, ms: 1 });
    const low = share.fraction;
    expect(low).toBeGreaterThan(0);
    expect(low).toBeLessThan(0.03);
    // Still some rows of a full batch, so that its speed keeps being measured.
    expect(share.rowsHere(500)).toBeGreaterThan(0);
    share.observe({ rows: 0, ms: 0 }, { rows: 500, ms: 100 });
    share.observe({ rows: 10, ms: 5 }, { rows: 0, ms: 0 });
    expect(share.fraction).toBe(low);
  });
});
