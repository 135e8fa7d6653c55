/**
 * Client reports (`relay-event-schema` `client_report.rs`, `services/processor/report.rs`): what
 * an SDK dropped on its side, recorded as `client_discard` outcomes with the SDK's reason.
 * The timestamp is corrected for clock drift like Relay does, and reports too old or too far in
 * the future are ignored.
 */

import { parseJsonObject } from '../pipeline/normalize/json.ts';
import type { OutcomeRecord } from '../store/outcomes.ts';
import type { EnvelopeHeaders, EnvelopeItem } from './envelope-parser.ts';

const MAX_REASON_LENGTH = 200;
const MINIMUM_CLOCK_DRIFT_MS = 55 * 60 * 1000;
const MAX_FUTURE_MS = 60 * 1000;
const MAX_AGE_MS = 30 * 24 * 3600 * 1000;

interface DiscardedEvent {
  reason?: unknown;
  category?: unknown;
  quantity?: unknown;
}

/** `client_discard` outcomes of every client report in the envelope; malformed reports are skipped. */
export function clientReportOutcomes(
  projectId: number,
  headers: EnvelopeHeaders,
  items: readonly EnvelopeItem[],
  receivedAt: number,
): OutcomeRecord[] {
  const drift = clockDrift(headers, receivedAt);
  const outcomes: OutcomeRecord[] = [];
  for (const item of items) {
    if (item.headers.type !== 'client_report') continue;
    const report = parseJsonObject(item.payload);
    if (!report) continue;
    const timestamp = reportTimestamp(report.timestamp, receivedAt) + drift;
    if (timestamp > receivedAt + MAX_FUTURE_MS || timestamp < receivedAt - MAX_AGE_MS) continue;
    const discarded = Array.isArray(report.discarded_events)
      ? (report.discarded_events as DiscardedEvent[])
      : [];
    for (const entry of discarded) {
      const { reason, category, quantity } = entry ?? {};
      if (typeof reason !== 'string' || reason.length > MAX_REASON_LENGTH) continue;
      if (typeof category !== 'string' || typeof quantity !== 'number' || !Number.isInteger(quantity))
        continue;
      outcomes.push({ projectId, outcome: 'client_discard', reason, category, quantity, timestamp });
    }
  }
  return outcomes;
}

/** Unix seconds or RFC 3339; missing → received time. */
function reportTimestamp(value: unknown, receivedAt: number): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value * 1000;
  if (typeof value === 'string') {
    const parsed = Date.parse(value);
    if (!Number.isNaN(parsed)) return parsed;
  }
  return receivedAt;
}

/** `ClockDriftProcessor`: shift by `received - sent_at` when they differ by 55 minutes or more. */
export function clockDrift(headers: EnvelopeHeaders, receivedAt: number): number {
  if (typeof headers.sent_at !== 'string') return 0;
  const sentAt = Date.parse(headers.sent_at);
  if (Number.isNaN(sentAt)) return 0;
  const drift = receivedAt - sentAt;
  return Math.abs(drift) >= MINIMUM_CLOCK_DRIFT_MS ? drift : 0;
}
