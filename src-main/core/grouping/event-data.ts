// Plain-JSON access helpers. Grouping works on the event as Relay stored it, which is loosely typed
// JSON; these helpers read it without `any` and without trusting its shape.

import { cloneJson } from '../pipeline/normalize/json.ts';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };
export type EventData = JsonObject;
export type FrameData = JsonObject;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type Key = string | number;

/** One step of a path: an object's key, or an array's index (negative counts from the end). */
function step(current: unknown, key: Key): unknown {
  if (typeof key === 'number') {
    if (!Array.isArray(current)) return undefined;
    return current[key < 0 ? current.length + key : key];
  }
  return isObject(current) ? current[key] : undefined;
}

/**
 * Reads `obj[a][b]...` (up to four keys); array indices may be negative (Python style, `-1` is
 * the last item). The keys are parameters rather than a rest list: these getters run hundreds of
 * times an event, and a list cost an array each call.
 */
export function getPath(obj: unknown, a: Key, b?: Key, c?: Key, d?: Key): JsonValue | undefined {
  let current = step(obj, a);
  if (b !== undefined && current !== undefined) current = step(current, b);
  if (c !== undefined && current !== undefined) current = step(current, c);
  if (d !== undefined && current !== undefined) current = step(current, d);
  return current as JsonValue | undefined;
}

/** A value already read, if it is a string. */
export function stringOf(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function getString(obj: unknown, a: Key, b?: Key, c?: Key, d?: Key): string | null {
  return stringOf(getPath(obj, a, b, c, d));
}

export function getObject(obj: unknown, a: Key, b?: Key, c?: Key, d?: Key): JsonObject | null {
  const value = getPath(obj, a, b, c, d);
  return isObject(value) ? value : null;
}

export function getArray(obj: unknown, a: Key, b?: Key, c?: Key, d?: Key): JsonValue[] {
  const value = getPath(obj, a, b, c, d);
  return Array.isArray(value) ? value : [];
}

/**
 * The objects among `values`, for reading: `values` itself when every one is (the lists of an
 * event nearly always are, and grouping reads a dozen of them per event), else a filtered copy.
 */
export function objects(values: JsonValue[]): readonly JsonObject[] {
  for (const value of values) if (!isObject(value)) return values.filter(isObject);
  return values as JsonObject[];
}

export function deepClone<T>(value: T): T {
  return cloneJson(value);
}

/** Python-style truthiness for loosely typed JSON values. */
export function truthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isObject(value)) return Object.keys(value).length > 0;
  return true;
}
