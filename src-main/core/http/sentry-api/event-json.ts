/**
 * Events as Sentry's API writes them: `SimpleEventSerializer` in lists (what `sentry-cli events
 * list` reads: `eventID`, `dateCreated`, `title`, `user`, `tags`) and `EventSerializer` for one
 * event (`entries`, `contexts`, `tags` … plus the previous and next event ids of its issue).
 * Tag keys are shown as Sentry's tagstore standardizes them (`sentry:release` as `release`).
 */
import type { EventDetail } from '../../../../src-shared/issues-api.ts';
import type { JsonObject } from '../../pipeline/normalize/json.ts';
import { materializeTags } from '../../store/duckdb/sentry_tags.ts';
import { contextsJson } from './contexts-json.ts';
import { eventEntries } from './event-entries.ts';

type Json = Record<string, unknown>;

export interface StoredEvent {
  projectId: number;
  eventId: string;
  groupId: number | null;
  /** ms */
  timestamp: number;
  /** The event as nodestore keeps it. */
  event: Json;
}

const object = (value: unknown): Json | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
const string = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function tagsJson(pairs: Iterable<[string, string]>) {
  return [...pairs]
    .map(([key, value]) => ({ key: key.startsWith('sentry:') ? key.slice('sentry:'.length) : key, value }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

function userJson(event: Json) {
  const user = object(event.user);
  if (!user) return null;
  return {
    id: user.id == null ? null : String(user.id),
    email: string(user.email),
    username: string(user.username),
    ip_address: string(user.ip_address),
    name: string(user.name),
    geo: object(user.geo) ?? null,
    data: object(user.data) ?? null,
  };
}

function messageOf(event: Json): string {
  const logentry = object(event.logentry);
  return (
    string(logentry?.formatted) ??
    string(logentry?.message) ??
    string(event.message) ??
    string(event.title) ??
    ''
  );
}

export function simpleEventJson(stored: StoredEvent, tags?: Iterable<[string, string]>) {
  const { event } = stored;
  const metadata = object(event.metadata) ?? {};
  return {
    id: stored.eventId,
    'event.type': string(event.type) ?? 'default',
    groupID: stored.groupId === null ? null : String(stored.groupId),
    eventID: stored.eventId,
    projectID: String(stored.projectId),
    message: messageOf(event),
    title: string(event.title) ?? '<untitled>',
    location: string(metadata.filename),
    culprit: string(event.culprit),
    user: userJson(event),
    tags: tagsJson(tags ?? materializeTags(event as JsonObject)),
    platform: string(event.platform),
    dateCreated: new Date(stored.timestamp).toISOString(),
    crashFile: null,
    metadata,
  };
}

function seconds(value: unknown): string | null {
  return typeof value === 'number' ? new Date(value * 1000).toISOString() : string(value);
}

/** One event in full, from the core's `events.get` (source maps applied, neighbours found). */
export function fullEventJson(detail: EventDetail) {
  const event = detail.event;
  const stored: StoredEvent = {
    projectId: detail.projectId,
    eventId: detail.eventId,
    groupId: detail.groupId,
    timestamp: Date.parse(detail.timestamp),
    event,
  };
  const release = string(event.release);
  return {
    ...simpleEventJson(stored, detail.tags),
    size: JSON.stringify(event).length,
    entries: eventEntries(event),
    dist: string(event.dist),
    contexts: contextsJson(event.contexts),
    sdk: object(event.sdk) ?? null,
    context: object(event.extra) ?? {},
    packages: object(event.modules) ?? {},
    type: string(event.type) ?? 'default',
    dateReceived: seconds(event.received) ?? new Date(detail.timestamp).toISOString(),
    errors: Array.isArray(event.errors) ? event.errors : [],
    occurrence: null,
    _meta: object(event._meta) ?? {},
    fingerprints: Array.isArray(event.hashes) ? event.hashes : [],
    groupingConfig: object(event.grouping_config) ?? null,
    release: release === null ? null : { version: release, shortVersion: release },
    environment: string(event.environment),
    userReport: null,
    sdkUpdates: [],
    resolvedWith: [],
    nextEventID: detail.nextEventId,
    previousEventID: detail.previousEventId,
  };
}
