/**
 * The envelope parser, byte-exact with Relay (`envelope/mod.rs` `parse_headers`/`parse_items`,
 * `envelope/item.rs` `Item::parse`). Works on Buffers: payloads are binary-safe and `length`
 * counts bytes. Headers are JSON objects read like serde_json's StreamDeserializer does: leading
 * JSON whitespace is skipped, the value ends at its closing brace, and the next byte must be
 * `\n` or the end of the body.
 */
import { isAscii } from 'node:buffer';
import { EnvelopeError } from './envelope-error.ts';

export { EnvelopeError } from './envelope-error.ts';

export type EnvelopeHeaders = Record<string, unknown>;

export interface ItemHeaders {
  type: string;
  length?: number;
  [key: string]: unknown;
}

export interface EnvelopeItem {
  headers: ItemHeaders;
  /** A view into the request body (no copy). */
  payload: Buffer;
}

export interface Envelope {
  headers: EnvelopeHeaders;
  items: EnvelopeItem[];
  /** Offset of the first byte after the envelope header's line (its `\n` included). */
  headersEnd: number;
}

const NEWLINE = 0x0a;
const MAX_LENGTH = 0xffff_ffff; // `length` is a u32 in Relay.

/** Fields that serde deserializes into struct members: a duplicate is an error there. */
const KNOWN_ENVELOPE_FIELDS = fieldBits(['event_id', 'dsn', 'sdk', 'sent_at', 'trace', 'retention']);
const KNOWN_ITEM_FIELDS = fieldBits([
  'type',
  'length',
  'content_type',
  'filename',
  'attachment_type',
  'item_count',
  'platform',
  'meta_length',
  'span_count',
  'routing_hint',
  'sample_rates',
]);

/** Each known field's bit: the fields seen in one header are an integer, not a Set per header. */
function fieldBits(names: readonly string[]): ReadonlyMap<string, number> {
  return new Map(names.map((name, at) => [name, 1 << at]));
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function parseEnvelope(body: Buffer): Envelope {
  const header = readHeader(body, 0, 'envelope', KNOWN_ENVELOPE_FIELDS);
  validateEnvelopeHeaders(header.value);
  let offset = afterHeader(body, header.end);
  const headersEnd = offset;
  const items: EnvelopeItem[] = [];
  while (offset < body.length) {
    const item = readItem(body, offset);
    items.push(item.item);
    offset = item.next;
  }
  return { headers: header.value, items, headersEnd };
}

/** After a header: end of body, or exactly one `\n`. */
function afterHeader(body: Buffer, end: number): number {
  if (end === body.length) return end;
  if (body[end] !== NEWLINE) throw new EnvelopeError('missing newline after header or payload');
  return end + 1;
}

function readItem(body: Buffer, offset: number): { item: EnvelopeItem; next: number } {
  const header = readHeader(body, offset, 'item', KNOWN_ITEM_FIELDS);
  const headers = validateItemHeaders(header.value);
  const payloadStart = afterHeader(body, header.end);
  const length = headers.length;
  if (length !== undefined) {
    const payloadEnd = payloadStart + length;
    if (payloadEnd > body.length) throw new EnvelopeError('unexpected end of file');
    const payload = body.subarray(payloadStart, payloadEnd);
    return { item: { headers, payload }, next: afterHeader(body, payloadEnd) };
  }
  // Implicit length: up to the next `\n` (a `\r` before it belongs to the payload) or the end.
  if (payloadStart >= body.length)
    return { item: { headers, payload: body.subarray(body.length) }, next: body.length };
  const newline = body.indexOf(NEWLINE, payloadStart);
  if (newline === -1) return { item: { headers, payload: body.subarray(payloadStart) }, next: body.length };
  return { item: { headers, payload: body.subarray(payloadStart, newline) }, next: newline + 1 };
}

function validateEnvelopeHeaders(headers: EnvelopeHeaders): void {
  const eventId = headers.event_id;
  if (eventId !== undefined && eventId !== null && (typeof eventId !== 'string' || !isUuid(eventId))) {
    throw new EnvelopeError('invalid envelope header: event_id is not a valid UUID');
  }
  const dsn = headers.dsn;
  if (dsn !== undefined && dsn !== null && typeof dsn !== 'string') {
    throw new EnvelopeError('invalid envelope header: dsn is not a string');
  }
  const sentAt = headers.sent_at;
  if (
    sentAt !== undefined &&
    sentAt !== null &&
    (typeof sentAt !== 'string' || Number.isNaN(Date.parse(sentAt)))
  ) {
    throw new EnvelopeError('invalid envelope header: sent_at is not an RFC 3339 timestamp');
  }
}

function validateItemHeaders(headers: Record<string, unknown>): ItemHeaders {
  const type = headers.type;
  if (typeof type !== 'string')
    throw new EnvelopeError('invalid item header: missing or invalid field `type`');
  const length = headers.length;
  if (length !== undefined && length !== null) {
    if (typeof length !== 'number' || !Number.isInteger(length) || length < 0 || length > MAX_LENGTH) {
      throw new EnvelopeError('invalid item header: `length` is not a u32');
    }
  }
  if (length === null) delete headers.length;
  return headers as ItemHeaders;
}

export function isUuid(value: string): boolean {
  return (
    /^[0-9a-fA-F]{32}$/.test(value) || /^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$/.test(value)
  );
}

/** A UUID as Relay serialises it: 32 lowercase hex digits. */
export function simpleUuid(value: string): string {
  return value.replaceAll('-', '').toLowerCase();
}

/**
 * Reads one JSON object starting at `start` (after JSON whitespace) and returns it with the
 * offset just past its closing brace. Scans for the end first so that a header never reads into
 * a binary payload, then lets JSON.parse validate the slice.
 */
function readHeader(
  body: Buffer,
  start: number,
  what: 'envelope' | 'item',
  knownFields: ReadonlyMap<string, number>,
): { value: Record<string, unknown>; end: number } {
  let i = start;
  while (i < body.length && isJsonWhitespace(body[i]!)) i++;
  if (i >= body.length) throw new EnvelopeError('unexpected end of file');
  if (body[i] !== 0x7b) throw new EnvelopeError(`invalid ${what} header: expected a JSON object`);
  const end = scanObjectEnd(body, i, what, knownFields);
  let value: unknown;
  try {
    // Headers are nearly always ASCII, which reads the same as Latin-1 and cannot be invalid
    // UTF-8: the strict decoder is only needed for the others.
    const raw = body.subarray(i, end);
    const text = isAscii(raw) ? raw.toString('latin1') : utf8.decode(raw);
    value = JSON.parse(text);
  } catch (error) {
    throw new EnvelopeError(`invalid ${what} header: ${(error as Error).message}`);
  }
  return { value: value as Record<string, unknown>, end };
}

function isJsonWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** Finds the byte after the object's closing brace; rejects duplicate known top-level fields. */
function scanObjectEnd(
  body: Buffer,
  open: number,
  what: string,
  knownFields: ReadonlyMap<string, number>,
): number {
  let depth = 0;
  let expectKey = false;
  let seen = 0;
  for (let i = open; i < body.length; i++) {
    const byte = body[i]!;
    if (byte === 0x22) {
      const close = scanStringEnd(body, i);
      if (depth === 1 && expectKey) {
        const key = decodeKey(body, i, close);
        const bit = knownFields.get(key);
        if (bit !== undefined) {
          if (seen & bit) throw new EnvelopeError(`invalid ${what} header: duplicate field \`${key}\``);
          seen |= bit;
        }
        expectKey = false;
      }
      i = close;
    } else if (byte === 0x7b || byte === 0x5b) {
      depth++;
      expectKey = byte === 0x7b && depth === 1;
    } else if (byte === 0x7d || byte === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
    } else if (byte === 0x2c && depth === 1) {
      expectKey = true;
    }
  }
  throw new EnvelopeError('unexpected end of file');
}

/** Index of the closing quote of the string opening at `open`. */
function scanStringEnd(body: Buffer, open: number): number {
  for (let i = open + 1; i < body.length; i++) {
    const byte = body[i]!;
    if (byte === 0x5c) i++;
    else if (byte === 0x22) return i;
  }
  throw new EnvelopeError('unexpected end of file');
}

function decodeKey(body: Buffer, open: number, close: number): string {
  const raw = body.subarray(open, close + 1);
  if (raw.indexOf(0x5c) === -1) return raw.toString('latin1', 1, raw.length - 1);
  try {
    return JSON.parse(raw.toString('utf8')) as string;
  } catch {
    return raw.toString('latin1');
  }
}
