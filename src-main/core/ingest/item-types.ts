/**
 * What Relay knows about each item type (`envelope/item.rs`): which ones need an event id, which
 * are "event-like", and the data categories and quantities an item counts for (`Item::quantities`),
 * used for outcomes and rate limits.
 */

import { type JsonObject, parseJsonObject } from '../pipeline/normalize/json.ts';

/** Items that make up (or belong to) an event: Relay generates an `event_id` when they come without one. */
const REQUIRES_EVENT = new Set([
  'event',
  'transaction',
  'attachment',
  'feedback',
  'user_report',
  'replay_event',
  'profile',
  'security',
  'raw_security',
  'form_data',
  'unreal_report',
]);

/** At most one of these per envelope (`utils/sizes.rs`). */
export const EVENT_ITEM_TYPES = new Set([
  'event',
  'transaction',
  'security',
  'raw_security',
  'feedback',
  'replay_event',
  'form_data',
]);

/** Relay-internal items an SDK must never send (`envelope contains internal items`). */
export const INTERNAL_ITEM_TYPES = new Set(['integration']);

export const SPAN_V2_CONTENT_TYPE = 'application/vnd.sentry.items.span.v2+json';

export function requiresEvent(type: string): boolean {
  return REQUIRES_EVENT.has(type);
}

export interface Quantity {
  category: string;
  quantity: number;
}

/** An envelope item, or the pipeline's copy of one: what counting needs. */
export interface CountedItem {
  headers: Readonly<Record<string, unknown>>;
  payload: Buffer;
}

/**
 * Items that can never be containers (`ItemType::can_support_container`): an `item_count` header
 * on one of these is ignored, so it counts once.
 */
const SINGLE_ITEM_TYPES = new Set([
  'event',
  'transaction',
  'security',
  'raw_security',
  'attachment',
  'form_data',
  'nel',
  'unreal_report',
  'user_report',
  'feedback',
  'replay_event',
  'replay_recording',
  'replay_video',
]);

/** `item_count` of a container item, or 1. */
export function itemCount(item: CountedItem): number {
  if (SINGLE_ITEM_TYPES.has(String(item.headers.type))) return 1;
  const count = item.headers.item_count;
  return typeof count === 'number' && Number.isInteger(count) && count > 0 ? count : 1;
}

/** Child span counts already read from transaction payloads (a payload is parsed once). */
const spanCounts = new WeakMap<CountedItem, number>();

/**
 * The number of child spans of a transaction (`Item::span_count`): its `span_count` header when
 * set, else the length of the payload's `spans` array (0 when it has none or is not JSON).
 * `parsed`: the payload as the caller already parsed it, if it did.
 */
function spanCount(item: CountedItem, parsed: JsonObject | undefined): number {
  const header = item.headers.span_count;
  if (typeof header === 'number' && Number.isInteger(header) && header >= 0) return header;
  let count = spanCounts.get(item);
  if (count === undefined) {
    const spans = (parsed ?? parseJsonObject(item.payload))?.spans;
    count = Array.isArray(spans) ? spans.length : 0;
    spanCounts.set(item, count);
  }
  return count;
}

/** Platforms whose profile chunks count as UI profiling (`ProfileType::from_platform`). */
const UI_PROFILE_PLATFORMS = new Set(['cocoa', 'android', 'javascript']);

/**
 * Data categories and quantities of one item, as Relay counts them for outcomes and rate limits
 * (`Item::quantities`): each of a container's items (`item_count`), and attachments and log
 * containers their bytes too (at least 1). `parsed`: the payload's JSON object when the caller
 * has already parsed it (a transaction's spans are read from it instead of parsing it again).
 */
export function itemQuantities(item: CountedItem, parsed?: JsonObject): Quantity[] {
  const type = String(item.headers.type);
  const bytes = Math.max(1, item.payload.length);
  const count = itemCount(item);
  switch (type) {
    case 'event':
    case 'unreal_report':
      return [{ category: 'error', quantity: count }];
    case 'transaction':
      // Its spans count too: the transaction's own (segment) span and each child span. Relay's
      // `transaction_indexed`/`span_indexed` copies are left out: with no sampling here, every
      // transaction is both processed and stored, so they would only repeat these numbers.
      if (item.headers.spans_extracted === true) return [{ category: 'transaction', quantity: count }];
      return [
        { category: 'transaction', quantity: count },
        { category: 'span', quantity: count + spanCount(item, parsed) },
      ];
    case 'security':
    case 'raw_security':
      return [{ category: 'security', quantity: count }];
    case 'attachment':
      return [
        { category: 'attachment', quantity: bytes },
        { category: 'attachment_item', quantity: count },
      ];
    case 'session':
    case 'sessions':
      return [{ category: 'session', quantity: count }];
    case 'feedback':
    case 'user_report':
      // DataCategory::UserReportV2, whose name is `feedback`.
      return [{ category: 'feedback', quantity: count }];
    case 'check_in':
      return [{ category: 'monitor', quantity: count }];
    case 'profile':
      return [{ category: 'profile', quantity: count }];
    case 'profile_chunk':
    case 'profile_chunk_ui': {
      const { platform } = item.headers;
      // Without a platform Relay cannot tell backend from UI, and counts the chunk nowhere.
      if (typeof platform !== 'string') return [];
      const ui = UI_PROFILE_PLATFORMS.has(platform);
      return [{ category: ui ? 'profile_chunk_ui' : 'profile_chunk', quantity: count }];
    }
    case 'replay_event':
    case 'replay_recording':
    case 'replay_video':
      return [{ category: 'replay', quantity: count }];
    case 'log':
    case 'otel_log':
      return [
        { category: 'log_item', quantity: count },
        { category: 'log_byte', quantity: bytes },
      ];
    case 'trace_metric':
      return [{ category: 'trace_metric', quantity: count }];
    case 'span':
    case 'otel_span':
      return [{ category: 'span', quantity: count }];
    default:
      // client_report, form_data, statsd, metric_buckets, nel, unknown types: no category.
      return [];
  }
}

/** Sum of the quantities of all items, merged per category. */
export function envelopeQuantities(items: readonly CountedItem[]): Quantity[] {
  const totals = new Map<string, number>();
  for (const item of items) {
    for (const { category, quantity } of itemQuantities(item)) {
      totals.set(category, (totals.get(category) ?? 0) + quantity);
    }
  }
  return [...totals].map(([category, quantity]) => ({ category, quantity }));
}
