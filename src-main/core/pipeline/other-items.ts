/**
 * Items other than error events: transactions, spans, logs, sessions, check-ins, feedback,
 * profiles, replays, metrics. Stored as received (compressed) and counted as accepted outcomes
 * in their data category. Feedback shows on its issue and event (issues/queries/feedback.ts, read
 * as Sentry's user reports); transactions and spans in the trace of an event (their trace id is
 * kept in `item_store.trace_id`, `traces/trace-key.ts`); replays on their pages (`replays/`, found by
 * the replay id kept in `associated_event_id`); profiles on theirs and in the trace (`profiles/`: a profile's
 * transaction or a chunk's profiler in `associated_event_id`, a profile refused as Relay refuses it); trace metrics on
 * the Metrics page (`metrics/`, each data point checked as Relay does when read); the other items have no pages yet. A container item (logs, trace
 * metrics, v2 spans) whose `item_count` does not match its items is dropped as invalid, so is a
 * check-in Relay refuses (`check-in.ts`), so is feedback Relay or Sentry refuses on its own
 * (`issues/feedback-rules.ts`: unreadable, no event id, no message, a malformed email …); a session Relay drops (`session.ts`) and unknown item types
 * are dropped without an outcome, as a processing Relay does. A transaction or feedback (events to
 * Relay) is stored with the envelope's event id, the one ingest answered.
 */
import { itemEnvironments } from '../environments/item-environment.ts';
import type { EnvironmentRecorder } from '../environments/store.ts';
import { itemQuantities, type Quantity, SPAN_V2_CONTENT_TYPE } from '../ingest/item-types.ts';
import { feedbackItemRefusal } from '../issues/feedback-rules.ts';
import { profileItemRefusal } from '../profiles/decode.ts';
import { profileAssociation, profileItemId } from '../profiles/item-keys.ts';
import { encodeNode } from '../store/nodestore.ts';
import type { OutcomeStore } from '../store/outcomes.ts';
import type { QueuedEnvelope } from '../store/queue.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';
import { itemTraceKey } from '../traces/trace-key.ts';
import { processCheckIn } from './check-in.ts';
import { compiledFiltersFor, filterEvent } from './filters/index.ts';
import type { OtherItem } from './items.ts';
import { parseEventId } from './normalize/event_id.ts';
import { normalizeIpAddresses } from './normalize/ip_address.ts';
import { type JsonObject, parseJsonObject } from './normalize/json.ts';
import { inboundFiltersFor } from './project-options.ts';
import {
  processSessionAggregates,
  processSessionUpdate,
  type SessionContext,
  sessionContext,
} from './session.ts';

/** Item types kept in `item_store`; anything else is dropped without an outcome. */
const STORED_TYPES = new Set([
  'transaction',
  'span',
  'log',
  'otel_log',
  'trace_metric',
  'session',
  'sessions',
  'check_in',
  'feedback',
  'user_report',
  'profile',
  'profile_chunk',
  'replay_event',
  'replay_recording',
  'replay_video',
  'statsd',
  'metric_buckets',
]);

/** Items Relay processes as events: their payload gets the envelope's event id (`event::finalize`). */
const EVENT_TYPES = new Set(['transaction', 'feedback']);

interface OtherItemsStores {
  db: SqliteDb;
  outcomes: OutcomeStore;
  /** Where the environments of transactions, streamed segments and check-ins are noted. */
  environments?: EnvironmentRecorder;
}

function hex(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value.replaceAll('-', '').toLowerCase() : null;
}

/** Replay items: their payload is a header line and a body, never one JSON value. */
const RECORDING_TYPES = new Set(['replay_recording', 'replay_video']);

/** Items whose `associated_event_id` keeps a profile's transaction or a profiler (`profiles/item-keys.ts`). */
const PROFILE_KEYED_TYPES = new Set(['profile', 'profile_chunk', 'transaction', 'span']);

/** Profile items, refused as Relay refuses a profile it cannot read (`profiles/decode.ts`). */
const PROFILE_TYPES = new Set(['profile', 'profile_chunk']);

/**
 * What an item is about, kept in `associated_event_id` (indexed): feedback, the event it is about
 * (`contexts.feedback.associated_event_id`); a replay's items, the replay (a `replay_event`'s
 * `replay_id`; a recording's envelope `event_id`, which the SDK sets to the replay id), so that a
 * replay's segments are found without decoding every replay item (`replays/read.ts`); a profile, its
 * transaction, and a profile chunk, a transaction or a streamed segment, the profiler that ran.
 */
function associatedEventId(
  type: string,
  json: Record<string, unknown> | undefined,
  envelope: Readonly<Record<string, unknown>>,
): string | null {
  if (RECORDING_TYPES.has(type)) return hex(envelope.event_id);
  if (!json) return null;
  if (type === 'replay_event') return hex(json.replay_id);
  if (type === 'user_report') return hex(json.event_id);
  if (PROFILE_KEYED_TYPES.has(type)) return profileAssociation(type, json);
  const contexts = json.contexts as Record<string, Record<string, unknown> | undefined> | undefined;
  return hex(contexts?.feedback?.associated_event_id);
}

/**
 * Container items (Relay's `ItemContainer`): `{"items":[…]}` whose `item_count` header must equal
 * the number of items, else Relay drops the item as invalid with this reason.
 */
const CONTAINER_REASONS: Record<string, string> = {
  log: 'invalid_log',
  trace_metric: 'invalid_trace_metric',
  span: 'invalid_span',
};

/** The reason a rejected container counts under, or undefined when the item is no container. */
function containerReason(item: OtherItem): string | undefined {
  // A span is a container only in v2; a v1 standalone span is one span JSON.
  if (item.type === 'span' && item.headers.content_type !== SPAN_V2_CONTENT_TYPE) return undefined;
  return CONTAINER_REASONS[item.type];
}

/** A container Relay accepts: `{"items":[…]}` with exactly `item_count` items. */
function validContainer(item: OtherItem, json: Record<string, unknown> | undefined): boolean {
  const items = json?.items;
  return Array.isArray(items) && item.headers.item_count === items.length;
}

/**
 * What an item counts for, as ingest counts it when it refuses one (Relay's `Item::quantities`):
 * a container by its declared `item_count` (equal to its items once checked), logs also by bytes.
 * A session aggregate counts its buckets.
 */
function quantitiesOf(item: OtherItem, json: JsonObject | undefined): Quantity[] {
  const quantities = itemQuantities(item, json);
  const aggregates = item.type === 'sessions' ? json?.aggregates : undefined;
  if (!Array.isArray(aggregates)) return quantities;
  return quantities.map(({ category }) => ({ category, quantity: aggregates.length }));
}

/** Sessions Relay keeps (normalized in place); the others it drops silently (no outcome). */
function keptSession(type: string, json: JsonObject | undefined, ctx: () => SessionContext): boolean {
  if (type === 'session') return processSessionUpdate(json, ctx());
  if (type === 'sessions') return processSessionAggregates(json, ctx()) > 0;
  return true;
}

/**
 * Relay normalizes a transaction's IP addresses before it filters and stores it, as an error's:
 * `{{auto}}` becomes the client's address (which the localhost filter then sees), or the user's
 * address is inferred from it. Changed in place, so the transaction is stored so.
 */
function normalizeTransactionIps(json: JsonObject, row: QueuedEnvelope): void {
  normalizeIpAddresses(json, {
    meta: {
      receivedAt: new Date(row.receivedAt),
      projectId: row.projectId,
      clientIp: row.clientIp ?? undefined,
    },
    errors: [],
    received: row.receivedAt / 1000,
    // An address that is none is removed; the stored transaction carries no processing errors.
    addError: () => undefined,
  });
}

/**
 * The inbound filter that drops a transaction (Relay filters transactions as it filters errors,
 * and also by name: health checks), or undefined.
 */
function transactionFilterReason(
  stores: OtherItemsStores,
  row: QueuedEnvelope,
  json: JsonObject | undefined,
): string | undefined {
  if (!json) return undefined;
  normalizeTransactionIps(json, row);
  const filters = inboundFiltersFor(stores.db, row.projectId);
  if (!filters) return undefined;
  return filterEvent(json, { type: 'transaction', clientIp: row.clientIp }, compiledFiltersFor(filters));
}

/**
 * As Relay's `event::finalize`, the event id of the envelope (ingest filled one in when it had
 * none, and answered it), else the payload's own, written into the payload.
 */
function finalizeEventId(json: JsonObject, envelopeEventId: unknown): void {
  const eventId = parseEventId(envelopeEventId) ?? parseEventId(json.event_id);
  if (eventId !== undefined) json.event_id = eventId;
}

/**
 * `envelope`: the envelope's headers: its `event_id`, and its `sent_at`, which corrects the clock
 * of session timestamps. `onStored` is given each item stored with its JSON (the pipeline detects
 * performance issues in transactions there). Returns the types of the items stored (what the pages showing them must
 * read again).
 */
export function storeOtherItems(
  stores: OtherItemsStores,
  row: QueuedEnvelope,
  items: readonly OtherItem[],
  now: number,
  envelope: Readonly<Record<string, unknown>> = {},
  onStored?: (item: { type: string; json: JsonObject }) => void,
): Set<string> {
  const stored = new Set<string>();
  if (items.length === 0) return stored;
  let context: SessionContext | undefined;
  const sessionCtx = () => {
    context ??= sessionContext(row.receivedAt, envelope.sent_at, row.clientIp);
    return context;
  };
  const insert = stmt(
    stores.db,
    `INSERT INTO item_store (project_id, type, received, event_id, associated_event_id, trace_id, data)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const item of items) {
    if (!STORED_TYPES.has(item.type)) continue;
    const container = containerReason(item);
    const checkIn = item.type === 'check_in';
    const session = item.type === 'session' || item.type === 'sessions';
    const feedback = item.type === 'feedback' || item.type === 'user_report';
    const json =
      container !== undefined ||
      checkIn ||
      session ||
      feedback ||
      (!RECORDING_TYPES.has(item.type) && item.payload.length > 0 && item.payload[0] === 0x7b)
        ? parseJsonObject(item.payload)
        : undefined;
    if (!keptSession(item.type, json, sessionCtx)) continue;
    if (json && EVENT_TYPES.has(item.type)) finalizeEventId(json, envelope.event_id);
    const quantities = quantitiesOf(item, json);
    const filtered = item.type === 'transaction' ? transactionFilterReason(stores, row, json) : undefined;
    if (filtered !== undefined) {
      stores.outcomes.recordEach(
        { projectId: row.projectId, outcome: 'filtered', reason: filtered, timestamp: row.receivedAt },
        quantities,
      );
      continue;
    }
    const reason = checkIn
      ? processCheckIn(json)
      : PROFILE_TYPES.has(item.type)
        ? profileItemRefusal(item.type, json)
        : feedback
          ? feedbackItemRefusal(item.type as 'feedback' | 'user_report', json)
          : container !== undefined && !validContainer(item, json)
            ? container
            : undefined;
    if (reason !== undefined) {
      stores.outcomes.recordEach(
        { projectId: row.projectId, outcome: 'invalid', reason, timestamp: row.receivedAt },
        quantities,
      );
      continue;
    }
    const data = json ?? {
      payload_base64: Buffer.from(item.payload).toString('base64'),
      headers: item.headers,
    };
    insert.run(
      row.projectId,
      item.type,
      now,
      PROFILE_TYPES.has(item.type) && json ? profileItemId(item.type, json) : hex(json?.event_id),
      associatedEventId(item.type, json, envelope),
      itemTraceKey(item.type, json),
      encodeNode({ headers: item.headers, body: data }),
    );
    stored.add(item.type);
    if (json) onStored?.({ type: item.type, json });
    for (const name of itemEnvironments(item.type, json)) stores.environments?.note(row.projectId, name, now);
    stores.outcomes.recordEach(
      { projectId: row.projectId, outcome: 'accepted', reason: '', timestamp: row.receivedAt },
      quantities,
    );
  }
  return stored;
}
