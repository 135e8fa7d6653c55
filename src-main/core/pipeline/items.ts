/**
 * Splits a queued envelope into what the pipeline handles: at most one error/default event (from an
 * `event` or `security` item), and everything else (transactions, spans, logs, sessions,
 * check-ins, feedback, attachments …) kept as typed items.
 */
import { type Envelope, parseEnvelope } from '../ingest/envelope-parser.ts';
import type { JsonObject } from './normalize/json.ts';
import { isObject } from './normalize/json.ts';

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

const EVENT_ITEM_TYPES = new Set(['event', 'security', 'raw_security']);
/** Handled at ingest (outcomes) or by Relay only; nothing to store. */
const SKIPPED_TYPES = new Set(['client_report', 'integration']);

export class InvalidItemError extends Error {
  readonly reason: string;
  constructor(reason: string, message: string) {
    super(message);
    this.reason = reason;
  }
}

export function extractEnvelope(body: Buffer): ExtractedEnvelope {
  const envelope = parseEnvelope(body);
  let event: JsonObject | undefined;
  const attachments: OtherItem[] = [];
  const others: OtherItem[] = [];
  for (const item of envelope.items) {
    const type = String(item.headers.type);
    const headers = item.headers as Record<string, unknown>;
    if (EVENT_ITEM_TYPES.has(type)) {
      event = parseJsonPayload(item.payload, type);
    } else if (type === 'attachment') {
      attachments.push({ type, headers, payload: item.payload });
    } else if (!SKIPPED_TYPES.has(type)) {
      others.push({ type, headers, payload: item.payload });
    }
  }
  return { envelope, event, attachments, others };
}

export function parseJsonPayload(payload: Buffer, type: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(payload.toString('utf8'));
  } catch (error) {
    throw new InvalidItemError('invalid_json', `${type} item is not JSON: ${(error as Error).message}`);
  }
  if (!isObject(value)) throw new InvalidItemError('invalid_json', `${type} item is not a JSON object`);
  return value;
}
