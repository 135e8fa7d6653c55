/**
 * Reading the JSON of items stored as received (`item_store`: transactions, spans, logs, feedback),
 * whose shape nothing has checked: small accessors that answer undefined/null instead of trusting it.
 */
import { isObject } from '../pipeline/normalize/json.ts';
import { decodeNode } from './nodestore.ts';

export type Json = Record<string, unknown>;

export function obj(value: unknown): Json | undefined {
  return isObject(value) ? value : undefined;
}

/** A stored item's body: `item_store.data` is the compressed `{headers, body}` the pipeline kept. */
export function storedBody(data: Buffer): Json | undefined {
  return obj(obj(decodeNode(data))?.body);
}

/** A non-empty string, else null. */
export function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Seconds since the epoch (a number) or an RFC 3339 string, in milliseconds. */
export function epochMillis(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value * 1000;
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
}
