/** Wall time and the process's CPU of a piece of work (CPU of every thread: JS, DuckDB's, libuv's). */
import fs from 'node:fs';

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

/** CPU time of each of this process's threads by name, in clock ticks (Linux's /proc; empty elsewhere). */
export function threadTicks(): Map<string, number> {
  const ticks = new Map<string, number>();
  const tasks = '/proc/self/task';
  if (!fs.existsSync(tasks)) return ticks;
  for (const task of fs.readdirSync(tasks)) {
    try {
      const name = fs.readFileSync(`${tasks}/${task}/comm`, 'utf8').trim();
      // Fields after the parenthesized name: utime and stime are the 12th and 13th.
      const fields = fs.readFileSync(`${tasks}/${task}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      ticks.set(`${name}\0${task}`, Number(fields[11]) + Number(fields[12]));
    } catch {
      // The thread ended meanwhile.
    }
  }
  return ticks;
}

/** /proc's clock ticks per second (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * The CPU seconds each kind of thread (by name: MainThread, the prepare threads, V8's and libuv's
 * workers) spent between two `threadTicks` readings, most first.
 */
export function threadSeconds(before: Map<string, number>, after: Map<string, number>): [string, number][] {
  const byName = new Map<string, number>();
  for (const [key, ticks] of after) {
    const name = key.split('\0')[0] ?? key;
    byName.set(name, (byName.get(name) ?? 0) + (ticks - (before.get(key) ?? 0)) / TICKS_PER_SECOND);
  }
  return [...byName].filter(([, seconds]) => seconds > 0).sort((a, b) => b[1] - a[1]);
}
