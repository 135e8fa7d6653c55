import { normalizeSecurityReport } from '../security-report.ts';
import { normalizeBreadcrumbs } from './breadcrumbs.ts';
import { normalizeClientSdk } from './client_sdk.ts';
import { normalizeTimestamps } from './clock_drift.ts';
import { normalizeContexts } from './contexts.ts';
import { normalizeDefaultAttributes } from './default_attributes.ts';
import { normalizeEventId } from './event_id.ts';
import { normalizeEventType } from './event_type.ts';
import { normalizeExceptions } from './exception.ts';
import { normalizeIpAddresses } from './ip_address.ts';
import { cloneJson, type JsonObject, type JsonValue } from './json.ts';
import { legacyAliases } from './legacy_aliases.ts';
import { normalizeLevel } from './level.ts';
import { normalizeLogentry } from './logentry.ts';
import { normalizeLogger } from './logger.ts';
import { addErrorMeta } from './meta.ts';
import { scrubPii } from './pii_scrubbing.ts';
import { normalizePlatform } from './platform.ts';
import { normalizeReleaseDist } from './release.ts';
import { removeOther } from './remove_other.ts';
import { normalizeRequest } from './request.ts';
import { skipNullFields } from './skip_nulls.ts';
import { normalizeTags } from './tags.ts';
import { trimEvent } from './trimming.ts';
import type {
  EventError,
  NormalizeContext,
  NormalizeMeta,
  NormalizeResult,
  NormalizeStage,
} from './types.ts';
import { normalizeUser } from './user.ts';
import { normalizeUserAgent } from './user_agent.ts';

/** Relay's order: shape first, then attributes, then trimming, and PII scrubbing last. */
const STAGES: readonly NormalizeStage[] = [
  legacyAliases,
  normalizeEventId,
  normalizeTimestamps,
  removeOther,
  // A security report's logger, client IP and User-Agent header, read by the stages after it.
  (event, ctx) => normalizeSecurityReport(event, ctx.meta.clientIp, ctx.meta.userAgent),
  normalizeRequest,
  normalizeIpAddresses,
  normalizeTags,
  normalizeReleaseDist,
  normalizeUser,
  normalizeLogentry,
  normalizeBreadcrumbs,
  normalizeExceptions,
  normalizeUserAgent,
  normalizePlatform,
  normalizeEventType,
  normalizeLevel,
  normalizeLogger,
  normalizeClientSdk,
  normalizeDefaultAttributes,
  normalizeContexts,
  // As Relay writes the event out; before scrubbing, whose removed values keep their null (Relay
  // annotates them) and before trimming, which then has less to walk.
  skipNullFields,
  trimEvent,
  scrubPii,
];

/**
 * Normalizes one error/default event payload as Relay does before it is stored (ingest.md §9).
 * Pure: the input is not modified; the result carries the new event and the errors found, which
 * are also appended to `event.errors` as Relay does.
 */
export function normalizeEvent(input: JsonObject, meta: NormalizeMeta): NormalizeResult {
  return normalizeEventInPlace(cloneJson(input), meta);
}

/**
 * `normalizeEvent` for a payload nobody else holds (the pipeline's freshly parsed item): the
 * stages rewrite `event` itself instead of a copy.
 */
export function normalizeEventInPlace(event: JsonObject, meta: NormalizeMeta): NormalizeResult {
  const errors: EventError[] = [];
  const ctx: NormalizeContext = {
    meta,
    errors,
    received: meta.receivedAt.getTime() / 1000,
    addError(type: string, name: string, details: Record<string, JsonValue> = {}) {
      errors.push({ type, name, ...details });
    },
  };
  for (const stage of STAGES) stage(event, ctx);
  const previous = Array.isArray(event.errors) ? event.errors : [];
  event.errors = [...previous, ...errors];
  for (const error of errors) addErrorMeta(event, error);
  return { event, errors };
}
