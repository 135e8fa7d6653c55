// Plain-JSON helpers for normalization. Events arrive as loosely typed JSON from any SDK, so every
// stage reads through these guards instead of trusting a shape.

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export type JsonObject = { [key: string]: JsonValue };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A payload's JSON object, or undefined when it is not JSON or not an object. */
export function parseJsonObject(payload: Buffer): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(payload.toString('utf8'));
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function asObject(value: JsonValue | undefined): JsonObject | undefined {
  return isObject(value) ? value : undefined;
}

export function asArray(value: JsonValue | undefined): JsonValue[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

export function asString(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A value Relay would treat as absent: missing, null or the empty string. */
export function isEmpty(value: JsonValue | undefined): boolean {
  return value === undefined || value === null || value === '';
}

/** Sets `object[key]` as an own property: a `__proto__` key stays a key (an assignment would set the prototype). */
export function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

/**
 * A deep copy of plain JSON data, as `structuredClone` makes it but several times faster (no
 * serialization round trip). Anything that is not a plain object, array or primitive (a Date, a
 * Map) goes through `structuredClone`; an own `__proto__` key stays a key.
 */
export function cloneJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = cloneJson(value[i] as unknown);
    return out as T;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    setOwn(out, key, cloneJson((value as Record<string, unknown>)[key]));
  }
  return out as T;
}

/** Returns `obj[key]` as an object, creating it (or replacing a non-object) when needed. */
export function ensureObject(obj: JsonObject, key: string): JsonObject {
  const current = obj[key];
  if (isObject(current)) return current;
  const created: JsonObject = {};
  obj[key] = created;
  return created;
}

/**
 * Relay's `LenientString`: numbers and booleans sent where a string belongs are accepted and
 * stringified (booleans the Python way, `True`/`False`); anything else is not a string.
 */
export function lenientString(value: JsonValue | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return undefined;
}

/** Event interfaces that may be sent as `[..]` or `{values: [..]}` (exception, breadcrumbs, threads). */
/**
 * The items of a Relay `Values<T>` field: a bare list, `{values: [...]}`, or — the legacy form
 * Relay also accepts — a single item object such as `"exception": {"type": …, "value": …}`.
 */
export function valuesOf(container: JsonValue | undefined): JsonValue[] | undefined {
  if (Array.isArray(container)) return container;
  if (!isObject(container)) return undefined;
  if ('values' in container) return Array.isArray(container.values) ? container.values : undefined;
  return Object.keys(container).length > 0 ? [container] : undefined;
}
