/**
 * The CPU part of the pipeline for one queued envelope: parse it, normalize its event as Relay
 * does, compute its grouping hashes and the issue attributes Sentry derives from it. Pure apart
 * from the clock; runs before any store is touched.
 */

import type { InboundFilters } from '../../../src-shared/inbound-filters-api.ts';
import { environmentName } from '../environments/store.ts';
import type { EventOccurrence, GroupSeed } from '../issues/types.ts';
import type { ErrorsLineEncoder } from '../store/duckdb/errors_line.ts';
import { eventToErrorsRow, NO_PRIMARY_HASH, type RowSearch } from '../store/duckdb/errors_row.ts';
import type { ErrorsLine } from '../store/duckdb/errors_writer.ts';
import { MAX_CULPRIT_LENGTH } from '../store/duckdb/event_metadata.ts';
import { encodeNode } from '../store/nodestore.ts';
import type { QueuedEnvelope } from '../store/queue.ts';
import { seedAndSearch, tagValue } from './attributes.ts';
import { compiledFiltersFor, filterEvent } from './filters/index.ts';
import { extractEnvelope, type OtherItem } from './items.ts';
import type { JsonObject } from './normalize/json.ts';
import { asObject, asString } from './normalize/json.ts';
import { normalizeEventInPlace } from './normalize/normalize_event.ts';
import { IMPORT_USER_AGENT, isNormalizedEvent } from './normalize/renormalize.ts';
import { sentryUserTag } from './normalize/user.ts';

export interface GroupingResult {
  config: string;
  hashes: string[];
  /** The event as grouping left it (in-app marks, final fingerprint, `hashes`): what is stored. */
  event: JsonObject;
}

/**
 * How to group: a grouping config and the project's own rules, as texts (plain data, so that they
 * cross to the prepare threads; grouping/ parses each text once).
 */
export interface GroupingRules {
  config: string;
  /** Sentry's `sentry:fingerprinting_rules`: the project's Fingerprint Rules, only when set and valid. */
  fingerprintingRules?: string;
  /** Sentry's `sentry:grouping_enhancements`: the project's Stack Trace Rules, only when set and valid. */
  enhancements?: string;
}

/** `owned`: the caller gives `event` away, so grouping may write to it instead of a copy. */
export type GroupingFn = (event: JsonObject, rules: GroupingRules, owned?: boolean) => GroupingResult;

/**
 * What step 1 applies per project: its grouping config(s) with its own grouping rules and, before
 * grouping, its inbound filters.
 */
export interface GroupingPolicy extends GroupingRules {
  /** During a config transition: the previous config, consulted only when the primary finds no group. */
  secondaryConfig?: string;
  /** The project's inbound filters, only when one is on (filters/index.ts). */
  filters?: Partial<InboundFilters>;
}

/** What a grouping config decided for an event. */
export interface GroupingHashes {
  config: string;
  hashes: string[];
}

/**
 * An event ready for steps 2-5: plain data only (no parsed event, no functions), so that a
 * prepare thread can hand it to the pipeline worker (prepare-pool.ts).
 */
export interface PreparedEvent {
  /** The event as nodestore stores it (compressed JSON), made here so no transaction waits on it. */
  node: Buffer;
  occurrence: EventOccurrence;
  grouping: GroupingHashes;
  /** During a config transition: the previous config's hashes, looked up only when the primary finds no group. */
  secondary: GroupingHashes | undefined;
  /**
   * The event's `errors` row, encoded as its line of the DuckDB batch here (off the writing thread);
   * its group id (0 here) is put in once the group is known (`ErrorsLineEncoder.withGroupId`).
   */
  errors: ErrorsLine;
}

/** The envelope's parts besides its event that steps 2-5 store. */
export interface PreparedItems {
  headers: Record<string, unknown>;
  attachments: OtherItem[];
  others: OtherItem[];
}

/** An event the project's inbound filters dropped: the reason and the event's type (its data category). */
export interface FilteredEvent {
  reason: string;
  type: string;
}

export interface PreparedEnvelope {
  row: QueuedEnvelope;
  items: PreparedItems;
  prepared: PreparedEvent | undefined;
  /** Set when the event was filtered (and so not prepared): its attachments go with it. */
  filtered?: FilteredEvent;
}

/**
 * The identity "users seen" counts: Sentry's `sentry:user` tag (`user.id`, else username, email or
 * IP address), which Relay wrote as `user.sentry_user`, so the count and SnQL's
 * `uniq(user)` agree.
 */
export function userKey(event: JsonObject): string | null {
  const user = asObject(event.user);
  if (!user) return null;
  return asString(user.sentry_user) || sentryUserTag(user) || null;
}

function seconds(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** The session replay named by the envelope's dynamic sampling context (`trace.replay_id`). */
function dscReplayId(headers: Record<string, unknown>): string | undefined {
  const trace = headers.trace;
  const replayId =
    typeof trace === 'object' && trace !== null ? (trace as { replay_id?: unknown }).replay_id : undefined;
  return typeof replayId === 'string' ? replayId : undefined;
}

/**
 * The queued envelope's items and its event (if any) normalized as Relay does: the first part of
 * `prepareEnvelope`, apart so that a bench can time it alone.
 */
export function normalizeQueued(row: QueuedEnvelope): {
  items: PreparedItems;
  event: JsonObject | undefined;
} {
  const extracted = extractEnvelope(row.envelope, row.origin);
  const headers = extracted.envelope.headers as Record<string, unknown>;
  const items = { headers, attachments: extracted.attachments, others: extracted.others };
  if (!extracted.event) return { items, event: undefined };
  // The parsed payload is this function's own: normalize it without a copy.
  const { event } = normalizeEventInPlace(extracted.event, {
    receivedAt: new Date(row.receivedAt),
    sentAt: asString(headers.sent_at as never) ?? undefined,
    clientIp: row.clientIp ?? undefined,
    userAgent: row.userAgent ?? undefined,
    projectId: row.projectId,
    keyId: row.keyId ?? undefined,
    envelopeEventId: typeof headers.event_id === 'string' ? headers.event_id : undefined,
    sentryClient: row.sentryClient ?? undefined,
    dscReplayId: dscReplayId(headers),
    renormalize: row.userAgent === IMPORT_USER_AGENT && isNormalizedEvent(extracted.event),
  });
  return { items, event };
}

export function prepareEnvelope(
  row: QueuedEnvelope,
  group: GroupingFn,
  policy: GroupingPolicy,
  encoder: ErrorsLineEncoder,
): PreparedEnvelope {
  const { items, event: normalized } = normalizeQueued(row);
  if (!normalized) return { row, items, prepared: undefined };
  // Relay filters after normalization and before anything else: a filtered event costs no more.
  if (policy.filters) {
    const type = asString(normalized.type) ?? 'default';
    const input = { type, clientIp: row.clientIp };
    const reason = filterEvent(normalized, input, compiledFiltersFor(policy.filters));
    if (reason) return { row, items, prepared: undefined, filtered: { reason, type } };
  }
  // During a transition, the previous config's hashes too, first and on a copy of the event: the
  // primary config then groups the event itself, which it stores.
  // As in Sentry, the project's rules apply under both configs.
  const { secondaryConfig, fingerprintingRules, enhancements } = policy;
  const rules = {
    ...(fingerprintingRules ? { fingerprintingRules } : {}),
    ...(enhancements ? { enhancements } : {}),
  };
  const secondary = secondaryConfig
    ? hashesOf(group(normalized, { ...rules, config: secondaryConfig }))
    : undefined;
  const grouping = group(normalized, { ...rules, config: policy.config }, true);
  const { event } = grouping;
  const typeBefore = event.type;
  const { seed, location } = seedAndSearch(event);
  // Sentry's `materialize_metadata`: the stored event carries what the issue shows.
  event.type = seed.type;
  event.title = seed.title;
  event.culprit = seed.culprit;
  event.metadata = seed.metadata as JsonObject;
  const primaryHash = grouping.hashes[0] ?? null;
  const occurrence: EventOccurrence = {
    ...seed,
    eventId: String(event.event_id),
    timestamp: Math.round(seconds(event.timestamp, row.receivedAt / 1000) * 1000),
    received: row.receivedAt,
    primaryHash,
    userKey: userKey(event),
    // Sentry's "send a sample event" marks its events with this tag.
    isSample: tagValue(event, 'sample_event') === 'yes',
    environment: environmentName(event.environment),
  };
  return {
    row,
    items,
    prepared: {
      node: encodeNode(event),
      occurrence,
      grouping: hashesOf(grouping),
      secondary,
      errors: errorsLine(event, row, primaryHash, encoder, rowSearchOf(seed, typeBefore, location)),
    },
  };
}

/**
 * The `errors` row's title, culprit, location and search message, taken from the seed when the
 * row would derive the same ones from the materialized event (saves deriving them twice, ~1% of
 * prepare): the event's type unchanged by materializing (so the same exception branch), and a
 * culprit the row keeps as it is (non-empty, not beyond the length it truncates to). Otherwise the row derives them.
 */
function rowSearchOf(seed: GroupSeed, typeBefore: unknown, location: string | null): RowSearch | undefined {
  if (typeBefore !== seed.type || seed.culprit === '' || seed.culprit.length > MAX_CULPRIT_LENGTH)
    return undefined;
  return { title: seed.title, culprit: seed.culprit, location, message: seed.message };
}

function errorsLine(
  event: JsonObject,
  row: QueuedEnvelope,
  primaryHash: string | null,
  encoder: ErrorsLineEncoder,
  search: RowSearch | undefined,
): ErrorsLine {
  const errorsRow = eventToErrorsRow(event, {
    search,
    projectId: row.projectId,
    groupId: 0,
    primaryHash: primaryHash ?? NO_PRIMARY_HASH,
    receivedAt: new Date(row.receivedAt),
    hierarchicalHashes: [],
  });
  return { project_id: errorsRow.project_id, event_id: errorsRow.event_id, line: encoder.encode(errorsRow) };
}

const hashesOf = (result: GroupingResult): GroupingHashes => ({
  config: result.config,
  hashes: result.hashes,
});
