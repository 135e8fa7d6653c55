/**
 * A frame's local variables as Sentry lists them: sorted by name (case-insensitively), and values in
 * the platform's own words where the SDK had to write them as strings — Python's repr quotes around a
 * string are dropped (`'EUR'` reads EUR), Node's `<undefined>` and `<null>` read undefined and null.
 */
import { byKey, type Json } from './data.ts';

const PYTHON_STRING = /^['"](.*)['"]$/s;

function readable(value: unknown, platform: string): unknown {
  if (Array.isArray(value)) return value.map((item) => readable(item, platform));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, readable(item, platform)]));
  if (typeof value !== 'string') return value;
  if (platform === 'python') return value.replace(PYTHON_STRING, '$1');
  if (platform === 'node') return value === '<undefined>' ? 'undefined' : value === '<null>' ? 'null' : value;
  return value;
}

export function frameVariables(vars: Json, platform: string): Json {
  return Object.fromEntries(
    Object.entries(vars)
      .sort(byKey)
      .map(([key, value]) => [key, readable(value, platform)]),
  );
}
