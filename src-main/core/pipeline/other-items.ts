/**
 * Items other than error events: transactions, spans, logs, sessions, check-ins, feedback,
 * profiles, replays, metrics. Stored as received (compressed) and counted as accepted outcomes
 * in their data category; the pages that show them come later. A container item (logs, trace
 * metrics, v2 spans) whose `item_count` does not match its items is dropped as invalid, and
 * unknown item types are dropped without an outcome, as a processing Relay does.
 */
import { SPAN_V2_CONTENT_TYPE } from '../ingest/item-types.ts';
import { encodeNode } from '../store/nodestore.ts';
import type { OutcomeStore } from '../store/outcomes.ts';
import type { QueuedEnvelope } from '../store/queue.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';
import type { OtherItem } from './items.ts';
import { parseJsonObject } from './normalize/json.ts';

/** Item type → outcome data category (Relay's `Item::quantities`). */
const CATEGORIES: Record<string, string> = {
  transaction: 'transaction',
  span: 'span',
  log: 'log_item',
  otel_log: 'log_item',
  trace_metric: 'trace_metric',
  session: 'session',
  sessions: 'session',
  check_in: 'monitor',
  feedback: 'feedback',
  user_report: 'user_report_v2',
  profile: 'profile',
  profile_chunk: 'profile_chunk',
  replay_event: 'replay',
  replay_recording: 'replay',
  replay_video: 'replay',
  statsd: 'metric_bucket',
  metric_buckets: 'metric_bucket',
};

interface OtherItemsStores {
  db: SqliteDb;
  outcomes: OutcomeStore;
}

function hex(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value.replaceAll('-', '').toLowerCase() : null;
}

/** Feedback links to the event it is about (`contexts.feedback.associated_event_id`). */
function associatedEventId(type: string, json: Record<string, unknown> | undefined): string | null {
  if (!json) return null;
  if (type === 'user_report') return hex(json.event_id);
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

/** The number of items in a valid container, or undefined when Relay would reject it. */
function containerCount(item: OtherItem, json: Record<string, unknown> | undefined): number | undefined {
  const items = json?.items;
  if (!Array.isArray(items)) return undefined;
  return item.headers.item_count === items.length ? items.length : undefined;
}

/** `item_count` as the envelope declared it (Relay's `Item::quantities` count by it). */
function declaredCount(item: OtherItem): number | undefined {
  const count = Number(item.headers.item_count);
  return Number.isInteger(count) && count > 0 ? count : undefined;
}

function quantityOf(item: OtherItem, json: Record<string, unknown> | undefined): number {
  const declared = declaredCount(item);
  if (declared !== undefined) return declared;
  // A transaction also counts its spans (1 + spans) in the span category; here: the transaction.
  if (item.type === 'sessions' && Array.isArray(json?.aggregates)) return json.aggregates.length;
  return 1;
}

export function storeOtherItems(
  stores: OtherItemsStores,
  row: QueuedEnvelope,
  items: readonly OtherItem[],
  now: number,
): void {
  if (items.length === 0) return;
  const insert = stmt(
    stores.db,
    `INSERT INTO item_store (project_id, type, received, event_id, associated_event_id, data) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  for (const item of items) {
    const category = CATEGORIES[item.type];
    if (!category) continue;
    const reason = containerReason(item);
    const json =
      reason !== undefined || (item.payload.length > 0 && item.payload[0] === 0x7b)
        ? parseJsonObject(item.payload)
        : undefined;
    let quantity = quantityOf(item, json);
    if (reason !== undefined) {
      const contained = containerCount(item, json);
      if (contained === undefined) {
        stores.outcomes.record({
          projectId: row.projectId,
          outcome: 'invalid',
          reason,
          category,
          quantity: declaredCount(item) ?? 1,
          timestamp: row.receivedAt,
        });
        continue;
      }
      quantity = contained;
    }
    const data = json ?? {
      payload_base64: Buffer.from(item.payload).toString('base64'),
      headers: item.headers,
    };
    insert.run(
      row.projectId,
      item.type,
      now,
      hex(json?.event_id),
      associatedEventId(item.type, json),
      encodeNode({ headers: item.headers, body: data }),
    );
    stores.outcomes.record({
      projectId: row.projectId,
      outcome: 'accepted',
      reason: '',
      category,
      quantity,
      timestamp: row.receivedAt,
    });
  }
}
