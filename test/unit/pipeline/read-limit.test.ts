/** The worker's bound on read-only commands running at once (each holds a DuckDB query's pool thread). */
import { describe, expect, it } from 'vitest';
import { ReadLimit } from '../../../src-main/core/pipeline/read-limit.ts';

/** A piece of work that runs until released, recording how many run with it. */
function gate() {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { release, released };
}

describe('ReadLimit', () => {
  it('runs at most its limit at once and starts the others in order of arrival', async () => {
    const limit = new ReadLimit(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const gates = Array.from({ length: 5 }, gate);
    const works = gates.map((g, i) =>
      limit.run(async () => {
        started.push(i);
        running++;
        most = Math.max(most, running);
        await g.released;
        running--;
        return i;
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(started).toEqual([0, 1]);
    gates[1]?.release();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(started).toEqual([0, 1, 2]);
    for (const g of gates) g.release();
    expect(await Promise.all(works)).toEqual([0, 1, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
  });

  it('frees the slot of a read that fails', async () => {
    const limit = new ReadLimit(1);
    await expect(limit.run(() => Promise.reject(new Error('bad query')))).rejects.toThrow('bad query');
    expect(await limit.run(async () => 'next')).toBe('next');
  });
});
