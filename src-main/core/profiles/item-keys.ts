/**
 * What the pipeline keeps of profiles in `item_store`'s indexed columns as it stores an item, so that
 * profiles are found without decoding every item (`read.ts`): a v1 `profile`'s transaction (its event
 * id in `associated_event_id`, its trace in `trace_id`), a `profile_chunk`'s profiler (its
 * `profiler_id` in `associated_event_id`, its `chunk_id` as the item's `event_id`), and the profiler
 * that ran during a transaction (a transaction's `contexts.profile.profiler_id`, a streamed segment's
 * `sentry.profiler_id` attribute, in the transaction's or span item's `associated_event_id`).
 */
import { type Json, obj, text } from '../store/item-json.ts';

const HEX32 = /^[0-9a-f]{32}$/;

function hex32(value: unknown): string | null {
  const hex = text(value)?.replaceAll('-', '').toLowerCase() ?? null;
  return hex !== null && HEX32.test(hex) ? hex : null;
}

/** The transaction a v1 profile is bound to, as Relay picks it (`transaction`, else the first of `transactions`). */
export function profiledTransaction(json: Json): Json | undefined {
  return obj(json.transaction) ?? obj(Array.isArray(json.transactions) ? json.transactions[0] : undefined);
}

/** The profiler a streamed segment names (span v2 attributes are `{value, type}`). */
function segmentProfilerId(json: Json): string | null {
  const spans = Array.isArray(json.items) ? json.items : [json];
  for (const value of spans) {
    const span = obj(value);
    const attribute = obj(obj(span?.attributes)?.['sentry.profiler_id'])?.value;
    const id = hex32(attribute) ?? hex32(obj(span?.data)?.profiler_id);
    if (span?.is_segment === true && id !== null) return id;
  }
  return null;
}

/** The profiler id or profiled transaction kept in `associated_event_id`, or null for other items. */
export function profileAssociation(type: string, json: Json): string | null {
  switch (type) {
    case 'profile': {
      const transaction = profiledTransaction(json);
      return transaction ? hex32(transaction.id) : null;
    }
    case 'profile_chunk':
      return hex32(json.profiler_id);
    case 'transaction':
      return hex32(obj(obj(json.contexts)?.profile)?.profiler_id);
    case 'span':
      return segmentProfilerId(json);
    default:
      return null;
  }
}

/** The id a profile item is known by (`event_id` column): a v1 profile's id, a chunk's `chunk_id`. */
export function profileItemId(type: string, json: Json): string | null {
  if (type === 'profile_chunk') return hex32(json.chunk_id);
  return hex32(json.event_id) ?? hex32(json.profile_id);
}

/** A v1 profile's trace (32 hex), kept in `trace_id` as a transaction's is. */
export function profileTraceId(json: Json): string | null {
  const transaction = profiledTransaction(json);
  return transaction ? hex32(transaction.trace_id) : null;
}
