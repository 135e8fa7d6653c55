import {
  asObject,
  asString,
  isObject,
  type JsonObject,
  type JsonValue,
  lenientString,
  valuesOf,
} from '../../pipeline/normalize/json.ts';

// The tags Sentry's event_manager adds to a normalized event before it reaches Snuba
// (`_pull_out_data` and the interfaces' `iter_tags`). Snuba's errors processor reads promoted
// columns (release, dist, user, environment, transaction) from these tags, so the row mapping
// needs them; an event that already carries them (from nodestore) keeps its own.

/** Context type → the tags Sentry derives from it (`ContextType.context_to_tag_mapping`). */
const CONTEXT_TAGS: Record<string, Array<[tag: string, fields: string[]]>> = {
  browser: [
    ['browser', ['name', 'version']],
    ['browser.name', ['name']],
  ],
  os: [
    ['os', ['name', 'version']],
    ['os.name', ['name']],
  ],
  client_os: [
    ['client_os', ['name', 'version']],
    ['client_os.name', ['name']],
  ],
  runtime: [
    ['runtime', ['name', 'version']],
    ['runtime.name', ['name']],
  ],
  device: [
    ['device', ['model']],
    ['device.family', ['family']],
  ],
  gpu: [
    ['gpu.name', ['name']],
    ['gpu.vendor', ['vendor']],
  ],
};

/** CONTEXT_TAGS as a list, walked per event without Object.entries' pair arrays. */
const CONTEXT_TAG_LIST = Object.entries(CONTEXT_TAGS);

/**
 * The context tags into `tags`, replacing what is there. Set straight into the map, without a
 * pair array per tag and a list of them (as the mechanism tags below).
 */
function setContextTags(contexts: JsonObject | undefined, tags: Map<string, string>): void {
  if (!contexts) return;
  for (const [key, mapping] of CONTEXT_TAG_LIST) {
    const context = asObject(contexts[key]);
    if (!context) continue;
    for (const [tag, fields] of mapping) {
      // Every field non-empty, joined by spaces (most tags have one field: no join).
      let text = '';
      for (const field of fields) {
        const part = lenientString(context[field]);
        if (!part) {
          text = '';
          break;
        }
        text = text === '' ? part : `${text} ${part}`;
      }
      setTag(tags, tag, text.trim());
    }
  }
}

/** Tags of the main (last) exception's mechanism into `tags`: `mechanism` and `handled` (yes/no). */
function setMechanismTags(event: JsonObject, tags: Map<string, string>): void {
  const values = valuesOf(event.exception) ?? [];
  const main = values[values.length - 1];
  const mechanism = isObject(main) ? asObject(main.mechanism) : undefined;
  if (!mechanism) return;
  setTag(tags, 'mechanism', asString(mechanism.type));
  if (typeof mechanism.handled === 'boolean') setTag(tags, 'handled', mechanism.handled ? 'yes' : 'no');
}

/** Sentry's `set_tag` of a derived tag: replaces the SDK's; without a value, leaves it. */
function setTag(tags: Map<string, string>, key: string, value: string | undefined): void {
  if (value) tags.set(key, value);
}

/** The SDK's string-valued tags, in order, into `tags`: the first of a key wins, empty values skipped. */
function addEventTags(raw: JsonValue | undefined, tags: Map<string, string>): void {
  if (Array.isArray(raw)) {
    for (const pair of raw) if (Array.isArray(pair)) addEventTag(tags, pair[0], pair[1]);
  } else if (isObject(raw)) for (const key of Object.keys(raw)) addEventTag(tags, key, raw[key]);
}

function addEventTag(tags: Map<string, string>, key: unknown, value: unknown): void {
  if (typeof key === 'string' && typeof value === 'string' && value && !tags.has(key)) tags.set(key, value);
}

/**
 * The event's tags as Sentry stores them: the SDK's tags (after Relay; the first of a key wins),
 * then what Sentry derives with `set_tag`, which replaces an SDK tag of the same key: `level`,
 * `logger`, `environment`, `transaction`, `sentry:release`, `sentry:dist`, `sentry:user`, then the
 * interfaces' tags (`url`, the mechanism tags, the context tags). A derived tag without a value
 * leaves the SDK's (or an imported event's own) in place.
 */
export function materializeTags(event: JsonObject): Map<string, string> {
  const tags = new Map<string, string>();
  addEventTags(event.tags, tags);
  setTag(tags, 'level', asString(event.level));
  setTag(tags, 'logger', asString(event.logger));
  setTag(tags, 'environment', asString(event.environment));
  setTag(tags, 'transaction', asString(event.transaction));
  const release = asString(event.release);
  setTag(tags, 'sentry:release', release);
  if (release) setTag(tags, 'sentry:dist', asString(event.dist));
  setTag(tags, 'sentry:user', asString(asObject(event.user)?.sentry_user));
  setTag(tags, 'url', asString(asObject(event.request)?.url));
  setMechanismTags(event, tags);
  setContextTags(asObject(event.contexts), tags);
  return tags;
}
