// The parts of Relay's normalization that grouping depends on, for events that did not pass
// through Relay: list-form interfaces, `message` → `logentry`, default platform and level,
// `Type: value` splitting and frame filenames derived from `abs_path`.
import {
  deepClone,
  type EventData,
  getArray,
  getObject,
  getString,
  isObject,
  type JsonObject,
  objects,
} from './event-data.ts';

/** Relay's `Values<T>` accepts a list, `{values: [...]}` or a single bare item. */
function wrapValues(event: EventData, key: string): void {
  const value = event[key];
  if (Array.isArray(value)) event[key] = { values: value };
  else if (isObject(value) && !Array.isArray(value.values)) event[key] = { values: [value] };
}

/** Relay fills a missing `filename` from `abs_path`, using only the path part of URLs. */
function normalizeFrame(frame: JsonObject): void {
  if (frame.abs_path === '') delete frame.abs_path;
  const absPath = getString(frame, 'abs_path');
  if (getString(frame, 'filename') === null && absPath) {
    frame.filename = absPath;
    try {
      const path = new URL(absPath).pathname;
      if (path && path !== '/') frame.filename = path;
    } catch {
      // Not a URL: the abs_path is the filename.
    }
  }
}

function normalizeStacktrace(stacktrace: JsonObject | null): void {
  if (!stacktrace) return;
  for (const frame of objects(getArray(stacktrace, 'frames'))) normalizeFrame(frame);
}

/** Relay splits a type-less `"TypeError: boom"` value into type and value. */
function normalizeException(exception: JsonObject): void {
  const value = getString(exception, 'value');
  if (!getString(exception, 'type') && value) {
    const match = /^(\w+):(.*)$/s.exec(value);
    if (match) {
      exception.type = match[1]!;
      exception.value = match[2]!.trim();
    }
  }
  normalizeStacktrace(getObject(exception, 'stacktrace'));
}

/**
 * The parts of an event grouping writes to (frames' in_app, data and function, exception type and
 * value, logentry): copied, so that the input stays as it was. Every other part is only read and
 * is shared with the input instead of copied, which saves most of the copying (breadcrumbs,
 * contexts, modules, request …).
 */
const WRITTEN_KEYS = ['exception', 'threads', 'stacktrace', 'logentry', 'message', 'fingerprint'] as const;

function copyForGrouping(input: EventData): EventData {
  const event: EventData = { ...input };
  for (const key of WRITTEN_KEYS) if (Object.hasOwn(input, key)) event[key] = deepClone(input[key]!);
  return event;
}

/** `owned`: the caller gives `input` away, so it is normalized itself instead of a copy. */
export function normalizeEventForGrouping(input: EventData, owned = false): EventData {
  const event = owned ? input : copyForGrouping(input);
  wrapValues(event, 'exception');
  wrapValues(event, 'threads');
  if (!isObject(event.logentry)) {
    const message = event.message;
    if (typeof message === 'string' && message) event.logentry = { formatted: message };
    else if (isObject(message)) event.logentry = message;
  }
  if (isObject(event.logentry) && getString(event.logentry, 'formatted') === null) {
    const message = getString(event.logentry, 'message');
    if (message !== null) event.logentry.formatted = message;
  }
  if (!getString(event, 'platform')) event.platform = 'other';
  if (!getString(event, 'level')) event.level = 'error';
  for (const exception of objects(getArray(event, 'exception', 'values'))) normalizeException(exception);
  for (const thread of objects(getArray(event, 'threads', 'values')))
    normalizeStacktrace(getObject(thread, 'stacktrace'));
  normalizeStacktrace(getObject(event, 'stacktrace'));
  return event;
}
