import { isObject, type JsonObject } from './json.ts';

/** The User-Agent of what `faultline import` queues (no SDK sent it). */
export const IMPORT_USER_AGENT = 'faultline-import';

/**
 * An event that has been through Relay and Sentry's save already (Faultline's JSONL export, an
 * event from Sentry's nodestore): it carries the receive time and project id that only
 * normalization writes. Imported, it is normalized as Sentry normalizes its stored events again
 * (Relay's `is_renormalize`): the top-level attributes Sentry itself wrote (`title`, `location`,
 * `metadata`, `hashes` …) are no unknown attributes there, so they are not flagged.
 */
export function isNormalizedEvent(event: unknown): event is JsonObject {
  if (!isObject(event) || typeof event.received !== 'number') return false;
  const project =
    typeof event.project === 'string' && /^[0-9]+$/.test(event.project)
      ? Number(event.project)
      : event.project;
  return typeof project === 'number' && Number.isSafeInteger(project) && project > 0;
}
