/**
 * Client reports (`relay-event-schema` `client_report.rs`, `services/processor/report.rs`): what
 * an SDK dropped on its side, recorded as `client_discard` outcomes with the SDK's reason (and
 * what a Relay in front filtered or rate limited, as those outcomes).
 */

import { parseJsonObject } from '../pipeline/normalize/json.ts';
import type { OutcomeRecord } from '../store/outcomes.ts';
import type { EnvelopeHeaders, EnvelopeItem } from './envelope-parser.ts';

const MAX_REASON_LENGTH = 200;
const MINIMUM_CLOCK_DRIFT_MS = 55 * 60 * 1000;
const MAX_FUTURE_MS = 60 * 1000;
const DAY_MS = 24 * 3600 * 1000;
/** Relay's `DEFAULT_EVENT_RETENTION`, for a project without one. */
const DEFAULT_EVENT_RETENTION_DAYS = 90;

/** The fields of a report and the outcome each one's entries become (`ClientReportField`). */
const FIELDS = [
  ['discarded_events', 'client_discard'],
  ['filtered_events', 'filtered'],
  ['filtered_sampling_events', 'filtered'],
  ['rate_limited_events', 'rate_limited'],
] as const;

/** `Sampled:<rule ids>`, the only reason a dynamic-sampling outcome can have. */
const SAMPLED_REASON = /^Sampled:\d+(,\d+)*$/;

/**
 * The outcomes of every client report in the envelope; malformed entries are skipped. As Relay,
 * the reports are merged under one timestamp (the first a report carries, else the receive time),
 * corrected for clock drift; all of them are ignored when it is more than 60 s in the future or
 * older than the project's event retention (`services/processor/report.rs`; older Relays used
 * `max_secs_in_past`, 30 days, instead). `discarded_events` come from SDKs; the other fields, from
 * Relays in front of this one.
 */
export function clientReportOutcomes(
  projectId: number,
  headers: EnvelopeHeaders,
  items: readonly EnvelopeItem[],
  receivedAt: number,
  eventRetentionDays = DEFAULT_EVENT_RETENTION_DAYS,
): OutcomeRecord[] {
  const outcomes: OutcomeRecord[] = [];
  let reported: number | undefined;
  for (const item of items) {
    if (item.headers.type !== 'client_report') continue;
    const report = parseJsonObject(item.payload);
    if (!report) continue;
    reported ??= reportTimestamp(report.timestamp);
    for (const [field, outcome] of FIELDS) {
      const entries = Array.isArray(report[field]) ? (report[field] as unknown[]) : [];
      for (const entry of entries) {
        const parsed = parseEntry(entry);
        if (!parsed) continue;
        if (field === 'filtered_sampling_events' && !SAMPLED_REASON.test(parsed.reason)) continue;
        outcomes.push({ projectId, outcome, ...parsed, timestamp: 0 });
      }
    }
  }
  const timestamp = (reported ?? receivedAt) + clockDrift(headers, receivedAt);
  if (timestamp > receivedAt + MAX_FUTURE_MS || timestamp < receivedAt - eventRetentionDays * DAY_MS)
    return [];
  for (const outcome of outcomes) outcome.timestamp = timestamp;
  return outcomes;
}

/**
 * `{reason, category, quantity}`, or the same as a `[reason, category, quantity]` array (serde
 * reads a struct from either); a reason over 200 characters is ignored, as Relay does.
 */
function parseEntry(entry: unknown): { reason: string; category: string; quantity: number } | undefined {
  const fields = entry && typeof entry === 'object' ? (entry as Record<string, unknown>) : {};
  const [reason, category, quantity] = Array.isArray(entry)
    ? entry
    : [fields.reason, fields.category, fields.quantity];
  if (typeof reason !== 'string' || reason.length > MAX_REASON_LENGTH) return undefined;
  if (typeof category !== 'string' || typeof quantity !== 'number' || !Number.isInteger(quantity))
    return undefined;
  return { reason, category, quantity };
}

/** Unix seconds or RFC 3339 in ms; undefined when missing or unreadable. */
function reportTimestamp(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value * 1000;
  if (typeof value === 'string') {
    const parsed = Date.parse(value);
    if (!Number.isNaN(parsed)) return parsed;
  }
  return undefined;
}

/** `ClockDriftProcessor`: shift by `received - sent_at` when they differ by 55 minutes or more. */
export function clockDrift(headers: EnvelopeHeaders, receivedAt: number): number {
  if (typeof headers.sent_at !== 'string') return 0;
  const sentAt = Date.parse(headers.sent_at);
  if (Number.isNaN(sentAt)) return 0;
  const drift = receivedAt - sentAt;
  return Math.abs(drift) >= MINIMUM_CLOCK_DRIFT_MS ? drift : 0;
}
