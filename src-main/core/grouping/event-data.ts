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

/** Reads `obj[a][b]...`; array indices may be negative (Python style, `-1` is the last item). */
export function getPath(obj: unknown, ...path: Array<string | number>): JsonValue | undefined {
  return walk(obj, path);
}

// The getters hand their path on as it is: spreading it again cost an array per call.
function walk(obj: unknown, path: ReadonlyArray<string | number>): JsonValue | undefined {
  let current: unknown = obj;
  for (const key of path) {
    if (typeof key === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[key < 0 ? current.length + key : key];
    } else {
      if (!isObject(current)) return undefined;
      current = current[key];
    }
  }
  return current as JsonValue | undefined;
}

/** A value already read, if it is a string. */
export function stringOf(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function getString(obj: unknown, ...path: Array<string | number>): string | null {
  return stringOf(walk(obj, path));
}

export function getObject(obj: unknown, ...path: Array<string | number>): JsonObject | null {
  const value = walk(obj, path);
  return isObject(value) ? value : null;
}

export function getArray(obj: unknown, ...path: Array<string | number>): JsonValue[] {
  const value = walk(obj, path);
  return Array.isArray(value) ? value : [];
}

export function objects(values: JsonValue[]): JsonObject[] {
  return values.filter(isObject);
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
