/**
 * Splits a queued envelope into what the pipeline handles: at most one error/default event, and
 * everything else (transactions, spans, logs, sessions, check-ins, feedback, attachments …) kept
 * as typed items. The event comes, as Relay takes it (processing/event.rs `extract`), from an
 * `event` or `security` item, else a `raw_security` report, else the msgpack event and
 * breadcrumbs a native crash reporter attached, else the form fields of a minidump upload; an
 * attached minidump or Apple crash report then marks it as a native crash (native-event.ts).
 */
import { type Envelope, parseEnvelope } from '../ingest/envelope-parser.ts';
import { parseJsonPayload } from './invalid-item.ts';
import { eventFromParts, isEventSourceAttachment, withNativePlaceholder } from './native-event.ts';
import type { JsonObject } from './normalize/json.ts';
import { eventFromSecurityReport } from './security-report.ts';

export interface OtherItem {
  type: string;
  headers: Record<string, unknown>;
  payload: Buffer;
}

export interface ExtractedEnvelope {
  envelope: Envelope;
  /** The error/default event payload, when the envelope carries one. */
  event: JsonObject | undefined;
  attachments: OtherItem[];
  others: OtherItem[];
}

const EVENT_ITEM_TYPES = new Set(['event', 'security']);
/** Handled at ingest (outcomes) or by Relay only; nothing to store. */
const SKIPPED_TYPES = new Set(['client_report', 'integration']);

/** `origin`: the request's `Origin` header, which a security report's event keeps. */
export function extractEnvelope(body: Buffer, origin: string | null = null): ExtractedEnvelope {
  const envelope = parseEnvelope(body);
  let eventItem: OtherItem | undefined;
  let securityReport: OtherItem | undefined;
  let form: OtherItem | undefined;
  const sources: OtherItem[] = [];
  const attachments: OtherItem[] = [];
  const others: OtherItem[] = [];
  for (const item of envelope.items) {
    const type = String(item.headers.type);
    const part = { type, headers: item.headers as Record<string, unknown>, payload: item.payload };
    if (EVENT_ITEM_TYPES.has(type)) eventItem = part;
    else if (type === 'raw_security') securityReport = part;
    else if (type === 'form_data') form = part;
    else if (type === 'attachment') (isEventSourceAttachment(part) ? sources : attachments).push(part);
    else if (!SKIPPED_TYPES.has(type)) others.push(part);
  }
  let event: JsonObject | undefined;
  if (eventItem) event = parseJsonPayload(eventItem.payload, eventItem.type);
  else if (securityReport)
    event = eventFromSecurityReport(securityReport.payload, securityReport.headers, origin);
  else event = eventFromParts(sources, form);
  return { envelope, event: withNativePlaceholder(event, attachments), attachments, others };
}
