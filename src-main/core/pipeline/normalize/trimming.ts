import { asArray, asObject, isObject, type JsonObject, type JsonValue, valuesOf } from './json.ts';
import type { NormalizeStage } from './types.ts';

// Relay's `TrimmingProcessor` with the limits of relay-event-schema `attrs.rs`.

/** `MaxChars`: [limit, allowance]. A string longer than limit + allowance is cut to `limit`. */
export const MAX_CHARS = {
  message: [8192, 200],
  summary: [1024, 100],
  symbol: [256, 0],
  path: [256, 0],
  culprit: [200, 0],
  email: [75, 0],
  hash: [128, 0],
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

function trimField(holder: JsonObject | undefined, key: string, limit: readonly [number, number]): void {
  const value = holder?.[key];
  if (holder && typeof value === 'string') holder[key] = trimString(value, limit);
}

interface Budget {
  remaining: number;
}

/**
 * Trims a databag: values deeper than the bag's depth are replaced by their JSON text, and once
 * the byte budget is spent, strings are cut and the remaining items dropped.
 */
function trimBagValue(value: JsonValue, depthLeft: number, budget: Budget): JsonValue | undefined {
  if (budget.remaining <= 0) return undefined;
  if ((Array.isArray(value) || isObject(value)) && depthLeft <= 0) {
    return trimBagValue(JSON.stringify(value), depthLeft, budget);
  }
  if (typeof value === 'string') {
    const trimmed = value.length + 2 > budget.remaining ? trimString(value, [budget.remaining, 0]) : value;
    budget.remaining -= trimmed.length + 2;
    return trimmed;
  }
  if (Array.isArray(value)) {
    budget.remaining -= 2;
    const kept: JsonValue[] = [];
    for (const item of value) {
      const trimmed = trimBagValue(item, depthLeft - 1, budget);
      if (trimmed === undefined) break;
      kept.push(trimmed);
    }
    return kept;
  }
  if (isObject(value)) {
    budget.remaining -= 2;
    const kept: JsonObject = {};
    for (const [key, item] of Object.entries(value)) {
      budget.remaining -= key.length + 3;
      const trimmed = trimBagValue(item, depthLeft - 1, budget);
      if (trimmed === undefined) break;
      kept[key] = trimmed;
    }
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
    for (const key of Object.keys(value)) {
      if (key === '__proto__') return false;
      budget.remaining -= key.length + 3;
      if (!bagFits(value[key] as JsonValue, depthLeft - 1, budget)) return false;
    }
    return true;
  }
  budget.remaining -= JSON.stringify(value).length;
  return true;
}

export function trimBag(value: JsonValue, [maxBytes, maxDepth]: readonly [number, number]): JsonValue {
  // Most bags are well within their limits: keep them as they are instead of copying them.
  if (bagFits(value, maxDepth, { remaining: maxBytes })) return value;
  return trimBagValue(value, maxDepth, { remaining: maxBytes }) ?? null;
}

function trimBagField(holder: JsonObject | undefined, key: string, size: readonly [number, number]): void {
  const value = holder?.[key];
  if (holder && value !== undefined && value !== null) holder[key] = trimBag(value, size);
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

function trimStacktrace(stacktrace: JsonObject | undefined): void {
  const frames = asArray(stacktrace?.frames);
  if (!stacktrace || !frames) return;
  // The innermost frames (the end of the list) matter most, so the oldest are dropped.
  const kept = frames.length > MAX_FRAMES ? frames.slice(frames.length - MAX_FRAMES) : frames;
  const objects = kept.filter(isObject);
  for (const frame of objects) {
    for (const key of ['function', 'raw_function', 'symbol', 'module'])
      trimField(frame, key, MAX_CHARS.symbol);
    for (const key of ['filename', 'abs_path', 'package']) trimField(frame, key, MAX_CHARS.path);
    trimBagField(frame, 'vars', BAG_SIZE.medium);
  }
  slimFrameData(objects);
  stacktrace.frames = objects;
}

function trimExceptions(event: JsonObject): void {
  for (const exception of valuesOf(event.exception) ?? []) {
    if (!isObject(exception)) continue;
    trimField(exception, 'value', MAX_CHARS.message);
    trimField(exception, 'type', MAX_CHARS.symbol);
    trimBagField(asObject(exception.mechanism), 'data', BAG_SIZE.medium);
    trimStacktrace(asObject(exception.stacktrace));
  }
  trimStacktrace(asObject(event.stacktrace));
  for (const thread of valuesOf(event.threads) ?? []) {
    if (isObject(thread)) trimStacktrace(asObject(thread.stacktrace));
  }
}

function trimDatabags(event: JsonObject): void {
  trimBagField(event, 'extra', BAG_SIZE.massive);
  const contexts = asObject(event.contexts);
  for (const key of Object.keys(contexts ?? {})) trimBagField(contexts, key, BAG_SIZE.large);
  const request = asObject(event.request);
  trimBagField(request, 'data', BAG_SIZE.large);
  for (const key of ['headers', 'cookies', 'env']) trimBagField(request, key, BAG_SIZE.large);
  trimBagField(asObject(event.user), 'data', BAG_SIZE.medium);
  for (const crumb of valuesOf(event.breadcrumbs) ?? []) {
    if (!isObject(crumb)) continue;
    trimField(crumb, 'message', MAX_CHARS.message);
    trimBagField(crumb, 'data', BAG_SIZE.medium);
  }
}

export const trimEvent: NormalizeStage = (event) => {
  const logentry = asObject(event.logentry);
  trimField(logentry, 'formatted', MAX_CHARS.message);
  trimField(logentry, 'message', MAX_CHARS.message);
  trimField(event, 'culprit', MAX_CHARS.culprit);
  trimField(event, 'transaction', MAX_CHARS.culprit);
  const user = asObject(event.user);
  trimField(user, 'email', MAX_CHARS.email);
  trimField(user, 'id', MAX_CHARS.hash);
  trimField(user, 'username', MAX_CHARS.hash);
  trimExceptions(event);
  trimDatabags(event);
};
