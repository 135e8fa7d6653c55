/**
 * Serialises envelopes for the routes that do not receive one (store, minidump, security,
 * attachments): Relay turns every request into an envelope, so the queue holds only envelopes.
 * Every item gets an explicit `length`, which makes any payload byte-safe.
 */
import type { EnvelopeHeaders, ItemHeaders } from './envelope-parser.ts';

export interface OutgoingItem {
  headers: Omit<ItemHeaders, 'length'>;
  payload: Buffer;
}

export function serializeEnvelope(headers: EnvelopeHeaders, items: OutgoingItem[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`${JSON.stringify(headers)}\n`)];
  for (const item of items) {
    parts.push(Buffer.from(`${JSON.stringify({ ...item.headers, length: item.payload.length })}\n`));
    parts.push(item.payload, Buffer.from('\n'));
  }
  return Buffer.concat(parts);
}

/** Replaces the envelope header line, keeping the items byte for byte (Relay fills in `event_id`). */
export function replaceEnvelopeHeaders(body: Buffer, headersEnd: number, headers: EnvelopeHeaders): Buffer {
  const line = Buffer.from(`${JSON.stringify(headers)}\n`);
  return Buffer.concat([line, body.subarray(headersEnd)]);
}
