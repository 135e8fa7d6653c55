/**
 * The trace an item of `item_store` belongs to, kept in its `trace_id` column (16 bytes) so that the
 * trace of an event finds its transactions and streamed spans in the index `item_store_trace`
 * (`transactions.ts`) instead of decoding every stored item. Written by the pipeline as it stores the
 * item: a look at the JSON it already parsed, nothing more.
 */
import { profiledTransaction } from '../profiles/item-keys.ts';
import type { Migration } from '../store/migrations.ts';

const TRACE_ID = /^[0-9a-f]{32}$/;

/** Accepts Sentry's 32 hex digits, or a UUID with dashes, in either case; anything else is no trace. */
export function traceKey(value: unknown): Buffer | null {
  if (typeof value !== 'string') return null;
  const hex = value.replaceAll('-', '').toLowerCase();
  return TRACE_ID.test(hex) ? Buffer.from(hex, 'hex') : null;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * The trace of a stored item: a transaction's `contexts.trace.trace_id`; a standalone span's
 * `trace_id`; a span v2 container's first span's (an SDK sends the spans of one trace together, as
 * the envelope's one `trace` header says); a v1 profile's transaction's. Other items are in no trace here.
 */
export function itemTraceKey(type: string, json: Record<string, unknown> | undefined): Buffer | null {
  if (!json) return null;
  if (type === 'transaction') return traceKey(field(field(json.contexts, 'trace'), 'trace_id'));
  // A v1 profile, in the trace of the transaction it profiled (`profiles/trace-profiles.ts`).
  if (type === 'profile') return traceKey(field(profiledTransaction(json), 'trace_id'));
  if (type !== 'span') return null;
  const items = json.items;
  return traceKey(Array.isArray(items) ? field(items[0], 'trace_id') : json.trace_id);
}

export const ITEM_TRACE_MIGRATION: Migration = {
  name: '0116_item_store_trace_id',
  sql: `
    -- The trace of a transaction or span item (16 bytes), for the trace of an event. The index is by
    -- arrival, then trace: a new item lands at its end, on pages the batch writes anyway (keyed by
    -- the random trace id first, it cost 0.5 WAL page more a transaction, measured), and a trace is
    -- found among the entries of its time window, read from the index alone. Partial: items in no
    -- trace (sessions, logs, check-ins …) add nothing. Items stored before are not in it (their JSON
    -- is compressed, out of SQL's reach).
    ALTER TABLE item_store ADD COLUMN trace_id BLOB;
    CREATE INDEX item_store_trace ON item_store(received, trace_id) WHERE trace_id IS NOT NULL;
  `,
};
