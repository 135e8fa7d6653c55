/**
 * Relay's session processing (`processing/sessions`: `expand`, then `normalize`): a `session`
 * update or `sessions` aggregate that does not read as Relay's `SessionUpdate` / `SessionAggregates`
 * (no `attrs.release`, no `started`, a timestamp that is no RFC 3339 string, a status that is no
 * string, `errors` or `seq` not an unsigned integer, a `sid` that is no UUID …) is dropped, so is one
 * whose release is invalid or whose `timestamp` or `started` (after clock drift correction) lies over
 * 5 days in the past or over 60 s in the future; an aggregate loses the buckets out of that range.
 * Sessions never emit outcomes for any of this. A kept session loses an invalid environment and has
 * `{{auto}}` for its IP address replaced by the client's.
 */
import { isIP } from 'node:net';
import { MAX_SECS_IN_FUTURE, MINIMUM_CLOCK_DRIFT_SECS } from './normalize/clock_drift.ts';
import { isObject, type JsonObject, type JsonValue } from './normalize/json.ts';
import { isValidEnvironment, isValidRelease } from './normalize/release.ts';
import { formatTimestamp, parseTimestamp } from './normalize/timestamp.ts';
import { uuidHex } from './uuid.ts';

/** Relay's `max_session_secs_in_past` default. */
const MAX_SESSION_SECS_IN_PAST = 5 * 24 * 3600;
const U32_MAX = 4_294_967_295;
/** 2^64 - 1 as a double reads as 2^64: what JSON.parse gives for any u64 beyond 2^53 too. */
const U64_MAX = 2 ** 64;
/** chrono's `DateTime<Utc>` reads RFC 3339 (separator `T`, `t` or a space) with an offset. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:?\d{2})$/;
const AGGREGATE_COUNTS = ['exited', 'errored', 'abnormal', 'unhandled', 'crashed'] as const;
const AUTO = '{{auto}}';

export interface SessionContext {
  /** Receive time, unix seconds. */
  received: number;
  /** What the SDK's clock is behind ours by, when that is at least 55 minutes, else 0. */
  drift: number;
  clientIp: string | null;
}

export function sessionContext(
  receivedAtMs: number,
  sentAt: unknown,
  clientIp: string | null,
): SessionContext {
  const received = receivedAtMs / 1000;
  const sent = typeof sentAt === 'string' ? parseTimestamp(sentAt) : undefined;
  const drift = sent === undefined ? 0 : received - sent;
  return { received, drift: Math.abs(drift) >= MINIMUM_CLOCK_DRIFT_SECS ? drift : 0, clientIp };
}

const isString = (value: JsonValue): boolean => typeof value === 'string';
const unsigned =
  (max: number) =>
  (value: JsonValue): boolean =>
    Number.isInteger(value) && (value as number) >= 0 && (value as number) <= max;
/** A field with a serde default: absent is fine, `null` is not. */
const withDefault = (value: JsonValue | undefined, valid: (value: JsonValue) => boolean): boolean =>
  value === undefined || (value !== null && valid(value));
/** An `Option<T>` field: absent or `null` is fine. */
const optional = (value: JsonValue | undefined, valid: (value: JsonValue) => boolean): boolean =>
  value === undefined || value === null || valid(value);

function dateTime(value: JsonValue | undefined): number | undefined {
  return typeof value === 'string' && DATE_TIME.test(value) ? parseTimestamp(value) : undefined;
}

/** relay-event-schema's `IpAddr`: `{{auto}}` or an IP address. */
const isIpAddr = (value: JsonValue): boolean =>
  value === AUTO || (typeof value === 'string' && isIP(value) !== 0);

function readsAsAttributes(attrs: JsonValue | undefined): attrs is JsonObject {
  return (
    isObject(attrs) &&
    typeof attrs.release === 'string' &&
    optional(attrs.environment, isString) &&
    optional(attrs.ip_address, isIpAddr) &&
    optional(attrs.user_agent, isString)
  );
}

function readsAsUpdate(json: JsonObject): boolean {
  return (
    withDefault(json.sid, (sid) => typeof sid === 'string' && uuidHex(sid) !== undefined) &&
    optional(json.did, isString) &&
    withDefault(json.seq, unsigned(U64_MAX)) &&
    withDefault(json.init, (init) => typeof init === 'boolean') &&
    (json.timestamp === undefined || dateTime(json.timestamp) !== undefined) &&
    dateTime(json.started) !== undefined &&
    optional(json.duration, (duration) => typeof duration === 'number') &&
    withDefault(json.status, isString) &&
    withDefault(json.errors, unsigned(U64_MAX)) &&
    optional(json.abnormal_mechanism, isString) &&
    readsAsAttributes(json.attrs)
  );
}

function readsAsAggregate(bucket: JsonValue): boolean {
  return (
    isObject(bucket) &&
    dateTime(bucket.started) !== undefined &&
    optional(bucket.did, isString) &&
    AGGREGATE_COUNTS.every((count) => withDefault(bucket[count], unsigned(U32_MAX)))
  );
}

function inRange(timestamp: number, ctx: SessionContext): boolean {
  return (
    ctx.received - timestamp <= MAX_SESSION_SECS_IN_PAST && timestamp - ctx.received <= MAX_SECS_IN_FUTURE
  );
}

/** Shifts a date field by the clock drift (written back as RFC 3339, as Relay serializes it). */
function corrected(holder: JsonObject, key: string, seconds: number, ctx: SessionContext): number {
  if (ctx.drift === 0) return seconds;
  const shifted = seconds + ctx.drift;
  holder[key] = formatTimestamp(shifted);
  return shifted;
}

/** `normalize_attributes`: false when the release is invalid (the session is dropped). */
function normalizeAttributes(attrs: JsonObject, ctx: SessionContext): boolean {
  if (!isValidRelease(attrs.release as string)) return false;
  if (typeof attrs.environment === 'string' && !isValidEnvironment(attrs.environment))
    delete attrs.environment;
  if (attrs.ip_address === AUTO) {
    if (ctx.clientIp && isIP(ctx.clientIp) !== 0) attrs.ip_address = ctx.clientIp;
    else delete attrs.ip_address;
  }
  return true;
}

/** A session update, normalized in place; false when Relay drops it. */
export function processSessionUpdate(json: JsonObject | undefined, ctx: SessionContext): boolean {
  if (!json || !readsAsUpdate(json)) return false;
  const started = corrected(json, 'started', dateTime(json.started)!, ctx);
  // A missing timestamp is Relay's "now" (serde's default), which drift correction moves too.
  const sent = json.timestamp === undefined ? ctx.received : dateTime(json.timestamp)!;
  let timestamp = corrected(json, 'timestamp', sent, ctx);
  if (timestamp < started) {
    json.timestamp = json.started as string;
    timestamp = started;
  }
  if (!inRange(timestamp, ctx) || !inRange(started, ctx)) return false;
  return normalizeAttributes(json.attrs as JsonObject, ctx);
}

/**
 * Session aggregates, normalized in place: buckets out of range are removed. Returns the number of
 * buckets kept, 0 when Relay drops the item.
 */
export function processSessionAggregates(json: JsonObject | undefined, ctx: SessionContext): number {
  if (!json || !readsAsAttributes(json.attrs)) return 0;
  const buckets = json.aggregates === undefined ? [] : json.aggregates;
  if (!Array.isArray(buckets) || !buckets.every(readsAsAggregate)) return 0;
  const kept = (buckets as JsonObject[]).filter((bucket) =>
    inRange(corrected(bucket, 'started', dateTime(bucket.started)!, ctx), ctx),
  );
  if (kept.length === 0 || !normalizeAttributes(json.attrs, ctx)) return 0;
  json.aggregates = kept;
  return kept.length;
}
