/**
 * Gives a thread's young generation back once the thread has gone quiet.
 *
 * Under load V8 grows each thread's young generation (its new space) up to 128 MiB here: two
 * semi-spaces of 64 MiB, its default on a machine with this much memory. It shrinks it only in a
 * collection that runs while little is being allocated, and an idle thread runs none. So after a
 * burst the ingest thread, the pipeline worker and a prepare thread kept ~350 MiB of new space
 * they no longer used (`faultline serve` idled at ~1,000 MiB after 200,000 events).
 *
 * A smaller young generation would also avoid this, but it costs CPU under load. With semi-spaces
 * of 8 MiB, scavenges on the prepare thread took ~10 µs an event against ~6 at V8's default
 * (`node --max-semi-space-size=8 bench/_prepare-profile.ts`). So instead each thread watches its
 * own event loop. Once it has been quiet for two ticks and its new space is larger than after the
 * last collection, it runs one collection of everything it can free, as V8 does when told memory
 * is low ("last resort": several full collections, ~50 ms on a small heap), while nothing waits. A
 * plain full collection shrinks the new space only when V8 judges the allocation rate low, which it
 * reckons from the last collections, made under load: it often left the space as it was.
 */
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';

export interface IdleCollectorOptions {
  /** How often the event loop's use is looked at (default 2 s). */
  tickMs?: number;
  /** Quiet ticks in a row before a collection (default 2). */
  quietTicks?: number;
  /** Called after each collection, with the new space's size before and after (tests). */
  onCollect?: (before: number, after: number) => void;
}

/** A tick counts as quiet below this share of the time spent running (event loop utilization). */
const QUIET_BELOW = 0.02;
/** New space no larger than this is left alone: V8 starts a thread with 1 MiB. */
const SMALL_NEW_SPACE = 16 * 1024 * 1024;

/** Starts watching the calling thread; the timer does not keep the thread alive. */
export function collectWhenIdle(options: IdleCollectorOptions = {}): { stop(): void } {
  const quietTicks = options.quietTicks ?? 2;
  let last = performance.eventLoopUtilization();
  let quiet = 0;
  // What the last collection left: a collection that could not shrink the space is not repeated
  // until the space grows again.
  let floor = SMALL_NEW_SPACE;
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    quiet = performance.eventLoopUtilization(now, last).utilization < QUIET_BELOW ? quiet + 1 : 0;
    last = now;
    if (quiet < quietTicks) return;
    const before = newSpaceBytes();
    if (before <= floor) return;
    // Where V8 gives no `gc` (a runtime that refuses the flag), the thread keeps its memory as it
    // would have without this, and nothing else changes.
    if (!fullCollection()) {
      clearInterval(timer);
      return;
    }
    const after = newSpaceBytes();
    floor = Math.max(after, SMALL_NEW_SPACE);
    options.onCollect?.(before, after);
  }, options.tickMs ?? 2_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** The physical size of this thread's new space, in bytes. */
export function newSpaceBytes(): number {
  return (
    v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.physical_space_size ?? 0
  );
}

/** V8's `gc` function, with the options it takes. */
type Gc = (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;

let collect: Gc | undefined;

/**
 * Frees all of this thread's heap that can be freed and shrinks its new space; false if this
 * runtime gives no `gc` function. V8 exposes `gc` only to contexts created while its flag is set,
 * so the flag is set for the moment one context is made, then turned off again. The flag is shared
 * by every thread of the process: a thread that starts in that moment also gets a global `gc`,
 * which does no harm.
 */
function fullCollection(): boolean {
  if (!collect) {
    let found = (globalThis as { gc?: unknown }).gc;
    if (typeof found !== 'function') {
      try {
        v8.setFlagsFromString('--expose-gc');
        found = vm.runInNewContext('gc');
      } catch {
        found = undefined;
      } finally {
        v8.setFlagsFromString('--no-expose-gc');
      }
    }
    if (typeof found !== 'function') return false;
    collect = found as Gc;
  }
  collect({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  return true;
}
