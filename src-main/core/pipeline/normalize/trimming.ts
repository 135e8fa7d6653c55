import { asArray, asObject, isObject, type JsonObject, type JsonValue, valuesOf } from './json.ts';
import { addMeta, type MetaEntry, type MetaPath } from './meta.ts';
import type { NormalizeStage } from './types.ts';

// Relay's `TrimmingProcessor` with the limits of relay-event-schema `attrs.rs`. What it trims it
// annotates in `_meta` as Relay does: a cut string gets the remark `["!limit", "s", start, end]`
// (where the `...` went) and its original length, a list or object that lost items its original
// length.

/** `MaxChars`: [limit, allowance]. A string longer than limit + allowance is cut to `limit`. */
export const MAX_CHARS = {
  message: [8192, 200],
  summary: [1024, 100],
  symbol: [256, 0],
  path: [256, 0],
  culprit: [200, 0],
  email: [75, 0],
  hash: [128, 0],
  /** A request's `url` (`max_chars = 256, max_chars_allowance = 40`). */
  url: [256, 40],
} as const satisfies Record<string, readonly [number, number]>;

/** `BagSize`: [max bytes, max depth] of a databag. */
export const BAG_SIZE = {
  small: [1024, 3],
  medium: [2048, 5],
  large: [8192, 7],
  larger: [16384, 7],
  massive: [262_144, 7],
} as const satisfies Record<string, readonly [number, number]>;

export const MAX_FRAMES = 250;
export const FRAME_ALLOWANCE = 50;

/** Cuts to `limit` characters including the `...` marker (Relay's `trim_string`). */
export function trimString(text: string, [limit, allowance]: readonly [number, number]): string {
  if (text.length <= limit + allowance) return text;
  const chars = Array.from(text);
  if (chars.length <= limit + allowance) return text;
  return `${chars.slice(0, Math.max(limit - 3, 0)).join('')}...`;
}

/** `trimString`, with Relay's annotation of the cut; undefined when the text is kept whole. */
function cutString(
  text: string,
  limit: readonly [number, number],
): { text: string; meta: MetaEntry } | undefined {
  const trimmed = trimString(text, limit);
  if (trimmed === text) return undefined;
  const kept = Array.from(trimmed).length - 3;
  return { text: trimmed, meta: { rem: ['!limit', 's', kept, kept + 3], len: Array.from(text).length } };
}

/** Trims `holder[key]` (at `path` in the event) to `limit`, annotating the cut in `event._meta`. */
function trimField(
  event: JsonObject,
  holder: JsonObject | undefined,
  key: string,
  limit: readonly [number, number],
  path: () => MetaPath,
): void {
  const value = holder?.[key];
  // Most strings are well within their limit (trimString's own first check, without a call).
  if (!holder || typeof value !== 'string' || value.length <= limit[0] + limit[1]) return;
  const cut = cutString(value, limit);
  if (!cut) return;
  holder[key] = cut.text;
  addMeta(event, [...path(), key], cut.meta);
}

interface Budget {
  remaining: number;
  /** The annotations of what was trimmed, by path within the bag. */
  notes: Array<[MetaPath, MetaEntry]>;
}

/**
 * Trims a databag: values deeper than the bag's depth are replaced by their JSON text, and once
 * the byte budget is spent, strings are cut and the remaining items dropped.
 */
function trimBagValue(
  value: JsonValue,
  depthLeft: number,
  budget: Budget,
  path: MetaPath,
): JsonValue | undefined {
  if (budget.remaining <= 0) return undefined;
  if ((Array.isArray(value) || isObject(value)) && depthLeft <= 0) {
    return trimBagValue(JSON.stringify(value), depthLeft, budget, path);
  }
  if (typeof value === 'string') {
    let trimmed = value;
    if (value.length + 2 > budget.remaining) {
      const cut = cutString(value, [budget.remaining, 0]);
      if (cut) {
        trimmed = cut.text;
        budget.notes.push([path, cut.meta]);
      }
    }
    budget.remaining -= trimmed.length + 2;
    return trimmed;
  }
  if (Array.isArray(value)) {
    budget.remaining -= 2;
    const kept: JsonValue[] = [];
    for (const item of value) {
      const trimmed = trimBagValue(item, depthLeft - 1, budget, [...path, kept.length]);
      if (trimmed === undefined) break;
      kept.push(trimmed);
    }
    if (kept.length < value.length) budget.notes.push([path, { len: value.length }]);
    return kept;
  }
  if (isObject(value)) {
    budget.remaining -= 2;
    const kept: JsonObject = {};
    const entries = Object.entries(value);
    let count = 0;
    for (const [key, item] of entries) {
      budget.remaining -= key.length + 3;
      const trimmed = trimBagValue(item, depthLeft - 1, budget, [...path, key]);
      if (trimmed === undefined) break;
      kept[key] = trimmed;
      count++;
    }
    if (count < entries.length) budget.notes.push([path, { len: entries.length }]);
    return kept;
  }
  budget.remaining -= JSON.stringify(value).length;
  return value;
}

/**
 * Would `trimBagValue` give back `value` unchanged? Walks the bag with the same accounting but
 * builds nothing; answers false as soon as anything could change (a string near the budget, a
 * container at the depth limit, a `__proto__` key the copy would not keep as a key).
 */
function bagFits(value: JsonValue, depthLeft: number, budget: Budget): boolean {
  if (budget.remaining <= 0) return false;
  if (typeof value === 'string') {
    if (value.length + 2 > budget.remaining) return false;
    budget.remaining -= value.length + 2;
    return true;
  }
  if (Array.isArray(value)) {
    if (depthLeft <= 0) return false;
    budget.remaining -= 2;
    for (const item of value) if (!bagFits(item, depthLeft - 1, budget)) return false;
    return true;
  }
  if (isObject(value)) {
    if (depthLeft <= 0) return false;
    budget.remaining -= 2;
    // `for in`, not Object.keys: no array of keys per object (a parsed object has only own keys).
    for (const key in value) {
      if (key === '__proto__') return false;
      budget.remaining -= key.length + 3;
      if (!bagFits(value[key] as JsonValue, depthLeft - 1, budget)) return false;
    }
    return true;
  }
  budget.remaining -= scalarLength(value);
  return true;
}

/** The length of a number's, boolean's or null's JSON text, without making the text of most. */
function scalarLength(value: JsonValue): number {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value).length;
  if (typeof value === 'boolean') return value ? 4 : 5;
  if (value === null) return 4;
  return JSON.stringify(value).length;
}

/** A databag trimmed to its size, with the annotations of what was trimmed (paths within the bag). */
export function trimBag(
  value: JsonValue,
  [maxBytes, maxDepth]: readonly [number, number],
): { value: JsonValue; notes: Array<[MetaPath, MetaEntry]> } {
  // Most bags are well within their limits: keep them as they are instead of copying them.
  if (bagFits(value, maxDepth, { remaining: maxBytes, notes: [] })) return { value, notes: [] };
  const budget: Budget = { remaining: maxBytes, notes: [] };
  return { value: trimBagValue(value, maxDepth, budget, []) ?? null, notes: budget.notes };
}

function trimBagField(
  event: JsonObject,
  holder: JsonObject | undefined,
  key: string,
  size: readonly [number, number],
  path: () => MetaPath,
): void {
  const value = holder?.[key];
  if (!holder || value === undefined || value === null) return;
  const trimmed = trimBag(value, size);
  if (trimmed.value === value) return;
  holder[key] = trimmed.value;
  const at = [...path(), key];
  for (const [inner, entry] of trimmed.notes) addMeta(event, [...at, ...inner], entry);
}

/**
 * Relay's `slim_frame_data`: beyond 50 frames, the middle frames lose `vars` and source context,
 * keeping the outermost and innermost ones (in-app frames are counted separately from others).
 */
export function slimFrameData(frames: JsonObject[], allowance = FRAME_ALLOWANCE): void {
  if (frames.length <= allowance) return;
  const app: number[] = [];
  const system: number[] = [];
  frames.forEach((frame, index) => {
    (frame.in_app === true ? app : system).push(index);
  });
  const systemHalf = Math.floor(Math.max(allowance - app.length, 0) / 2);
  const appHalf = Math.floor(Math.max(allowance - system.length, 0) / 2);
  const strip = [
    ...system.slice(systemHalf, system.length - systemHalf),
    ...app.slice(appHalf, app.length - appHalf),
  ];
  for (const index of strip) {
    const frame = frames[index];
    if (!frame) continue;
    delete frame.vars;
    delete frame.pre_context;
    delete frame.post_context;
  }
}

const SYMBOL_FIELDS = ['function', 'raw_function', 'symbol', 'module'];
const PATH_FIELDS = ['filename', 'abs_path', 'package'];

/** Whether `value` is a string `trimString` may cut to `limit`. */
const longerThan = (value: JsonValue | undefined, [limit, allowance]: readonly [number, number]): boolean =>
  typeof value === 'string' && value.length > limit + allowance;

/**
 * Whether any of a frame's symbols or paths may need cutting. Read by name: most frames have
 * only short ones, and seven named reads cost less than seven reads by a key from a list.
 */
function frameMayBeCut(frame: JsonObject): boolean {
  return (
    longerThan(frame.function, MAX_CHARS.symbol) ||
    longerThan(frame.raw_function, MAX_CHARS.symbol) ||
    longerThan(frame.symbol, MAX_CHARS.symbol) ||
    longerThan(frame.module, MAX_CHARS.symbol) ||
    longerThan(frame.filename, MAX_CHARS.path) ||
    longerThan(frame.abs_path, MAX_CHARS.path) ||
    longerThan(frame.package, MAX_CHARS.path)
  );
}

function trimStacktrace(event: JsonObject, stacktrace: JsonObject | undefined, path: MetaPath): void {
  const frames = asArray(stacktrace?.frames);
  if (!stacktrace || !frames) return;
  // The innermost frames (the end of the list) matter most, so the oldest are dropped.
  const kept = frames.length > MAX_FRAMES ? frames.slice(frames.length - MAX_FRAMES) : frames;
  if (kept !== frames) addMeta(event, [...path, 'frames'], { len: frames.length });
  // Frames are objects by now (normalizeStacktrace kept only those): the list is kept as it is.
  const objects = kept.every(isObject) ? kept : kept.filter(isObject);
  objects.forEach((frame, index) => {
    const at = () => [...path, 'frames', index];
    if (frameMayBeCut(frame)) {
      for (const key of SYMBOL_FIELDS) trimField(event, frame, key, MAX_CHARS.symbol, at);
      for (const key of PATH_FIELDS) trimField(event, frame, key, MAX_CHARS.path, at);
    }
    if (frame.vars !== undefined) trimBagField(event, frame, 'vars', BAG_SIZE.medium, at);
  });
  slimFrameData(objects);
  stacktrace.frames = objects;
}

function trimExceptions(event: JsonObject): void {
  (valuesOf(event.exception) ?? []).forEach((exception, index) => {
    if (!isObject(exception)) return;
    const at = () => ['exception', 'values', index];
    trimField(event, exception, 'value', MAX_CHARS.message, at);
    trimField(event, exception, 'type', MAX_CHARS.symbol, at);
    trimBagField(event, asObject(exception.mechanism), 'data', BAG_SIZE.medium, () => [...at(), 'mechanism']);
    trimStacktrace(event, asObject(exception.stacktrace), [...at(), 'stacktrace']);
  });
  trimStacktrace(event, asObject(event.stacktrace), ['stacktrace']);
  (valuesOf(event.threads) ?? []).forEach((thread, index) => {
    if (isObject(thread))
      trimStacktrace(event, asObject(thread.stacktrace), ['threads', 'values', index, 'stacktrace']);
  });
}

const TOP: () => MetaPath = () => [];

function trimDatabags(event: JsonObject): void {
  trimBagField(event, event, 'extra', BAG_SIZE.massive, TOP);
  const contexts = asObject(event.contexts);
  for (const key of Object.keys(contexts ?? {}))
    trimBagField(event, contexts, key, BAG_SIZE.large, () => ['contexts']);
  const request = asObject(event.request);
  const atRequest = () => ['request'];
  trimField(event, request, 'url', MAX_CHARS.url, atRequest);
  trimField(event, request, 'fragment', MAX_CHARS.summary, atRequest);
  trimBagField(event, request, 'data', BAG_SIZE.large, atRequest);
  trimBagField(event, request, 'query_string', BAG_SIZE.small, atRequest);
  trimBagField(event, request, 'cookies', BAG_SIZE.medium, atRequest);
  for (const key of ['headers', 'env']) trimBagField(event, request, key, BAG_SIZE.large, atRequest);
  trimBagField(event, asObject(event.user), 'data', BAG_SIZE.medium, () => ['user']);
  (valuesOf(event.breadcrumbs) ?? []).forEach((crumb, index) => {
    if (!isObject(crumb)) return;
    const at = () => ['breadcrumbs', 'values', index];
    trimField(event, crumb, 'message', MAX_CHARS.message, at);
    trimBagField(event, crumb, 'data', BAG_SIZE.medium, at);
  });
}

export const trimEvent: NormalizeStage = (event) => {
  const logentry = asObject(event.logentry);
  const atLogentry = () => ['logentry'];
  trimField(event, logentry, 'formatted', MAX_CHARS.message, atLogentry);
  trimField(event, logentry, 'message', MAX_CHARS.message, atLogentry);
  trimField(event, event, 'culprit', MAX_CHARS.culprit, TOP);
  trimField(event, event, 'transaction', MAX_CHARS.culprit, TOP);
  const user = asObject(event.user);
  const atUser = () => ['user'];
  trimField(event, user, 'email', MAX_CHARS.email, atUser);
  trimField(event, user, 'id', MAX_CHARS.hash, atUser);
  trimField(event, user, 'username', MAX_CHARS.hash, atUser);
  trimExceptions(event);
  trimDatabags(event);
};
