/**
 * An event's `contexts` as Sentry's API writes them (`Contexts.to_json`): each context becomes
 * its context type's instance, whose `type` is one Sentry registers (`ContextType` subclasses),
 * else `default`: the SDK's `set_context("order", {...})` is served with `"type": "default"`, and so
 * is a context of a type Sentry does not register (`response`, `culture` …). Null fields are
 * left out, and a number longer than 15 characters is served as a string, as Sentry does so that
 * the page does not round it.
 */
type Json = Record<string, unknown>;

/** The `type`s of Sentry's registered context classes (`sentry/interfaces/contexts.py`). */
const CONTEXT_TYPES = new Set([
  'default',
  'app',
  'device',
  'runtime',
  'browser',
  'os',
  'gpu',
  'monitor',
  'trace',
  'otel',
]);

/** Python's `str()` of a number that came from JSON: the length Sentry compares. */
function pythonNumberText(value: number): string {
  if (Number.isInteger(value)) return Math.abs(value) < 1e21 ? String(value) : BigInt(value).toString();
  if (Math.abs(value) >= 1e-4) return String(value);
  // Python writes small floats with an exponent of at least two digits: 1.5e-05.
  return value.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
}

/** `ContextType.change_type`: numbers over 15 characters as strings, in lists and objects too. */
function changeType(value: unknown): unknown {
  if (typeof value === 'number') {
    const text = pythonNumberText(value);
    return text.length > 15 ? text : value;
  }
  if (Array.isArray(value)) return value.map(changeType);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Json).map(([key, inner]) => [key, changeType(inner)]));
  }
  return value;
}

function contextJson(alias: string, context: Json): Json {
  const declared = context.type !== undefined ? context.type : alias;
  const out: Json = {};
  for (const [key, value] of Object.entries(context)) {
    if (value !== null && value !== undefined) out[key] = changeType(value);
  }
  out.type = typeof declared === 'string' && CONTEXT_TYPES.has(declared) ? declared : 'default';
  return out;
}

export function contextsJson(contexts: unknown): Json {
  if (!contexts || typeof contexts !== 'object' || Array.isArray(contexts)) return {};
  const out: Json = {};
  for (const [alias, context] of Object.entries(contexts as Json)) {
    if (context === null || context === undefined) continue;
    out[alias] =
      typeof context === 'object' && !Array.isArray(context) ? contextJson(alias, context as Json) : context;
  }
  return out;
}
