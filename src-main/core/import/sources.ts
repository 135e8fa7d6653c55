/**
 * What one line (or one whole document) of an import file is, and the envelope it becomes:
 *
 * - a Sentry event as an SDK sends it to `/store/` (a JSON object);
 * - a line of Faultline's JSONL export (a normalized event: it carries `project` and `received`);
 * - a Snuba stream-loader message as Sentry's eventstream writes it to the `events` topic:
 *   `[version, "insert", {event_id, project_id, group_id, primary_hash, datetime, data: {…}}, state]`.
 *   The third element holds the event (its `data`, or the element itself when it has none);
 *   grouping runs again here, so its group id and hashes are not taken over. Replacement messages
 *   (`start_delete_groups`, `end_merge` …) carry no event and are skipped.
 *
 * Each becomes an event envelope queued as if an SDK had sent it, received when the source says
 * it was (so timestamps are not clamped as "too old"), and goes through the whole pipeline.
 */
import type { ImportSourceFormat } from '../../../src-shared/export-api.ts';
import { serializeEnvelope } from '../ingest/envelope-writer.ts';
import { isObject, type JsonObject } from '../pipeline/normalize/json.ts';
import { isNormalizedEvent } from '../pipeline/normalize/renormalize.ts';
import { parseTimestamp } from '../pipeline/normalize/timestamp.ts';

export interface DecodedEvent {
  format: ImportSourceFormat;
  event: JsonObject;
  /** The project the source names, if any. */
  projectId: number | undefined;
  /** When the source says the event was received (epoch ms), if it does. */
  receivedAt: number | undefined;
}

export class SkipLine extends Error {
  readonly type = 'import_skip';
}

const EVENTSTREAM_VERSIONS = new Set([1, 2]);

function positiveInt(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^[0-9]+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** Epoch ms of a timestamp (float seconds or RFC 3339), if it is one. */
export function receivedMs(value: unknown): number | undefined {
  const seconds = parseTimestamp(value as never);
  return seconds === undefined ? undefined : Math.round(seconds * 1000);
}

function fromSnubaMessage(message: unknown[]): DecodedEvent {
  const [version, type, body] = message;
  if (typeof version !== 'number' || !EVENTSTREAM_VERSIONS.has(version) || typeof type !== 'string')
    throw new SkipLine('a JSON array that is not a Snuba stream-loader message ([2, "insert", {…}])');
  if (type !== 'insert') throw new SkipLine(`Snuba '${type}' message: only inserts carry an event`);
  if (!isObject(body)) throw new SkipLine('Snuba insert message without an event object');
  const event: JsonObject = isObject(body.data) ? { ...body.data } : { ...body };
  if (event.event_id === undefined && typeof body.event_id === 'string') event.event_id = body.event_id;
  if (event.timestamp === undefined && body.datetime !== undefined) event.timestamp = body.datetime;
  if (event.platform === undefined && typeof body.platform === 'string') event.platform = body.platform;
  return {
    format: 'snuba-insert',
    event,
    projectId: positiveInt(body.project_id) ?? positiveInt(event.project),
    receivedAt: receivedMs(event.received) ?? receivedMs(body.datetime),
  };
}

/** A parsed JSON value → the event it holds; throws SkipLine with the reason otherwise. */
export function decodeSource(value: unknown): DecodedEvent {
  if (Array.isArray(value)) return fromSnubaMessage(value);
  if (!isObject(value)) throw new SkipLine('not a JSON object (an event) or a Snuba message');
  if (isNormalizedEvent(value))
    return {
      format: 'faultline-export',
      event: value,
      projectId: positiveInt(value.project),
      receivedAt: receivedMs(value.received),
    };
  return { format: 'sentry-event', event: value, projectId: undefined, receivedAt: undefined };
}

/** The event as an envelope with one event item, as an SDK would send it. */
export function eventEnvelope(event: JsonObject): { envelope: Buffer; eventId: string | null } {
  const rawId = typeof event.event_id === 'string' ? event.event_id.replaceAll('-', '').toLowerCase() : '';
  const eventId = /^[0-9a-f]{32}$/.test(rawId) ? rawId : null;
  const type = event.type === 'transaction' ? 'transaction' : 'event';
  const envelope = serializeEnvelope(eventId ? { event_id: eventId } : {}, [
    { headers: { type }, payload: Buffer.from(JSON.stringify(event)) },
  ]);
  return { envelope, eventId };
}
