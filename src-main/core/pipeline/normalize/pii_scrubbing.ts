import { asObject, isObject, type JsonObject, type JsonValue, setOwn, valuesOf } from './json.ts';
import { addMeta, type MetaPath } from './meta.ts';
import { FILTERED, PASSWORD_KEY_RE, scrubStringRedactions } from './pii_rules.ts';
import type { NormalizeStage } from './types.ts';

// The default data scrubbing of a Sentry project ("scrub data" + "use default scrubbers"), which
// Relay runs as the `@common:filter` rule plus the password-like key rule. It applies only where
// Relay's schema marks a field as PII (`pii = "true"`): user data, request, extra, custom contexts,
// tags, breadcrumbs, frame vars and log message params. Not scrubbed, as in Relay: debug_meta,
// frame filename/abs_path, `logentry.formatted`, exception values, the User-Agent header and IPs
// (IP scrubbing is a separate project option).

/** Relay's id of the rule that filters values under password-like keys. */
const PASSWORD_RULE = '@password:filter';

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

/**
 * Where a value sits in the event, and the event whose `_meta` records what scrubbing changed
 * there: Relay's remarks, `[rule, "s", start, end]` for a substituted part of a string (with the
 * original length) and `[rule, "x"]` for a removed value.
 */
interface At {
  event: JsonObject;
  /** Where the holder sits (undefined at the event itself) and this value's key in it. */
  parent?: At;
  key?: string | number;
}

// A link, not a copied path: the path is only spelled out for a value a rule changed.
const under = (at: At, key: string | number): At => ({ event: at.event, parent: at, key });

function pathOf(at: At): MetaPath {
  const path: Array<string | number> = [];
  for (let node: At | undefined = at; node?.key !== undefined; node = node.parent) path.push(node.key);
  return path.reverse();
}

function scrubText(text: string, at: At): string {
  const scrubbed = scrubStringRedactions(text);
  if (!scrubbed) return text;
  for (const { rule, start, end } of scrubbed.redactions) {
    addMeta(at.event, pathOf(at), { rem: [rule, 's', start, end], len: text.length });
  }
  return scrubbed.value;
}

/** A value under a password-like key: strings become `[Filtered]`, other values are removed. */
function redactPairValue(value: JsonValue, at: At): JsonValue {
  if (value === null) return null;
  if (typeof value === 'string') {
    addMeta(at.event, pathOf(at), { rem: [PASSWORD_RULE, 's', 0, FILTERED.length], len: value.length });
    return FILTERED;
  }
  addMeta(at.event, pathOf(at), { rem: [PASSWORD_RULE, 'x'] });
  return null;
}

/**
 * Scrubs a PII-bearing value: key rule on object keys and `[key, value]` pairs, value rules on
 * strings. A list or object nothing in was scrubbed comes back as it is (most are: no copy);
 * otherwise a copy with the scrubbed values, the value given is never changed.
 */
function scrubValue(value: JsonValue, at: At): JsonValue {
  if (typeof value === 'string') return scrubText(value, at);
  if (Array.isArray(value)) return scrubList(value, at);
  if (isObject(value)) {
    let result: JsonObject | undefined;
    const keys = Object.keys(value);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      const item = value[key];
      // An undefined entry becomes null, as the copy always wrote it.
      const scrubbed = scrubKeyed(key, item ?? null, under(at, key));
      if (scrubbed === item && !result) continue;
      if (!result) {
        result = {};
        for (let j = 0; j < i; j++) setOwn(result, keys[j] as string, value[keys[j] as string]);
      }
      setOwn(result, key, scrubbed);
    }
    return result ?? value;
  }
  return value;
}

/** A list's items scrubbed (pairs by their key): the list itself when none changed. */
function scrubList(list: JsonValue[], at: At, keep?: (key: string) => boolean): JsonValue[] {
  let result: JsonValue[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const item = list[i] as JsonValue;
    const scrubbed = scrubItem(item, under(at, i), keep);
    if (scrubbed !== item && !result) result = list.slice(0, i);
    if (result) result.push(scrubbed);
  }
  return result ?? list;
}

/** `keep`: a map's entries (`[key, value]` pairs) left as they are; without it, every item is scrubbed. */
function scrubItem(item: JsonValue, at: At, keep: ((key: string) => boolean) | undefined): JsonValue {
  if (isPair(item)) return keep?.(item[0]) ? item : scrubPair(item, at);
  return keep ? item : scrubValue(item, at);
}

function scrubKeyed(key: string, value: JsonValue, at: At): JsonValue {
  return PASSWORD_KEY_RE.test(key) ? redactPairValue(value, at) : scrubValue(value, at);
}

function scrubPair(pair: [string, JsonValue], at: At): JsonValue {
  const value = scrubKeyed(pair[0], pair[1], under(at, 1));
  return value === pair[1] ? pair : [pair[0], value];
}

function scrubField(holder: JsonObject | undefined, key: string, at: At): void {
  if (holder && holder[key] !== undefined && holder[key] !== null)
    holder[key] = scrubValue(holder[key], under(at, key));
}

/** Scrubs a map or pair list, leaving the entries `keep` names untouched. */
function scrubEntries(holder: JsonObject, field: string, keep: (key: string) => boolean, at: At): void {
  const entries = holder[field];
  const inField = under(at, field);
  if (Array.isArray(entries)) {
    holder[field] = scrubList(entries, inField, keep);
  } else if (isObject(entries)) {
    for (const key of Object.keys(entries)) {
      if (!keep(key)) entries[key] = scrubKeyed(key, entries[key] ?? null, under(inField, key));
    }
  }
}

function scrubRequest(request: JsonObject | undefined, at: At): void {
  if (!request) return;
  for (const key of ['url', 'query_string', 'data', 'cookies', 'fragment']) scrubField(request, key, at);
  scrubEntries(request, 'headers', (key) => key.toLowerCase() === 'user-agent', at);
  scrubEntries(request, 'env', (key) => key === 'REMOTE_ADDR', at);
}

function scrubFrameVars(stacktrace: JsonValue | undefined, at: At): void {
  const frames = isObject(stacktrace) ? stacktrace.frames : undefined;
  if (!Array.isArray(frames)) return;
  frames.forEach((frame, index) => {
    // Most frames have no vars: no link in the path made for them.
    if (isObject(frame) && frame.vars !== undefined) scrubField(frame, 'vars', under(at, index));
  });
}

/** Scrubs each item of a list (`{values: [...]}` or a bare list) that is an object. */
function eachValue(holder: JsonValue | undefined, at: At, scrub: (item: JsonObject, at: At) => void): void {
  const values = valuesOf(holder);
  if (!values) return;
  const inValues = Array.isArray(holder) ? at : under(at, 'values');
  values.forEach((item, index) => {
    if (isObject(item)) scrub(item, under(inValues, index));
  });
}

export const scrubPii: NormalizeStage = (event) => {
  const root: At = { event };
  const user = asObject(event.user);
  scrubField(user, 'data', under(root, 'user'));
  scrubField(user, 'username', under(root, 'user'));
  scrubRequest(asObject(event.request), under(root, 'request'));
  scrubField(event, 'extra', root);
  const contexts = asObject(event.contexts);
  for (const key of Object.keys(contexts ?? {}))
    if (!TYPED_CONTEXTS.has(key)) scrubField(contexts, key, under(root, 'contexts'));
  if (Array.isArray(event.tags)) event.tags = scrubValue(event.tags, under(root, 'tags'));
  eachValue(event.breadcrumbs, under(root, 'breadcrumbs'), (crumb, at) => {
    scrubField(crumb, 'message', at);
    scrubField(crumb, 'data', at);
  });
  const logentry = asObject(event.logentry);
  scrubField(logentry, 'message', under(root, 'logentry'));
  scrubField(logentry, 'params', under(root, 'logentry'));
  eachValue(event.exception, under(root, 'exception'), (exception, at) =>
    scrubFrameVars(exception.stacktrace, under(under(at, 'stacktrace'), 'frames')),
  );
  scrubFrameVars(event.stacktrace, under(under(root, 'stacktrace'), 'frames'));
  eachValue(event.threads, under(root, 'threads'), (thread, at) =>
    scrubFrameVars(thread.stacktrace, under(under(at, 'stacktrace'), 'frames')),
  );
};
