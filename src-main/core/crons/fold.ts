/**
 * Check-in items become check-ins as Sentry's monitor consumer applies them, in arrival order, with
 * its clock (`clock.ts`) running between them and up to now: a check-in id seen before updates that
 * check-in in place (an `in_progress` then `ok` is one check-in with the final status and duration),
 * a nil id updates the monitor environment's latest in-progress check-in, or starts a new one. A
 * check-in already closed (`ok`/`error`) is not changed again; an in-progress one past its max
 * runtime is `timeout` (a closing item then only sets its duration). Each check-in applied sets the
 * next expected time from its arrival (`mark_ok` / `mark_failed`) and may fail or recover the monitor
 * (`incidents.ts`); the clock adds the missed check-ins. The monitor's config is the latest
 * `monitor_config` sent for its slug so far.
 */
import type { CheckInStatus } from '../../../src-shared/crons-api.ts';
import { uuidHex } from '../pipeline/uuid.ts';
import { obj, text } from '../store/item-json.ts';
import { type ClockState, expectNextAfter, runClock } from './clock.ts';
import { applyFailure, applySuccess } from './incidents.ts';
import { floorMinute, MINUTE } from './minute.ts';
import type { StoredCheckIn } from './read.ts';
import { DEFAULT_MAX_RUNTIME, type MonitorConfig, monitorConfigOf } from './schedule.ts';

/** Sentry's monitor environment when a check-in names none. */
const DEFAULT_ENVIRONMENT = 'production';
const SENT_STATUSES = new Set<CheckInStatus>(['ok', 'error', 'in_progress', 'unknown']);
const CLOSED = new Set<CheckInStatus>(['ok', 'error']);

export interface FoldedCheckIn {
  id: string;
  /** The row id of the item that started it (0 for a missed one): the order of check-ins stored in the same batch. */
  itemId: number;
  slug: string;
  environment: string;
  status: CheckInStatus;
  duration: number | null;
  /** Sentry's `date_added`: received, less the duration sent with it; a missed one's expected time. */
  timestamp: number;
  received: number;
  release: string | null;
  traceId: string | null;
  /** While in progress: when it times out (Sentry's `timeout_at`). */
  timeoutAt: number | null;
}

/** One monitor environment after the fold: its check-ins (oldest first, mostly), clock and status. */
export type MonitorEnvironmentState = ClockState;

export interface FoldedMonitors {
  environments: Map<string, MonitorEnvironmentState>;
  configs: Map<string, MonitorConfig>;
}

const envKey = (slug: string, environment: string): string => `${slug}\u0000${environment}`;

function timeoutAt(config: MonitorConfig | undefined, status: CheckInStatus, at: number): number | null {
  if (status !== 'in_progress') return null;
  return floorMinute(at) + (config?.maxRuntime || DEFAULT_MAX_RUNTIME) * MINUTE;
}

/** Sentry's clock marks an in-progress check-in `timeout` at the first minute tick at or after `timeoutAt`. */
export function timedOut(checkIn: FoldedCheckIn, now: number): boolean {
  return (
    checkIn.status === 'in_progress' && checkIn.timeoutAt !== null && floorMinute(now) >= checkIn.timeoutAt
  );
}

/**
 * Sentry's `update_existing_check_in`; false when it refuses the update (a closed check-in closed
 * again), so nothing else follows. An `in_progress` for a closed one is ignored, and goes on.
 */
function update(
  state: MonitorEnvironmentState,
  checkIn: FoldedCheckIn,
  status: CheckInStatus,
  duration: number | null,
  received: number,
  config?: MonitorConfig,
): boolean {
  if (CLOSED.has(checkIn.status)) return status === 'in_progress';
  checkIn.duration = duration ?? Math.abs(received - checkIn.timestamp);
  checkIn.received = received;
  // A late close of a timed-out check-in records its duration; the status stays `timeout`.
  if (checkIn.status === 'timeout' && CLOSED.has(status)) return true;
  checkIn.status = status;
  checkIn.timeoutAt = timeoutAt(config, status, received);
  if (status === 'in_progress') state.open.add(checkIn);
  else state.open.delete(checkIn);
  return true;
}

/** What follows an applied check-in (Sentry's step 04): the next expected time, and the monitor's status. */
function applied(
  state: MonitorEnvironmentState,
  checkIn: FoldedCheckIn,
  received: number,
  config?: MonitorConfig,
): void {
  expectNextAfter(state, config, received);
  if (checkIn.status === 'error') applyFailure(state, checkIn, config);
  else applySuccess(state, checkIn, config);
}

function environmentOf(
  environments: Map<string, MonitorEnvironmentState>,
  slug: string,
  environment: string,
): MonitorEnvironmentState {
  const key = envKey(slug, environment);
  let state = environments.get(key);
  if (!state) {
    state = {
      slug,
      environment,
      checkIns: [],
      monitorStatus: 'active',
      next: null,
      latest: null,
      open: new Set(),
    };
    environments.set(key, state);
  }
  return state;
}

/** Folds the items (oldest first) and runs every monitor environment's clock up to `now`. */
export function foldCheckIns(items: readonly StoredCheckIn[], now: number): FoldedMonitors {
  const environments = new Map<string, MonitorEnvironmentState>();
  const configs = new Map<string, MonitorConfig>();
  const byId = new Map<string, FoldedCheckIn>();
  for (const { id, received, body } of items) {
    const slug = text(body.monitor_slug);
    if (slug === null) continue;
    const environment = text(body.environment) ?? DEFAULT_ENVIRONMENT;
    const sent = typeof body.status === 'string' ? (body.status as CheckInStatus) : 'unknown';
    const status = SENT_STATUSES.has(sent) ? sent : 'unknown';
    const duration =
      typeof body.duration === 'number' && Number.isFinite(body.duration)
        ? Math.trunc(body.duration * 1000)
        : null;
    const sentConfig = monitorConfigOf(body.monitor_config);
    if (sentConfig) configs.set(slug, sentConfig);
    const config = configs.get(slug);
    const state = environmentOf(environments, slug, environment);
    runClock(state, config, floorMinute(received));

    const sentId = typeof body.check_in_id === 'string' ? uuidHex(body.check_in_id) : undefined;
    // No id, or the nil one: Sentry's "latest" check-in.
    const guid = sentId === undefined || /^0+$/.test(sentId) ? undefined : sentId;
    const existing =
      guid === undefined
        ? state.checkIns.findLast((checkIn) => checkIn.status === 'in_progress')
        : byId.get(guid);
    if (existing) {
      // Sentry refuses an id of another monitor or environment (`monitor_environment_mismatch`).
      if (existing.slug !== slug || existing.environment !== environment) continue;
      if (update(state, existing, status, duration, received, config))
        applied(state, existing, received, config);
      continue;
    }
    const timestamp = received - (duration ?? 0);
    const checkIn: FoldedCheckIn = {
      // Sentry makes up an id for a nil one; the item's row id keeps it stable here.
      id: guid ?? id.toString(16).padStart(32, '0'),
      itemId: id,
      slug,
      environment,
      status,
      duration,
      timestamp,
      received,
      release: text(body.release),
      traceId: text(obj(obj(body.contexts)?.trace)?.trace_id),
      timeoutAt: timeoutAt(config, status, timestamp),
    };
    if (guid !== undefined) byId.set(guid, checkIn);
    state.checkIns.push(checkIn);
    if (status === 'in_progress') state.open.add(checkIn);
    applied(state, checkIn, received, config);
  }
  for (const state of environments.values()) runClock(state, configs.get(state.slug), floorMinute(now));
  return { environments, configs };
}
