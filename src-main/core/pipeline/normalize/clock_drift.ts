import { asArray, isObject, type JsonObject, valuesOf } from './json.ts';
import { formatTimestamp, parseTimestamp, roundMicros } from './timestamp.ts';
import type { NormalizeContext, NormalizeStage } from './types.ts';

/** Relay's `MINIMUM_CLOCK_DRIFT`: smaller differences between sent_at and receive time are ignored. */
export const MINIMUM_CLOCK_DRIFT_SECS = 55 * 60;
/** Relay's `max_secs_in_future` / `max_secs_in_past` defaults. */
export const MAX_SECS_IN_FUTURE = 60;
export const MAX_SECS_IN_PAST = 30 * 24 * 3600;

/** Calls `visit` on every timestamp-typed field of the event (Relay's `process_timestamp`). */
function forEachTimestampField(event: JsonObject, visit: (holder: JsonObject, key: string) => void): void {
  visit(event, 'timestamp');
  visit(event, 'start_timestamp');
  for (const crumb of valuesOf(event.breadcrumbs) ?? []) {
    if (isObject(crumb)) visit(crumb, 'timestamp');
  }
  for (const span of asArray(event.spans) ?? []) {
    if (!isObject(span)) continue;
    visit(span, 'timestamp');
    visit(span, 'start_timestamp');
  }
}

/**
 * Parses every timestamp field into float seconds. An unparsable value is removed with an
 * `invalid_data` error (a missing event timestamp later becomes the receive time).
 */
function parseTimestampFields(event: JsonObject, ctx: NormalizeContext): void {
  forEachTimestampField(event, (holder, key) => {
    const raw = holder[key];
    if (raw === undefined || raw === null) return;
    const parsed = parseTimestamp(raw);
    if (parsed === undefined) {
      if (holder === event) ctx.addError('invalid_data', key, { value: raw, reason: 'expected a timestamp' });
      delete holder[key];
      return;
    }
    holder[key] = parsed;
  });
}

function shiftAll(event: JsonObject, drift: number): void {
  forEachTimestampField(event, (holder, key) => {
    const value = holder[key];
    if (typeof value === 'number') holder[key] = roundMicros(value + drift);
  });
}

/** The error Relay's `ClockDriftProcessor` puts on the event timestamp: the SDK's time and ours. */
function addDriftError(ctx: NormalizeContext, kind: string, sdkTime: number): void {
  ctx.addError(kind, 'timestamp', {
    sdk_time: formatTimestamp(sdkTime),
    server_time: formatTimestamp(ctx.received),
  });
}

/**
 * `ClockDriftProcessor` with the envelope's `sent_at`: when the SDK's clock is off by at least
 * 55 minutes, every timestamp moves by the drift.
 */
function correctClockDrift(event: JsonObject, ctx: NormalizeContext): void {
  const sentAt = ctx.meta.sentAt === undefined ? undefined : parseTimestamp(ctx.meta.sentAt);
  if (sentAt === undefined) return;
  const drift = ctx.received - sentAt;
  if (Math.abs(drift) < MINIMUM_CLOCK_DRIFT_SECS) return;
  shiftAll(event, drift);
  addDriftError(ctx, 'clock_drift', sentAt);
}

/**
 * `normalize_timestamps`: an event timestamp too far in the future or past is treated as the
 * send time, so everything shifts until `timestamp == received`; a missing one becomes received.
 */
function clampTimestamp(event: JsonObject, ctx: NormalizeContext): void {
  const timestamp = event.timestamp;
  if (typeof timestamp !== 'number') {
    event.timestamp = ctx.received;
    return;
  }
  let kind: string | undefined;
  if (timestamp > ctx.received + MAX_SECS_IN_FUTURE) kind = 'future_timestamp';
  else if (timestamp < ctx.received - MAX_SECS_IN_PAST) kind = 'past_timestamp';
  if (kind === undefined) return;
  shiftAll(event, ctx.received - timestamp);
  event.timestamp = ctx.received;
  addDriftError(ctx, kind, timestamp);
}

export const normalizeTimestamps: NormalizeStage = (event, ctx) => {
  parseTimestampFields(event, ctx);
  correctClockDrift(event, ctx);
  clampTimestamp(event, ctx);
  // Set after drift correction, which must not move it.
  event.received = ctx.received;
};
