/**
 * Sentry's monitor clock for one monitor environment, run from its last tick up to a later one (the
 * minute of the next check-in item, or of now). At each minute tick, in this order:
 * - `check_missing`: once the next expected time plus the margin (`next_checkin_latest`) has come
 *   without a check-in, a `missed` check-in is recorded at the expected time, and the next one is
 *   expected at the schedule's first run at or after the tick;
 * - `check_timeout`: an in-progress check-in at its `timeout_at` times out; unless an OK or error
 *   check-in started after it, the next run is expected at the schedule's first run at or after the
 *   tick.
 * Both are failures for the monitor's status (`incidents.ts`). A gap of more than `MAX_MISSED_IN_GAP`
 * missed runs keeps the first and the latest of them: the clock skips the ones between.
 */
import { createHash } from 'node:crypto';
import type { FoldedCheckIn } from './fold.ts';
import { applyFailure, type IncidentState } from './incidents.ts';
import { floorMinute } from './minute.ts';
import { firstRunAtOrAfter, type MonitorConfig, nextExpected, nextExpectedLatest } from './schedule.ts';

/** Missed check-ins made in one gap before the clock skips ahead to the latest ones. */
export const MAX_MISSED_IN_GAP = 1_000;

export interface ClockState extends IncidentState {
  slug: string;
  environment: string;
  /** Sentry's `next_checkin`: when the next check-in is expected; null without a schedule. */
  next: number | null;
  /** Sentry's `next_checkin_latest`: the next expected time plus the margin. */
  latest: number | null;
  /** Check-ins in progress: the ones that may time out. */
  open: Set<FoldedCheckIn>;
}

/** Sets the next expected check-in from `reference` (a check-in's arrival) as Sentry's `mark_ok` does. */
export function expectNextAfter(
  state: ClockState,
  config: MonitorConfig | undefined,
  reference: number,
): void {
  setNext(state, config, config ? nextExpected(config, reference) : null);
}

function setNext(state: ClockState, config: MonitorConfig | undefined, next: number | null): void {
  state.next = next;
  state.latest = config && next !== null ? nextExpectedLatest(config, next) : null;
}

/** Sentry gives a missed check-in a new id; this one is stable from read to read. */
function missedId(state: ClockState, expected: number): string {
  return createHash('sha256')
    .update(`missed\u0000${state.slug}\u0000${state.environment}\u0000${expected}`)
    .digest('hex')
    .slice(0, 32);
}

function markMissing(state: ClockState, config: MonitorConfig | undefined, tick: number): void {
  const expected = state.next as number;
  const missed: FoldedCheckIn = {
    id: missedId(state, expected),
    itemId: 0,
    slug: state.slug,
    environment: state.environment,
    status: 'missed',
    duration: null,
    timestamp: expected,
    received: tick,
    release: null,
    traceId: null,
    timeoutAt: null,
  };
  state.checkIns.push(missed);
  setNext(state, config, config ? firstRunAtOrAfter(config, expected, tick) : null);
  applyFailure(state, missed, config);
}

function markTimeout(
  state: ClockState,
  config: MonitorConfig | undefined,
  checkIn: FoldedCheckIn,
  tick: number,
): void {
  checkIn.status = 'timeout';
  state.open.delete(checkIn);
  const newerResult = state.checkIns.some(
    (other) => other.timestamp > checkIn.timestamp && (other.status === 'ok' || other.status === 'error'),
  );
  if (newerResult) return;
  setNext(state, config, config ? firstRunAtOrAfter(config, checkIn.timestamp, tick) : null);
  applyFailure(state, checkIn, config);
}

function firstTimeout(state: ClockState, until: number): FoldedCheckIn | undefined {
  let first: FoldedCheckIn | undefined;
  for (const checkIn of state.open)
    if (
      checkIn.timeoutAt !== null &&
      checkIn.timeoutAt <= until &&
      (!first || checkIn.timeoutAt < (first.timeoutAt as number))
    )
      first = checkIn;
  return first;
}

/** Runs the clock's ticks up to `until` (a whole minute). */
export function runClock(state: ClockState, config: MonitorConfig | undefined, until: number): void {
  let missed = 0;
  let gapStart = state.next;
  for (;;) {
    const missAt = state.latest !== null && state.latest <= until ? state.latest : Number.POSITIVE_INFINITY;
    const timeout = firstTimeout(state, until);
    const timeoutAt = timeout?.timeoutAt ?? Number.POSITIVE_INFINITY;
    if (missAt === Number.POSITIVE_INFINITY && timeout === undefined) return;
    if (missAt <= timeoutAt) {
      markMissing(state, config, missAt);
      missed += 1;
      if (missed === MAX_MISSED_IN_GAP && gapStart !== null && state.next !== null && config) {
        skipAhead(state, config, until, state.next - gapStart);
        missed = 0;
        gapStart = state.next;
      }
    } else markTimeout(state, config, timeout as FoldedCheckIn, timeoutAt);
  }
}

/** Past `MAX_MISSED_IN_GAP` misses, goes on with the runs of the last stretch as long before `until`. */
function skipAhead(state: ClockState, config: MonitorConfig, until: number, span: number): void {
  const from = until - span;
  if (state.next === null || from <= state.next || firstTimeout(state, until)) return;
  setNext(state, config, firstRunAtOrAfter(config, state.next, floorMinute(from)));
}
