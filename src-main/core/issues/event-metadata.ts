// Issue attributes derived from an event (Sentry's `eventtypes/` and `event_manager.get_culprit`):
// the event type, title, culprit and the metadata stored on the group. Call it on the event that
// grouping returned (`groupEvent(...).event`) so that in_app and `main_exception_id` are final.
import {
  type EventData,
  type FrameData,
  getArray,
  getPath,
  getString,
  type JsonObject,
  objects,
} from '../grouping/event-data.ts';
import { resolveFingerprintVariable } from '../grouping/fingerprinting/variables.ts';

export type EventType = 'error' | 'default' | 'csp' | 'hpkp' | 'expectct' | 'expectstaple';

export interface EventMetadata {
  type?: string;
  value?: string;
  filename?: string;
  function?: string;
  in_app_frame_mix?: 'in-app-only' | 'system-only' | 'mixed';
  title?: string;
  directive?: string;
  uri?: string;
  message?: string;
}

export interface EventIssueAttributes {
  type: EventType;
  title: string;
  culprit: string;
  metadata: EventMetadata;
}

const MAX_TITLE_LENGTH = 100;
const MAX_CULPRIT_LENGTH = 200;
const NATIVE_CULPRIT_PLATFORMS = ['objc', 'cocoa', 'native', 'swift', 'c'];

function truncate(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max - 3)}...` : value;
}

/** Python's `str.splitlines()[0]`: every line boundary it knows, `\r\n` as one. */
function firstLine(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: Python splits on the file, group and record separators too
  return value.split(/\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/)[0] ?? '';
}

export function eventType(event: EventData): EventType {
  for (const key of ['csp', 'hpkp', 'expectct', 'expectstaple'] as const) if (getPath(event, key)) return key;
  return objects(getArray(event, 'exception', 'values')).length > 0 ? 'error' : 'default';
}

/** The exception that titles the event: `main_exception_id` when grouping set it, else the last. */
export function mainException(event: EventData): JsonObject | null {
  const exceptions = objects(getArray(event, 'exception', 'values'));
  const mainId = getPath(event, 'main_exception_id');
  if (typeof mainId === 'number') {
    const found = exceptions.find((e) => getPath(e, 'mechanism', 'exception_id') === mainId);
    if (found) return found;
  }
  return exceptions.at(-1) ?? null;
}

function framesOf(exception: JsonObject | null): readonly FrameData[] {
  return objects(getArray(exception, 'stacktrace', 'frames'));
}

/** The crash frame for metadata: the last in-app frame with a usable function, else the last such frame. */
function crashFrame(frames: readonly FrameData[]): FrameData | null {
  const usable = frames.filter((f) => {
    const fn = getString(f, 'function');
    return fn && fn !== '<redacted>' && fn !== '<unknown>';
  });
  return usable.findLast((f) => f.in_app === true) ?? usable.at(-1) ?? null;
}

function inAppFrameMix(frames: readonly FrameData[]): EventMetadata['in_app_frame_mix'] | undefined {
  if (frames.length === 0) return undefined;
  const inApp = frames.filter((f) => f.in_app === true).length;
  if (inApp === frames.length) return 'in-app-only';
  return inApp === 0 ? 'system-only' : 'mixed';
}

function errorMetadata(event: EventData): EventMetadata {
  const exception = mainException(event);
  const metadata: EventMetadata = {};
  // Sentry's `extract_metadata`: a synthetic exception's type means nothing and is left out; any
  // other exception without one is an "Error".
  if (getPath(exception, 'mechanism', 'synthetic') !== true)
    metadata.type = (getString(exception, 'type') || 'Error').slice(0, 128);
  const value = getString(exception, 'value');
  if (value) metadata.value = value.slice(0, 1024);
  const frames = framesOf(exception);
  const frame = crashFrame(frames);
  if (frame) {
    const filename = getString(frame, 'filename') || getString(frame, 'abs_path');
    if (filename) metadata.filename = filename;
    const fn = getString(frame, 'function');
    if (fn) metadata.function = fn;
  }
  const mix = inAppFrameMix(frames);
  if (mix) metadata.in_app_frame_mix = mix;
  return metadata;
}

/**
 * Sentry's `compute_title`: the value's first line, truncated to 100 characters, follows the type;
 * without a type, the crash function.
 */
function errorTitle(metadata: EventMetadata): string {
  if (metadata.type === undefined) return metadata.function ?? '<unknown>';
  if (!metadata.value) return metadata.type;
  return `${metadata.type}: ${truncate(firstLine(metadata.value), MAX_TITLE_LENGTH)}`;
}

function messageOf(event: EventData): string {
  return (
    getString(event, 'logentry', 'formatted') ||
    getString(event, 'logentry', 'message') ||
    getString(event, 'message') ||
    ''
  );
}

function cspTitle(event: EventData): { title: string; metadata: EventMetadata } {
  const directive = getString(event, 'csp', 'effective_directive') ?? '';
  const uri = getString(event, 'csp', 'blocked_uri') ?? '';
  const message = messageOf(event);
  return { title: message || `Blocked '${directive}' from '${uri}'`, metadata: { directive, uri, message } };
}

function formatCulpritFrame(frame: FrameData, platform: string): string {
  const fn = getString(frame, 'function');
  const location =
    getString(frame, 'module') || getString(frame, 'filename') || getString(frame, 'abs_path') || '';
  if (NATIVE_CULPRIT_PLATFORMS.includes(platform)) return fn || '?';
  if (platform === 'javascript' || platform === 'node') return `${fn || '?'}(${location})`;
  return fn ? `${location} in ${fn}` : location;
}

/** `generate_culprit`: the last in-app frame of the last exception with frames, else the request URL. */
export function generateCulprit(event: EventData): string {
  const platform = getString(event, 'platform') ?? 'other';
  const exceptions = objects(getArray(event, 'exception', 'values'));
  let frames: readonly FrameData[] = [];
  const last = exceptions.at(-1);
  if (last && getPath(last, 'mechanism', 'synthetic') === true) return '';
  for (const exception of [...exceptions].reverse()) {
    frames = framesOf(exception);
    if (frames.length > 0) break;
  }
  if (frames.length === 0) frames = objects(getArray(event, 'stacktrace', 'frames'));
  let culprit = '';
  if (frames.length > 0) {
    const inApp = [...frames].reverse().find((f) => f.in_app === true && formatCulpritFrame(f, platform));
    culprit = formatCulpritFrame(
      inApp ?? frames.at(-1)!,
      getString(inApp ?? frames.at(-1)!, 'platform') || platform,
    );
  } else {
    culprit = getString(event, 'request', 'url') ?? '';
  }
  return truncate(culprit, MAX_CULPRIT_LENGTH);
}

/** `get_culprit`: SDK culprit, else the transaction, else the generated culprit. */
export function getCulprit(event: EventData): string {
  return getString(event, 'culprit') || getString(event, 'transaction') || generateCulprit(event);
}

export function deriveIssueAttributes(event: EventData): EventIssueAttributes {
  const type = eventType(event);
  let title: string;
  let metadata: EventMetadata;
  if (type === 'error') {
    metadata = errorMetadata(event);
    title = errorTitle(metadata);
  } else if (type === 'csp') {
    ({ title, metadata } = cspTitle(event));
  } else if (type === 'default') {
    // Sentry strips the message before it takes the first line.
    const message = messageOf(event).trim();
    title = message ? truncate(firstLine(message), MAX_TITLE_LENGTH) : '<unlabeled event>';
    metadata = { title };
  } else {
    const hostname = getString(event, type, 'hostname') ?? '';
    title = `${type === 'hpkp' ? 'HPKP' : type === 'expectct' ? 'Expect-CT' : 'Expect-Staple'} failure for ${hostname}`;
    metadata = { title };
  }
  // A matched fingerprint rule may set its own title.
  const customTitle = getString(event, '_fingerprint_info', 'matched_rule', 'attributes', 'title');
  if (customTitle) {
    title = customTitle.replace(/\{\{\s*(\S+?)\s*\}\}/g, (raw, name: string) =>
      name === 'default' ? raw : (resolveFingerprintVariable(name, event, false) ?? raw),
    );
    metadata.title = title;
  }
  return { type, title, culprit: getCulprit(event), metadata };
}
