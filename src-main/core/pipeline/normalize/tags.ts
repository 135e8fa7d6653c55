import { isObject, type JsonObject, type JsonValue, lenientString } from './json.ts';
import type { NormalizeContext, NormalizeStage } from './types.ts';

export const MAX_TAG_KEY_CHARS = 200;
export const MAX_TAG_VALUE_CHARS = 200;

/** Tags Sentry derives itself; an SDK cannot set them (Relay removes them). */
const RESERVED_TAG_KEYS = new Set(['release', 'dist', 'user', 'filename', 'function']);

type TagPair = [key: JsonValue, value: JsonValue];

/**
 * Tags arrive as an object or as a list of `[key, value]` pairs; Relay stores a pair list. An
 * object's keys come out sorted, as Relay's map type orders them.
 */
function toPairs(tags: JsonValue | undefined): TagPair[] {
  if (Array.isArray(tags)) {
    return tags.flatMap((entry): TagPair[] =>
      Array.isArray(entry) && entry.length === 2 ? [[entry[0] ?? null, entry[1] ?? null]] : [],
    );
  }
  if (isObject(tags)) {
    return Object.keys(tags)
      .sort()
      .map((key): TagPair => [key, tags[key] ?? null]);
  }
  return [];
}

function charCount(text: string): number {
  return Array.from(text).length;
}

/** Checks one tag string; returns the reason it is rejected, if it is. */
function rejectTagString(text: string | undefined, limit: number, isValue: boolean): string | undefined {
  if (text === undefined || text.trim() === '') return 'invalid_data';
  // A text no longer in UTF-16 units than the limit has no more characters than that either: only
  // a longer one is counted by characters (a list of them made for every tag key and value cost
  // ~0.1 µs each).
  if (text.length > limit && charCount(text) > limit) return 'value_too_long';
  if (isValue && text.includes('\n')) return 'invalid_data';
  return undefined;
}

function validPairs(pairs: TagPair[], ctx: NormalizeContext): Array<[string, string]> {
  const result: Array<[string, string]> = [];
  const seen = new Set<string>();
  pairs.forEach(([rawKey, rawValue], index) => {
    const key = lenientString(rawKey);
    const value = lenientString(rawValue);
    const keyError = rejectTagString(key?.trim(), MAX_TAG_KEY_CHARS, false);
    const valueError = rejectTagString(value, MAX_TAG_VALUE_CHARS, true);
    if (keyError) ctx.addError(keyError, `tags.${index}.0`, { value: rawKey });
    if (valueError) ctx.addError(valueError, `tags.${index}.1`, { value: rawValue });
    if (keyError || valueError || key === undefined || value === undefined) return;
    const trimmedKey = key.trim();
    if (RESERVED_TAG_KEYS.has(trimmedKey) || seen.has(trimmedKey)) return;
    seen.add(trimmedKey);
    result.push([trimmedKey, value]);
  });
  return result;
}

/**
 * Relay's `normalize_event_tags` and tag validation: an `environment` tag fills the environment
 * field, the `server_name` and `site` fields move into the tags, reserved keys are dropped, the first of duplicate
 * keys wins, and empty, over-long (> 200 characters) or multi-line keys and values are dropped
 * with an error.
 */
export const normalizeTags: NormalizeStage = (event: JsonObject, ctx) => {
  const tags = validPairs(toPairs(event.tags), ctx);
  const envIndex = tags.findIndex(([key]) => key === 'environment');
  if (envIndex >= 0) {
    const [[, environment]] = tags.splice(envIndex, 1) as [[string, string]];
    if (event.environment === undefined || event.environment === null || event.environment === '') {
      event.environment = environment;
    }
  }
  // Relay takes the fields out of the event: the tag replaces an SDK tag of the same name.
  for (const field of ['server_name', 'site']) {
    const value = lenientString(event[field]);
    delete event[field];
    if (value === undefined || value === '') continue;
    const existing = tags.find(([key]) => key === field);
    if (existing) existing[1] = value;
    else tags.push([field, value]);
  }
  event.tags = tags;
};
