import { asObject, asString, isObject, type JsonObject, valuesOf } from '../../pipeline/normalize/json.ts';

// Sentry's event types (`sentry/eventtypes`) and `get_culprit`: the title, culprit, location and
// search message Snuba stores. Events that already carry them (set by the pipeline) keep theirs.

export const MAX_CULPRIT_LENGTH = 200;
const MAX_MESSAGE_LENGTH = 8192;

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

function firstLine(text: string): string {
  return (text.split('\n').find((line) => line.trim() !== '') ?? '').trim();
}

function lastFrames(event: JsonObject): JsonObject[] {
  const exceptions = (valuesOf(event.exception) ?? []).filter(isObject);
  const stacks = exceptions.map((exception) => asObject(exception.stacktrace)).filter((s) => s !== undefined);
  const stack =
    stacks.filter((s) => Array.isArray(s.frames) && s.frames.length > 0).at(-1) ?? asObject(event.stacktrace);
  return (Array.isArray(stack?.frames) ? stack.frames : []).filter(isObject);
}

/** `get_frame_culprit`: `function(module)` for JS, the function for native, else `module in function`. */
function frameCulprit(frame: JsonObject, eventPlatform: string): string {
  const platform = asString(frame.platform) ?? eventPlatform;
  const fn = asString(frame.function) || '?';
  if (platform === 'objc' || platform === 'cocoa' || platform === 'native') return fn;
  const fileloc = asString(frame.module) || asString(frame.filename);
  if (!fileloc) return '';
  return platform === 'javascript' || platform === 'node' ? `${fn}(${fileloc})` : `${fileloc} in ${fn}`;
}

/** The most recent in-app frame's culprit, else the most recent frame's. */
function stacktraceCulprit(event: JsonObject): string {
  const platform = asString(event.platform) ?? '';
  let fallback: string | undefined;
  for (const frame of lastFrames(event).reverse()) {
    if (frame.in_app === true) {
      const culprit = frameCulprit(frame, platform);
      if (culprit) return culprit;
    } else fallback ??= frameCulprit(frame, platform);
  }
  return fallback ?? '';
}

export function eventCulprit(event: JsonObject): string {
  const culprit =
    asString(event.culprit) ||
    asString(event.transaction) ||
    stacktraceCulprit(event) ||
    asString(asObject(event.request)?.url) ||
    '';
  return truncate(culprit, MAX_CULPRIT_LENGTH);
}

export interface EventMetadata {
  title: string;
  location: string | null;
  /** Values Sentry's search message appends (type, value, filename, function, or the title). */
  searchValues: string[];
}

/** The crash location: the innermost in-app frame (or innermost frame). */
function crashFrame(event: JsonObject): JsonObject | undefined {
  const frames = lastFrames(event);
  return frames.findLast((frame) => frame.in_app === true) ?? frames.at(-1);
}

export function eventMetadata(event: JsonObject): EventMetadata {
  const exceptions = (valuesOf(event.exception) ?? []).filter(isObject);
  const main = exceptions.at(-1);
  if (event.type === 'error' && main) {
    const type = asString(main.type) || 'Error';
    const value = asString(main.value) ?? '';
    const frame = crashFrame(event);
    const filename = asString(frame?.filename) ?? null;
    const fn = asString(frame?.function);
    const title = value ? `${type}: ${truncate(firstLine(value), 100)}` : type;
    const searchValues = [type, value, filename ?? '', fn ?? ''].filter((v) => v !== '');
    return { title: asString(event.title) ?? title, location: filename, searchValues };
  }
  const logentry = asObject(event.logentry);
  const message = asString(logentry?.formatted) || asString(logentry?.message) || '';
  const title = message ? truncate(firstLine(message), 100) : '<unlabeled event>';
  return { title: asString(event.title) ?? title, location: null, searchValues: [title] };
}

/** Sentry's `get_search_message`: the log message plus metadata values and culprit not already in it. */
export function searchMessage(event: JsonObject, metadata: EventMetadata, culprit: string): string {
  const logentry = asObject(event.logentry);
  let message = asString(logentry?.formatted) || asString(logentry?.message) || '';
  for (const value of [...metadata.searchValues, culprit]) {
    if (value && !message.includes(value)) message = `${message} ${value}`;
  }
  return truncate(message.trim(), MAX_MESSAGE_LENGTH);
}
