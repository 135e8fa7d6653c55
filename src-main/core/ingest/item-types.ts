/**
 * What Relay knows about each item type (`envelope/item.rs`): which ones need an event id, which
 * are "event-like", and the data categories and quantities an item counts for (`Item::quantities`),
 * used for outcomes and rate limits.
 */

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

/** `item_count` of a container item, or 1. */
export function itemCount(item: CountedItem): number {
  const count = item.headers.item_count;
  return typeof count === 'number' && Number.isInteger(count) && count > 0 ? count : 1;
}

/** Platforms whose profile chunks count as UI profiling (`ProfileType::from_platform`). */
const UI_PROFILE_PLATFORMS = new Set(['cocoa', 'android', 'javascript']);

/**
 * Data categories and quantities of one item, as Relay counts them for outcomes and rate limits
 * (`Item::quantities`): attachments and log containers count their bytes too (at least 1).
 */
export function itemQuantities(item: CountedItem): Quantity[] {
  const type = String(item.headers.type);
  const bytes = Math.max(1, item.payload.length);
  switch (type) {
    case 'event':
    case 'unreal_report':
      return [{ category: 'error', quantity: 1 }];
    case 'transaction':
      return [{ category: 'transaction', quantity: 1 }];
    case 'security':
    case 'raw_security':
      return [{ category: 'security', quantity: 1 }];
    case 'attachment':
      return [
        { category: 'attachment', quantity: bytes },
        { category: 'attachment_item', quantity: 1 },
      ];
    case 'session':
    case 'sessions':
      return [{ category: 'session', quantity: 1 }];
    case 'feedback':
    case 'user_report':
      // DataCategory::UserReportV2, whose name is `feedback`.
      return [{ category: 'feedback', quantity: 1 }];
    case 'check_in':
      return [{ category: 'monitor', quantity: 1 }];
    case 'profile':
      return [{ category: 'profile', quantity: 1 }];
    case 'profile_chunk':
    case 'profile_chunk_ui': {
      const { platform } = item.headers;
      // Without a platform Relay cannot tell backend from UI, and counts the chunk nowhere.
      if (typeof platform !== 'string') return [];
      const ui = UI_PROFILE_PLATFORMS.has(platform);
      return [{ category: ui ? 'profile_chunk_ui' : 'profile_chunk', quantity: 1 }];
    }
    case 'replay_event':
    case 'replay_recording':
    case 'replay_video':
      return [{ category: 'replay', quantity: 1 }];
    case 'log':
    case 'otel_log':
      return [
        { category: 'log_item', quantity: itemCount(item) },
        { category: 'log_byte', quantity: bytes },
      ];
    case 'trace_metric':
      return [{ category: 'trace_metric', quantity: itemCount(item) }];
    case 'span':
    case 'otel_span':
      return [{ category: 'span', quantity: itemCount(item) }];
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
