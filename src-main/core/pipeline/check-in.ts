/**
 * Relay's check-in processing (relay-monitors `process_check_in`, run by its `CheckInsProcessor`):
 * the payload must read as Relay's `CheckIn` (else the item is dropped as invalid, `invalid_json`),
 * the monitor slug is cut to 50 characters and must not be empty, the environment must not exceed
 * 64 (else `invalid_check_in`), and a status Relay does not know, or `missed` (which only the
 * server may set), becomes `unknown`.
 */
import { isObject, type JsonObject, type JsonValue } from './normalize/json.ts';
import { uuidHex } from './uuid.ts';

const SLUG_LENGTH = 50;
const ENVIRONMENT_LENGTH = 64;
// `missed` is not among them: it becomes `unknown`, as any other status does.
const KNOWN_STATUSES = new Set(['ok', 'error', 'in_progress', 'unknown']);
const INTERVAL_UNITS = new Set(['year', 'month', 'week', 'day', 'hour', 'minute']);
/** Serialized ids are 32 hex digits; an absent one is the nil UUID (serde's default). */
const NIL_UUID = '0'.repeat(32);
const CHECK_IN_FIELDS = ['environment', 'duration', 'monitor_config', 'contexts'] as const;

const optional = (value: JsonValue | undefined, valid: (value: JsonValue) => boolean): boolean =>
  value === undefined || value === null || valid(value);
const isString = (value: JsonValue): boolean => typeof value === 'string';
const isUuid = (value: JsonValue): boolean => typeof value === 'string' && uuidHex(value) !== undefined;
const isUnsigned = (value: JsonValue): boolean => Number.isSafeInteger(value) && (value as number) >= 0;

/** serde's `Schedule`: `{"type": "crontab", "value": "…"}` or `{"type": "interval", "value": n, "unit": …}`. */
function validSchedule(schedule: JsonValue | undefined): boolean {
  if (!isObject(schedule)) return false;
  if (schedule.type === 'crontab') return typeof schedule.value === 'string';
  if (schedule.type === 'interval')
    return isUnsigned(schedule.value ?? null) && INTERVAL_UNITS.has(String(schedule.unit));
  return false;
}

function validMonitorConfig(config: JsonValue): boolean {
  if (!isObject(config) || !validSchedule(config.schedule)) return false;
  const counts = ['checkin_margin', 'max_runtime', 'failure_issue_threshold', 'recovery_threshold'];
  return (
    counts.every((key) => optional(config[key], isUnsigned)) &&
    optional(config.timezone, isString) &&
    optional(config.owner, isString)
  );
}

const validContexts = (contexts: JsonValue): boolean =>
  isObject(contexts) &&
  optional(contexts.trace, (trace) => isObject(trace) && isUuid(trace.trace_id ?? null));

/** Does the payload deserialize as Relay's `CheckIn`? (Unknown fields are ignored.) */
export function readsAsCheckIn(json: JsonObject): boolean {
  return (
    (json.check_in_id === undefined || isUuid(json.check_in_id)) &&
    (json.monitor_slug === undefined || typeof json.monitor_slug === 'string') &&
    typeof json.status === 'string' &&
    optional(json.environment, isString) &&
    optional(json.duration, (value) => typeof value === 'number') &&
    optional(json.monitor_config, validMonitorConfig) &&
    optional(json.contexts, validContexts)
  );
}

/**
 * Normalizes a parsed check-in in place; returns the reason Relay drops it with, or undefined
 * when it is kept.
 */
export function processCheckIn(json: JsonObject | undefined): string | undefined {
  if (!json || !readsAsCheckIn(json)) return 'invalid_json';
  const slug = Array.from(typeof json.monitor_slug === 'string' ? json.monitor_slug : '')
    .slice(0, SLUG_LENGTH)
    .join('');
  if (slug === '') return 'invalid_check_in';
  if (typeof json.environment === 'string' && Array.from(json.environment).length > ENVIRONMENT_LENGTH)
    return 'invalid_check_in';
  json.monitor_slug = slug;
  if (!KNOWN_STATUSES.has(json.status as string)) json.status = 'unknown';
  return undefined;
}

/**
 * A `CheckIn` as Relay serializes one it read (the cron endpoint writes its item this way): the
 * fields it knows, the id as 32 hex digits (nil when absent), a status it does not know as
 * `unknown` (`missed` stays; processing turns it into `unknown`). `json` reads as a check-in.
 */
export function serializeCheckIn(json: JsonObject): JsonObject {
  const status = json.status as string;
  const out: JsonObject = {
    check_in_id: typeof json.check_in_id === 'string' ? (uuidHex(json.check_in_id) ?? NIL_UUID) : NIL_UUID,
    monitor_slug: typeof json.monitor_slug === 'string' ? json.monitor_slug : '',
    status: KNOWN_STATUSES.has(status) || status === 'missed' ? status : 'unknown',
  };
  for (const field of CHECK_IN_FIELDS) {
    const value = json[field];
    if (value !== undefined && value !== null) out[field] = value;
  }
  return out;
}
