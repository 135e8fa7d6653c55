/**
 * Check-in items become check-ins as Sentry's monitor consumer applies them, in arrival order:
 * a check-in id seen before updates that check-in in place (an `in_progress` then `ok` is one
 * check-in with the final status and duration), a nil id updates the monitor environment's latest
 * in-progress check-in, or starts a new one. A check-in already closed (`ok`/`error`) is not
 * changed again; an in-progress one past its max runtime is `timeout` (a closing item then only
 * sets its duration). The monitor's config is the latest `monitor_config` sent for its slug.
 */
import type { CheckInStatus } from '../../../src-shared/crons-api.ts';
import { uuidHex } from '../pipeline/uuid.ts';
import { obj, text } from '../store/item-json.ts';
import { floorMinute, MINUTE } from './minute.ts';
import type { StoredCheckIn } from './read.ts';
import { DEFAULT_MAX_RUNTIME, type MonitorConfig, monitorConfigOf } from './schedule.ts';

/** Sentry's monitor environment when a check-in names none. */
const DEFAULT_ENVIRONMENT = 'production';
const SENT_STATUSES = new Set<CheckInStatus>(['ok', 'error', 'in_progress', 'unknown']);
const CLOSED = new Set<CheckInStatus>(['ok', 'error']);

export interface FoldedCheckIn {
  id: string;
  /** The row id of the item that started it: the order of check-ins stored in the same batch. */
  itemId: number;
  slug: string;
  environment: string;
  status: CheckInStatus;
  duration: number | null;
  /** Sentry's `date_added`: received, less the duration sent with it. */
  timestamp: number;
  received: number;
  release: string | null;
  traceId: string | null;
  /** While in progress: when it times out (Sentry's `timeout_at`). */
  timeoutAt: number | null;
}

export interface MonitorEnvironmentState {
  slug: string;
  environment: string;
  /** Oldest first. */
  checkIns: FoldedCheckIn[];
  /** When its latest item arrived (Sentry's `last_checkin`, the reference of the next expected time). */
  lastReceived: number;
}

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

function update(
  checkIn: FoldedCheckIn,
  status: CheckInStatus,
  duration: number | null,
  received: number,
  config?: MonitorConfig,
): void {
  if (timedOut(checkIn, received)) checkIn.status = 'timeout';
  if (CLOSED.has(checkIn.status)) return;
  checkIn.duration = duration ?? Math.abs(received - checkIn.timestamp);
  checkIn.received = received;
  // A late close of a timed-out check-in records its duration; the status stays `timeout`.
  if (checkIn.status === 'timeout' && CLOSED.has(status)) return;
  checkIn.status = status;
  checkIn.timeoutAt = timeoutAt(config, status, received);
}

export function foldCheckIns(items: readonly StoredCheckIn[]): FoldedMonitors {
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
    const config = monitorConfigOf(body.monitor_config);
    if (config) configs.set(slug, config);
    const key = envKey(slug, environment);
    let state = environments.get(key);
    if (!state) {
      state = { slug, environment, checkIns: [], lastReceived: received };
      environments.set(key, state);
    }
    state.lastReceived = received;

    const guid = typeof body.check_in_id === 'string' ? uuidHex(body.check_in_id) : undefined;
    const latest = guid === undefined || /^0+$/.test(guid);
    const existing =
      guid === undefined || latest
        ? state.checkIns.findLast(
            (checkIn) => checkIn.status === 'in_progress' && !timedOut(checkIn, received),
          )
        : byId.get(guid);
    if (existing) {
      // Sentry refuses an id of another monitor or environment (`monitor_environment_mismatch`).
      if (existing.slug === slug && existing.environment === environment)
        update(existing, status, duration, received, configs.get(slug));
      continue;
    }
    const timestamp = received - (duration ?? 0);
    const checkIn: FoldedCheckIn = {
      // Sentry makes up an id for a nil one; the item's row id keeps it stable here.
      id: guid === undefined || latest ? id.toString(16).padStart(32, '0') : guid,
      itemId: id,
      slug,
      environment,
      status,
      duration,
      timestamp,
      received,
      release: text(body.release),
      traceId: text(obj(obj(body.contexts)?.trace)?.trace_id),
      timeoutAt: timeoutAt(configs.get(slug), status, timestamp),
    };
    if (guid !== undefined && !latest) byId.set(guid, checkIn);
    state.checkIns.push(checkIn);
  }
  return { environments, configs };
}
