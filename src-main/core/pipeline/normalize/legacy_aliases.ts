import type { JsonObject } from './json.ts';
import type { NormalizeStage } from './types.ts';

// Relay's event schema accepts the old Python interface names (`legacy_alias` in
// relay-event-schema). The canonical name wins when both are sent.
const LEGACY_ALIASES: ReadonlyArray<readonly [alias: string, field: string]> = [
  ['sentry.interfaces.Exception', 'exception'],
  ['sentry.interfaces.Message', 'logentry'],
  ['message', 'logentry'],
  ['sentry.interfaces.Stacktrace', 'stacktrace'],
  ['sentry.interfaces.Http', 'request'],
  ['sentry.interfaces.User', 'user'],
  ['sentry.interfaces.Template', 'template'],
  ['sentry.interfaces.Breadcrumbs', 'breadcrumbs'],
  ['sentry.interfaces.Contexts', 'contexts'],
  ['sentry.interfaces.DebugMeta', 'debug_meta'],
  ['sentry.interfaces.Threads', 'threads'],
  ['sentry.interfaces.Csp', 'csp'],
  ['sentry.interfaces.Hpkp', 'hpkp'],
  ['sentry.interfaces.ExpectCT', 'expectct'],
  ['sentry.interfaces.ExpectStaple', 'expectstaple'],
];

export const legacyAliases: NormalizeStage = (event: JsonObject) => {
  for (const [alias, field] of LEGACY_ALIASES) {
    if (!(alias in event)) continue;
    const value = event[alias];
    delete event[alias];
    if (event[field] === undefined || event[field] === null) event[field] = value ?? null;
  }
};
