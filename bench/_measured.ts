/** Wall time and the process's CPU of a piece of work (CPU of every thread: JS, DuckDB's, libuv's). */

export interface Measured {
  seconds: number;
  /** CPU of every thread of the process, µs. */
  cpuUs: number;
}

export async function measured(work: () => unknown): Promise<Measured> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await work();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return { seconds, cpuUs: cpu.user + cpu.system };
}

/** The run of median CPU. */
export function medianRun(runs: readonly Measured[]): Measured {
  const sorted = [...runs].sort((a, b) => a.cpuUs - b.cpuUs);
  const middle = sorted[(sorted.length - 1) >> 1];
  if (!middle) throw new Error('no run to take the median of');
  return middle;
}

export const addRuns = (a: Measured, b: Measured): Measured => ({
  seconds: a.seconds + b.seconds,
  cpuUs: a.cpuUs + b.cpuUs,
});

export function* slices<T>(items: readonly T[], size: number): Generator<readonly T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}
