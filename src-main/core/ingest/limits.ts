/**
 * Relay's size and count limits (`relay-config` `Limits::default()`, newest) and the per-envelope
 * item rules of `utils/sizes.rs`. A violation rejects the whole envelope with 413 and outcome
 * `invalid` / `too_large:<type>`.
 */

import type { Envelope, EnvelopeItem } from './envelope-parser.ts';
import { IngestError } from './errors.ts';
import { EVENT_ITEM_TYPES, itemCount, SPAN_V2_CONTENT_TYPE } from './item-types.ts';

const KiB = 1024;
const MiB = 1024 * KiB;

export interface IngestLimits {
  maxEnvelopeSize: number;
  maxEventSize: number;
  maxAttachmentSize: number;
  maxAttachmentsSize: number;
  maxAttachmentCount: number;
  maxClientReportsSize: number;
  maxClientReportsCount: number;
  maxCheckInSize: number;
  maxSessionCount: number;
  maxSessionsSize: number;
  maxProfileSize: number;
  maxLogSize: number;
  maxContainerSize: number;
  maxSpanSize: number;
  maxStandaloneSpanCount: number;
  maxTraceMetricSize: number;
  maxStatsdSize: number;
  maxMetricBucketsSize: number;
  maxReplayCompressedSize: number;
  maxReplayMessageSize: number;
  maxApiPayloadSize: number;
}

export const DEFAULT_LIMITS: Readonly<IngestLimits> = {
  maxEnvelopeSize: 200 * MiB,
  maxEventSize: 1 * MiB,
  maxAttachmentSize: 200 * MiB,
  maxAttachmentsSize: 200 * MiB,
  maxAttachmentCount: 30,
  maxClientReportsSize: 100 * KiB,
  maxClientReportsCount: 100,
  maxCheckInSize: 100 * KiB,
  maxSessionCount: 100,
  maxSessionsSize: 10 * MiB,
  maxProfileSize: 50 * MiB,
  maxLogSize: 2 * MiB,
  maxContainerSize: 12 * MiB,
  maxSpanSize: 10 * MiB,
  maxStandaloneSpanCount: 25,
  maxTraceMetricSize: 1 * MiB,
  maxStatsdSize: 1 * MiB,
  maxMetricBucketsSize: 1 * MiB,
  maxReplayCompressedSize: 10 * MiB,
  maxReplayMessageSize: 15 * MiB,
  maxApiPayloadSize: 20 * MiB,
};

/** Relay's `DiscardItemType` for attachments: `attachment:<kind>`. */
const ATTACHMENT_KINDS: Record<string, string> = {
  'event.attachment': 'attachment',
  'event.minidump': 'minidump',
  'event.applecrashreport': 'apple_crash_report',
  'event.payload': 'event_payload',
  'event.breadcrumbs': 'breadcrumbs',
  'event.view_hierarchy': 'view_hierarchy',
  'unreal.context': 'unreal_context',
  'unreal.logs': 'unreal_logs',
  'playstation.prosperodump': 'prosperodump',
  'nswitch.dying_message': 'dying_message',
};

function discardItemType(item: EnvelopeItem): string {
  if (item.headers.type !== 'attachment') return item.headers.type;
  const kind = item.headers.attachment_type;
  return `attachment:${(typeof kind === 'string' && ATTACHMENT_KINDS[kind]) || 'attachment'}`;
}

export function tooLarge(type: string): IngestError {
  return new IngestError(`too_large:${type}`, 413, `envelope exceeded size limits for type '${type}'`);
}

interface Budget {
  /** Items of this class seen so far. */
  count: number;
  bytes: number;
}

/** Throws `too_large:<type>` for the first item breaking a rule, as `check_envelope_size_limits` does. */
export function checkEnvelopeLimits(envelope: Envelope, limits: IngestLimits): void {
  const budgets = new Map<string, Budget>();
  const take = (key: string, bytes: number): Budget => {
    const budget = budgets.get(key) ?? { count: 0, bytes: 0 };
    budget.count++;
    budget.bytes += bytes;
    budgets.set(key, budget);
    return budget;
  };
  for (const item of envelope.items) {
    if (!itemWithinLimits(item, limits, take)) throw tooLarge(discardItemType(item));
  }
}

function itemWithinLimits(
  item: EnvelopeItem,
  limits: IngestLimits,
  take: (key: string, bytes: number) => Budget,
): boolean {
  const size = item.payload.length;
  const type = item.headers.type;
  // form_data comes next to the event item from Relay's own minidump endpoint: size-checked only.
  if (type === 'form_data') return size <= limits.maxEventSize;
  if (EVENT_ITEM_TYPES.has(type)) return take('event', size).count <= 1 && size <= limits.maxEventSize;
  switch (type) {
    case 'attachment':
    case 'user_report': {
      const budget = take('attachment', size);
      return (
        size <= limits.maxAttachmentSize &&
        budget.bytes <= limits.maxAttachmentsSize &&
        budget.count <= limits.maxAttachmentCount
      );
    }
    case 'session':
    case 'sessions': {
      const budget = take('session', size);
      return budget.count <= limits.maxSessionCount && budget.bytes <= limits.maxSessionsSize;
    }
    case 'client_report': {
      const budget = take('client_report', size);
      return budget.count <= limits.maxClientReportsCount && size <= limits.maxClientReportsSize;
    }
    case 'check_in':
      return take('check_in', size).count <= 1 && size <= limits.maxCheckInSize;
    case 'profile':
    case 'profile_chunk':
    case 'profile_chunk_ui':
      return take('profile', size).count <= 1 && size <= limits.maxProfileSize;
    case 'replay_recording':
      return take(type, size).count <= 1 && size <= limits.maxReplayCompressedSize;
    case 'replay_video':
      return take(type, size).count <= 1 && size <= limits.maxReplayMessageSize;
    case 'statsd':
      return take(type, size).count <= 1 && size <= limits.maxStatsdSize;
    case 'metric_buckets':
      return take(type, size).count <= 1 && size <= limits.maxMetricBucketsSize;
    case 'log':
      return take(type, size).count <= 1 && containerWithinLimits(item, limits.maxLogSize, limits);
    case 'trace_metric':
      return take(type, size).count <= 1 && containerWithinLimits(item, limits.maxTraceMetricSize, limits);
    case 'span':
      if (item.headers.content_type === SPAN_V2_CONTENT_TYPE) {
        return take('span_v2', size).count <= 1 && containerWithinLimits(item, limits.maxSpanSize, limits);
      }
      return take('span_v1', size).count <= limits.maxStandaloneSpanCount && size <= limits.maxSpanSize;
    default:
      // Unknown item types are not size-checked.
      return true;
  }
}

/** Containers are checked on average item size and on the whole. */
function containerWithinLimits(item: EnvelopeItem, perItem: number, limits: IngestLimits): boolean {
  const size = item.payload.length;
  return size <= limits.maxContainerSize && size / itemCount(item) <= perItem;
}
