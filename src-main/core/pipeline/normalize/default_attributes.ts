import { isObject } from './json.ts';
import type { NormalizeStage } from './types.ts';

/** The protocol version Relay writes into `version` (Sentry's `sentry_version` 7). */
export const PROTOCOL_VERSION = '7';

/**
 * Relay's server-side attributes: `project`, `key_id` and `version` are overwritten, `extra`
 * defaults to `{}` and `errors` to `[]` (errors an SDK or an earlier Relay sent are kept).
 */
export const normalizeDefaultAttributes: NormalizeStage = (event, ctx) => {
  event.project = ctx.meta.projectId;
  if (ctx.meta.keyId !== undefined) event.key_id = String(ctx.meta.keyId);
  event.version = PROTOCOL_VERSION;
  if (!isObject(event.extra)) event.extra = {};
  if (!Array.isArray(event.errors)) event.errors = [];
  if (typeof event.culprit !== 'string') delete event.culprit;
  if (typeof event.transaction !== 'string') delete event.transaction;
};
