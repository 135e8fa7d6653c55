/**
 * The issue attributes Sentry derives from a grouped event (`eventtypes`, `get_culprit`,
 * `get_search_message`): type, title, culprit, metadata, search message, level, platform, release.
 */
import type { EventData } from '../grouping/index.ts';
import { deriveIssueAttributes } from '../issues/event-metadata.ts';
import type { GroupSeed } from '../issues/types.ts';
import { levelNumber } from '../issues/types.ts';
import { eventMetadata, searchMessage } from '../store/duckdb/event_metadata.ts';
import type { JsonObject, JsonValue } from './normalize/json.ts';
import { asObject, asString, isObject } from './normalize/json.ts';

/** Tags arrive as `{key: value}` from SDKs and as `[[key, value], …]` once normalized. */
export function tagValue(event: JsonObject, key: string): string | undefined {
  const tags: JsonValue | undefined = event.tags;
  if (Array.isArray(tags)) {
    for (const pair of tags) {
      if (Array.isArray(pair) && pair[0] === key && typeof pair[1] === 'string') return pair[1];
    }
    return undefined;
  }
  return isObject(tags) ? asString(tags[key]) : undefined;
}

export function deriveSeed(event: JsonObject): GroupSeed {
  return seedAndSearch(event).seed;
}

/**
 * The seed and the crash location its search message was derived with (`eventMetadata`), which
 * the pipeline hands on to the event's `errors` row so it need not derive them again.
 */
export function seedAndSearch(event: JsonObject): { seed: GroupSeed; location: string | null } {
  const attributes = deriveIssueAttributes(event as EventData);
  const metadata: Record<string, unknown> = { ...attributes.metadata };
  const sdk = asObject(event.sdk);
  if (sdk) metadata.sdk = { name: asString(sdk.name), name_normalized: asString(sdk.name) };
  const search = eventMetadata(event);
  const seed: GroupSeed = {
    type: attributes.type,
    title: attributes.title,
    culprit: attributes.culprit,
    message: searchMessage(event, search, attributes.culprit),
    metadata,
    level: levelNumber(asString(event.level)),
    platform: asString(event.platform) ?? null,
    release: asString(event.release) ?? null,
    logger: asString(event.logger) || null,
  };
  return { seed, location: search.location };
}
