import type { JsonObject } from './json.ts';
import { moveMeta } from './meta.ts';
import type { NormalizeStage } from './types.ts';

// Relay's event schema accepts the old Python interface names (`legacy_alias` in
// relay-event-schema). The canonical name wins when both are sent. What the SDK annotated in
// `_meta` (the Python SDK's own trimming of a long `message`) goes along with the value, or away
// with it when the canonical name wins.
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
    const taken = event[field] === undefined || event[field] === null;
    if (taken) event[field] = value ?? null;
    if (event._meta !== undefined) moveMeta(event, [alias], taken ? [field] : undefined);
  }
};
