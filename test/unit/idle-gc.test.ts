/**
 * A thread gives back the young generation a burst grew, once it has gone quiet (idle-gc.ts), and
 * not while it works. Each case runs in a worker thread of its own, whose heap is its own.
 */
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';

const MODULE = new URL('../../src-main/core/idle-gc.ts', import.meta.url).href;
const MIB = 1024 * 1024;

interface Report {
  /** New space after the burst, before any collection. */
  grown: number;
  /** Collections while the thread worked, and while it stayed quiet after. */
  busyCollections: number;
  quietCollections: { before: number; after: number }[];
  /** New space at the end. */
  end: number;
}

/** How long each worker allocates, then stays idle. */
const BUSY_MS = 2_000;
const QUIET_MS = 5_000;

/**
 * A worker that allocates short-lived objects for BUSY_MS (in slices, so its event loop runs its
 * timers and counts as busy), then stays idle for QUIET_MS; with `collect`, collectWhenIdle
 * watches it from the start.
 */
function run(collect: boolean): Promise<Report> {
  const code = `
    const { parentPort } = require('node:worker_threads');
    import(${JSON.stringify(MODULE)}).then(async ({ collectWhenIdle, newSpaceBytes }) => {
      const collections = [];
      const collector = ${collect} ? collectWhenIdle({ tickMs: 500, quietTicks: 4, onCollect: (before, after) => collections.push({ before, after }) }) : undefined;
      const kept = [];
      const until = performance.now() + ${BUSY_MS};
      while (performance.now() < until) {
        for (let i = 0; i < 50000; i++) {
          kept.push({ i, text: 'item ' + i, pair: [i, i + 1] });
          if (kept.length > 200000) kept.length = 0;
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
      kept.length = 0;
      const grown = newSpaceBytes();
      const busyCollections = collections.length;
      await new Promise((resolve) => setTimeout(resolve, ${QUIET_MS}));
      collector?.stop();
      parentPort.postMessage({ grown, busyCollections, quietCollections: collections.slice(busyCollections), end: newSpaceBytes() });
    });
  `;
  const worker = new Worker(code, { eval: true });
  return new Promise<Report>((resolve, reject) => {
    worker.once('message', (report: Report) => {
      void worker.terminate();
      resolve(report);
    });
    worker.once('error', reject);
  });
}

describe('collectWhenIdle', () => {
  it('collects once after the thread goes quiet, giving back its young generation; never while it works', async () => {
    const [watched, unwatched] = await Promise.all([run(true), run(false)]);
    // V8 grew the young generation under the burst, and an idle thread alone keeps it.
    expect(unwatched.grown).toBeGreaterThan(32 * MIB);
    expect(unwatched.end).toBeGreaterThan(32 * MIB);

    expect(watched.grown).toBeGreaterThan(32 * MIB);
    expect(watched.busyCollections).toBe(0);
    // One collection in 5 s of quiet (10 ticks, 4 of them before it): a space it shrank is not collected again.
    expect(watched.quietCollections).toHaveLength(1);
    expect(watched.quietCollections[0]!.before).toBeGreaterThan(32 * MIB);
    expect(watched.quietCollections[0]!.after).toBeLessThanOrEqual(16 * MIB);
    expect(watched.end).toBeLessThanOrEqual(16 * MIB);
  }, 20_000);
});
