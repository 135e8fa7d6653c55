import type { JsonObject } from './json.ts';
import type { NormalizeStage } from './types.ts';

// The attributes of Relay's `Event` (relay-event-schema `protocol/event.rs`). Anything else at the
// top level is replaced by null with an `invalid_attribute` error (`RemoveOtherProcessor`).
const EVENT_ATTRIBUTES = new Set([
  'event_id',
  'level',
  'version',
  'type',
  'fingerprint',
  'culprit',
  'transaction',
  'transaction_info',
  'time_spent',
  'logentry',
  'logger',
  'modules',
  'platform',
  'timestamp',
  'start_timestamp',
  'received',
  'server_name',
  'release',
  'dist',
  'environment',
  'site',
  'user',
  'request',
  'contexts',
  'breadcrumbs',
  'exception',
  'stacktrace',
  'template',
  'threads',
  'tags',
  'extra',
  'debug_meta',
  'sdk',
  'ingest_path',
  'errors',
  'key_id',
  'project',
  'grouping_config',
  'checksum',
  'csp',
  'hpkp',
  'expectct',
  'expectstaple',
  'spans',
  'measurements',
  'breakdowns',
  'scraping_attempts',
  '_metrics',
  '_meta',
  '_dsc',
  'nel',
]);

// Sentry-internal attributes and known legacy ones are dropped without an error.
const DROPPED_SILENTLY = new Set(['metadata', 'hashes', 'applecrashreport', 'device', 'repos', 'query']);

export const removeOther: NormalizeStage = (event: JsonObject, ctx) => {
  // Relay runs RemoveOtherProcessor only on a first normalization: Sentry's stored events carry
  // `title`, `location` … of its own, and flagging them added one error per import round trip.
  if (ctx.meta.renormalize) return;
  for (const key of Object.keys(event)) {
    if (EVENT_ATTRIBUTES.has(key)) continue;
    if (DROPPED_SILENTLY.has(key)) {
      delete event[key];
      continue;
    }
    event[key] = null;
    ctx.addError('invalid_attribute', key);
  }
};
