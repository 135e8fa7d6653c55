import { randomUUID } from 'node:crypto';
import type { JsonObject } from './json.ts';
import type { NormalizeStage } from './types.ts';

const UUID_RE = /^[0-9a-f]{32}$/;

/**
 * Relay's `EventId`: a UUID written as 32 hex digits or 36 with dashes (optionally in braces or
 * as a `urn:uuid:`), serialized as 32 lowercase hex digits. Returns undefined when not a UUID.
 */
export function parseEventId(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  let text = value.trim().toLowerCase();
  if (text.startsWith('urn:uuid:')) text = text.slice('urn:uuid:'.length);
  if (text.startsWith('{') && text.endsWith('}')) text = text.slice(1, -1);
  if (text.length === 36) {
    if (text[8] !== '-' || text[13] !== '-' || text[18] !== '-' || text[23] !== '-') return undefined;
    text = text.replaceAll('-', '');
  }
  return UUID_RE.test(text) ? text : undefined;
}

export function generateEventId(): string {
  return randomUUID().replaceAll('-', '');
}

/** The envelope header's event id wins; an invalid payload id is replaced with an error. */
export const normalizeEventId: NormalizeStage = (event: JsonObject, ctx) => {
  const fromEnvelope = parseEventId(ctx.meta.envelopeEventId);
  const raw = event.event_id;
  const fromPayload = parseEventId(raw);
  if (raw !== undefined && raw !== null && fromPayload === undefined && fromEnvelope === undefined) {
    ctx.addError('invalid_data', 'event_id', { value: raw, reason: 'expected an event id' });
  }
  event.event_id = fromEnvelope ?? fromPayload ?? generateEventId();
};
