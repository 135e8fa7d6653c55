import { asObject, isObject, type JsonObject, type JsonValue, valuesOf } from './json.ts';
import { FILTERED, PASSWORD_KEY_RE, scrubString } from './pii_rules.ts';
import type { NormalizeStage } from './types.ts';

// The default data scrubbing of a Sentry project ("scrub data" + "use default scrubbers"), which
// Relay runs as the `@common:filter` rule plus the password-like key rule. It applies only where
// Relay's schema marks a field as PII (`pii = "true"`): user data, request, extra, custom contexts,
// tags, breadcrumbs, frame vars and log message params. Not scrubbed, as in Relay: debug_meta,
// frame filename/abs_path, `logentry.formatted`, exception values, the User-Agent header and IPs
// (IP scrubbing is a separate project option).

/** Contexts Relay types with their own schema; their fields are not PII-bearing. */
const TYPED_CONTEXTS = new Set([
  'app',
  'browser',
  'device',
  'gpu',
  'os',
  'runtime',
  'trace',
  'profile',
  'replay',
  'response',
  'monitor',
  'otel',
  'cloud_resource',
  'culture',
  'flags',
  'ota_updates',
  'spring',
  'performance_score',
]);

function isPair(value: JsonValue): value is [string, JsonValue] {
  return Array.isArray(value) && value.length === 2 && typeof value[0] === 'string';
}

/** A value under a password-like key: strings become `[Filtered]`, other values are removed. */
function redactPairValue(value: JsonValue): JsonValue {
  return typeof value === 'string' ? FILTERED : null;
}

/** Scrubs a PII-bearing value: key rule on object keys and `[key, value]` pairs, value rules on strings. */
export function scrubValue(value: JsonValue): JsonValue {
  if (typeof value === 'string') return scrubString(value);
  if (Array.isArray(value)) return value.map((item) => (isPair(item) ? scrubPair(item) : scrubValue(item)));
  if (isObject(value)) {
    const result: JsonObject = {};
    for (const key of Object.keys(value)) result[key] = scrubKeyed(key, value[key] ?? null);
    return result;
  }
  return value;
}

function scrubKeyed(key: string, value: JsonValue): JsonValue {
  return PASSWORD_KEY_RE.test(key) ? redactPairValue(value) : scrubValue(value);
}

function scrubPair([key, value]: [string, JsonValue]): JsonValue {
  return [key, scrubKeyed(key, value)];
}

function scrubField(holder: JsonObject | undefined, key: string): void {
  if (holder && holder[key] !== undefined && holder[key] !== null) holder[key] = scrubValue(holder[key]);
}

/** Scrubs a map or pair list, leaving the entries `keep` names untouched. */
function scrubEntries(holder: JsonObject, field: string, keep: (key: string) => boolean): void {
  const entries = holder[field];
  if (Array.isArray(entries)) {
    holder[field] = entries.map((pair) => (isPair(pair) ? (keep(pair[0]) ? pair : scrubPair(pair)) : pair));
  } else if (isObject(entries)) {
    for (const key of Object.keys(entries)) {
      if (!keep(key)) entries[key] = scrubKeyed(key, entries[key] ?? null);
    }
  }
}

function scrubRequest(request: JsonObject | undefined): void {
  if (!request) return;
  for (const key of ['url', 'query_string', 'data', 'cookies', 'fragment']) scrubField(request, key);
  scrubEntries(request, 'headers', (key) => key.toLowerCase() === 'user-agent');
  scrubEntries(request, 'env', (key) => key === 'REMOTE_ADDR');
}

function scrubFrameVars(stacktrace: JsonValue | undefined): void {
  const frames = isObject(stacktrace) ? stacktrace.frames : undefined;
  for (const frame of Array.isArray(frames) ? frames : []) if (isObject(frame)) scrubField(frame, 'vars');
}

export const scrubPii: NormalizeStage = (event) => {
  const user = asObject(event.user);
  scrubField(user, 'data');
  scrubField(user, 'username');
  scrubRequest(asObject(event.request));
  scrubField(event, 'extra');
  const contexts = asObject(event.contexts);
  for (const key of Object.keys(contexts ?? {})) if (!TYPED_CONTEXTS.has(key)) scrubField(contexts, key);
  if (Array.isArray(event.tags)) event.tags = scrubValue(event.tags);
  for (const crumb of valuesOf(event.breadcrumbs) ?? []) {
    if (!isObject(crumb)) continue;
    scrubField(crumb, 'message');
    scrubField(crumb, 'data');
  }
  const logentry = asObject(event.logentry);
  scrubField(logentry, 'message');
  scrubField(logentry, 'params');
  for (const exception of valuesOf(event.exception) ?? []) {
    if (isObject(exception)) scrubFrameVars(exception.stacktrace);
  }
  scrubFrameVars(event.stacktrace);
  for (const thread of valuesOf(event.threads) ?? []) if (isObject(thread)) scrubFrameVars(thread.stacktrace);
};
