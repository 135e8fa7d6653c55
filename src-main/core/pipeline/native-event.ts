/**
 * The event of an envelope that has no event item, as Relay builds it (processing/event.rs
 * `extract`, utils/native.rs): from the msgpack event and breadcrumbs that native crash reporters
 * attach, else from the form fields of a minidump upload; and, whenever a minidump or an Apple
 * crash report is attached, the native placeholder that marks the event as a crash: platform
 * `native`, level `fatal` unless set, one synthetic exception (`Minidump: Invalid Minidump` until
 * symbolication replaces it, which Faultline does not do: the dump is kept as an attachment).
 */
import { InvalidItemError } from './invalid-item.ts';
import type { OtherItem } from './items.ts';
import { decodeMsgpack, decodeMsgpackSequence, MsgpackError } from './msgpack.ts';
import { isObject, type JsonObject, type JsonValue, setOwn } from './normalize/json.ts';
import { parseTimestamp } from './normalize/timestamp.ts';

const attachmentType = (item: OtherItem) => item.headers.attachment_type;

/** How deep `sentry[a][b]…` form keys may go (Relay's limit, that of most event fields). */
const MAX_FORM_KEYS = 7;

/** Relay's `merge_values`: objects merge key by key, anything else replaces. */
function mergeValues(target: JsonObject, source: JsonObject): void {
  for (const key of Object.keys(source)) {
    const value = source[key] as JsonValue;
    const current = target[key];
    if (isObject(current) && isObject(value)) mergeValues(current, value);
    else setOwn(target, key, value);
  }
}

/** Sets `target[keys[0]][keys[1]]… = value`, making objects on the way; not through non-objects. */
function setNested(target: JsonObject, keys: string[], value: string): void {
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (next === undefined) {
      const created: JsonObject = {};
      setOwn(node, key, created);
      node = created;
    } else if (isObject(next)) node = next;
    else return;
  }
  setOwn(node, keys.at(-1) as string, value);
}

function mergeJsonText(target: JsonObject, text: string): void {
  try {
    const value: unknown = JSON.parse(text);
    if (isObject(value)) mergeValues(target, value);
  } catch {
    // Relay skips a field that is not JSON.
  }
}

/**
 * Relay's `merge_formdata`: `sentry` and `sentry___<name>` fields hold event JSON, `sentry__1`,
 * `sentry__2` … are chunks of one JSON text (the Electron SDK's), `sentry[a][b]` sets a nested
 * field (Breakpad's), and any other field goes into `extra`.
 */
export function mergeFormData(target: JsonObject, form: URLSearchParams): void {
  const chunks: Array<[number, string]> = [];
  for (const [key, value] of form) {
    if (key === 'sentry' || key.startsWith('sentry___')) {
      mergeJsonText(target, value);
      continue;
    }
    const chunk = /^sentry__(\d+)$/.exec(key);
    if (chunk) {
      chunks.push([Number(chunk[1]), value]);
      continue;
    }
    const nested = /^sentry((?:\[[^\]]*\])+)$/.exec(key);
    if (nested) {
      const keys = (nested[1] as string).slice(1, -1).split('][');
      if (keys.length <= MAX_FORM_KEYS) setNested(target, keys, value);
      continue;
    }
    setNested(target, ['extra', key], value);
  }
  if (chunks.length > 0) {
    chunks.sort((a, b) => a[0] - b[0]);
    mergeJsonText(target, chunks.map(([, text]) => text).join(''));
  }
}

function msgpackOf(item: OtherItem, what: string): JsonValue[] {
  try {
    return what === 'event' ? [decodeMsgpack(item.payload)] : decodeMsgpackSequence(item.payload);
  } catch (error) {
    if (error instanceof MsgpackError || error instanceof RangeError) {
      throw new InvalidItemError('invalid_msgpack', `the attached ${what} is not msgpack: ${error.message}`);
    }
    throw error;
  }
}

/** The time of a breadcrumb list's last timestamped breadcrumb, in seconds. */
function lastTimestamp(breadcrumbs: JsonValue[]): number | undefined {
  for (let i = breadcrumbs.length - 1; i >= 0; i--) {
    const crumb = breadcrumbs[i];
    const at = isObject(crumb) ? parseTimestamp(crumb.timestamp) : undefined;
    if (at !== undefined) return at;
  }
  return undefined;
}

/**
 * Relay's `event_from_attachments`: the msgpack event (`event.payload`), with the breadcrumbs of
 * the two `event.breadcrumbs` files (the older list first, as many as the longer one held).
 */
function eventFromAttachments(payload: OtherItem | undefined, breadcrumbs: OtherItem[]): JsonObject {
  const decoded = payload && payload.payload.length > 0 ? msgpackOf(payload, 'event')[0] : {};
  const event: JsonObject = isObject(decoded) ? decoded : {};
  let [first, second] = breadcrumbs.map((item) =>
    item.payload.length > 0 ? msgpackOf(item, 'breadcrumbs') : [],
  );
  first ??= [];
  second ??= [];
  // Relay compares the lists' last timestamps, an absent one being the earliest.
  if ((lastTimestamp(first) ?? -Infinity) > (lastTimestamp(second) ?? -Infinity))
    [first, second] = [second, first];
  const keep = Math.max(first.length, second.length);
  const all = [...first, ...second].slice(-keep);
  if (all.length > 0) event.breadcrumbs = { values: all };
  return event;
}

/** The attachments an envelope's event is read from; Relay takes them out of the envelope. */
export function isEventSourceAttachment(item: OtherItem): boolean {
  const type = attachmentType(item);
  return type === 'event.payload' || type === 'event.breadcrumbs';
}

/**
 * The event made from an envelope's other parts when it has no event item: its msgpack event and
 * breadcrumbs when attached, else its form data; undefined when there are neither (a crash report
 * attachment still makes one: see `withNativePlaceholder`).
 */
export function eventFromParts(sources: OtherItem[], form: OtherItem | undefined): JsonObject | undefined {
  const payload = sources.find((item) => attachmentType(item) === 'event.payload');
  const breadcrumbs = sources.filter((item) => attachmentType(item) === 'event.breadcrumbs').slice(0, 2);
  if (payload || breadcrumbs.length > 0) return eventFromAttachments(payload, breadcrumbs);
  if (!form) return undefined;
  const event: JsonObject = {};
  mergeFormData(event, new URLSearchParams(form.payload.toString('utf8')));
  return event;
}

interface Placeholder {
  type: string;
  value: string;
  mechanism: string;
}

const MINIDUMP: Placeholder = { type: 'Minidump', value: 'Invalid Minidump', mechanism: 'minidump' };
const APPLE_CRASH_REPORT: Placeholder = {
  type: 'AppleCrashReport',
  value: 'Invalid Apple Crash Report',
  mechanism: 'applecrashreport',
};

/**
 * The time the minidump header says the crash was written (`TimeDateStamp`, seconds), read in the
 * byte order its signature shows; undefined for a header too short to hold it.
 */
export function minidumpTime(dump: Buffer): number | undefined {
  if (dump.length < 32) return undefined;
  const signature = dump.toString('latin1', 0, 4);
  if (signature === 'MDMP') return dump.readUInt32LE(20);
  if (signature === 'PMDM') return dump.readUInt32BE(20);
  return undefined;
}

/**
 * With a minidump (else an Apple crash report) among `attachments`, the event Relay marks as a
 * native crash: `event` (or a new one), platform `native`, level `fatal` unless it has one, its
 * exceptions replaced by the placeholder, and for a minidump the dump's own time. Without either,
 * `event` as it is.
 */
export function withNativePlaceholder(
  event: JsonObject | undefined,
  attachments: OtherItem[],
): JsonObject | undefined {
  const minidump = attachments.find((item) => attachmentType(item) === 'event.minidump');
  const crashReport = minidump
    ? undefined
    : attachments.find((item) => attachmentType(item) === 'event.applecrashreport');
  if (!minidump && !crashReport) return event;
  const placeholder = minidump ? MINIDUMP : APPLE_CRASH_REPORT;
  const target = event ?? {};
  target.platform = 'native';
  if (target.level === undefined || target.level === null) target.level = 'fatal';
  target.exception = {
    values: [
      {
        type: placeholder.type,
        value: placeholder.value,
        mechanism: { type: placeholder.mechanism, handled: false, synthetic: true },
      },
    ],
  };
  const time = minidump ? minidumpTime(minidump.payload) : undefined;
  if (time !== undefined) target.timestamp = time;
  return target;
}
