/**
 * A crontab's next run strictly after an instant (cut to its minute), in the monitor's time zone,
 * as CronSim — Sentry's evaluator, given the reference in that zone — finds it:
 * - no zone: the next matching minute in UTC;
 * - a job at set times of the day (neither the minute nor the hour field starts with `*`, as
 *   `30 2 * * *`) is found on the wall clock, as Debian cron runs it: a time the zone skips when
 *   its clocks go forward runs at the first minute that exists after it (02:30 becomes 03:00), a
 *   time repeated when they go back runs once, at its first occurrence;
 * - any other (`0 * * * *`, `* 9-17 * * *`, a step of `*`): the first real minute whose wall-clock
 *   fields match, so none in a skipped hour and both occurrences of a repeated one.
 * A day that starts in a skipped hour (some zones move midnight) is taken as the above, where
 * CronSim would start it at its nonexistent midnight.
 */
import { type Crontab, nextWallMinute } from './crontab.ts';
import { floorMinute, MINUTE } from './minute.ts';
import { instantsAt, setBackWithin, wallClock } from './zone-time.ts';

/** Longer than any clock change, to find a wall time repeated after the reference. */
const LOOK_AROUND = 3 * 3_600_000;

function nextRealMinute(crontab: Crontab, after: number, timeZone: string): number | null {
  // Minutes just after the reference may show an earlier wall time when clocks go back.
  let wall = wallClock(after, timeZone) - setBackWithin(after, LOOK_AROUND, timeZone);
  let best: { instant: number; wall: number; slack: number } | null = null;
  for (;;) {
    const next = nextWallMinute(crontab, wall);
    if (next === null || (best && next > best.wall + best.slack)) return best?.instant ?? null;
    for (const instant of instantsAt(next, timeZone)) {
      if (instant <= after || (best && instant >= best.instant)) continue;
      // A wall time after this one is still earlier in real time if clocks went back just before.
      const slack = setBackWithin(instant - LOOK_AROUND, LOOK_AROUND, timeZone);
      best = { instant, wall: next, slack };
    }
    wall = next;
  }
}

/** Throws a RangeError for a time zone the runtime does not know. */
export function nextCrontabRun(crontab: Crontab, reference: number, timeZone: string | null): number | null {
  const after = floorMinute(reference);
  if (timeZone === null) return nextWallMinute(crontab, after);
  if (!crontab.fixedTime) return nextRealMinute(crontab, after, timeZone);
  let wall = nextWallMinute(crontab, wallClock(after, timeZone));
  if (wall === null) return null;
  for (;;) {
    const [first] = instantsAt(wall, timeZone);
    if (first !== undefined) return first;
    wall += MINUTE;
  }
}
