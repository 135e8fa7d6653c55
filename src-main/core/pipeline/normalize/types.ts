import type { JsonObject, JsonValue } from './json.ts';

/** What the ingest request tells normalization beyond the event payload itself. */
export interface NormalizeMeta {
  /** When the envelope arrived (Relay's `received_at`). */
  receivedAt: Date;
  /** The envelope header's `sent_at` (RFC 3339), used for clock drift correction. */
  sentAt?: string;
  /** The client IP of the request (first X-Forwarded-For entry or the socket address). */
  clientIp?: string;
  /** The request's User-Agent header. */
  userAgent?: string;
  projectId: number;
  keyId?: number;
  /** The envelope header's `event_id`; it wins over the payload's. */
  envelopeEventId?: string;
  /** `sentry_client` from the auth (`name/version`), used when the event has no `sdk`. */
  sentryClient?: string;
  /**
   * The `replay_id` of the envelope's dynamic sampling context (its `trace` header): the browser SDK
   * puts the session replay there, and Relay makes it the event's `replay` context.
   */
  dscReplayId?: string;
  /**
   * The event was normalized and saved before (an imported export: `renormalize.ts`). As Relay's
   * `is_renormalize`, the top-level attributes Sentry writes on save are kept, not flagged.
   */
  renormalize?: boolean;
}

/**
 * One entry of the event's `errors` list, as Relay emits it: a stable `type`
 * (`invalid_data`, `invalid_attribute`, `value_too_long`, `future_timestamp`, …), the path of the
 * field in `name`, plus details.
 */
export type EventError = JsonObject & { type: string };

export interface NormalizeResult {
  event: JsonObject;
  /** The errors this normalization produced (also appended to `event.errors`). */
  errors: EventError[];
}

/** What every stage receives besides the event: the request meta and the error sink. */
export interface NormalizeContext {
  meta: NormalizeMeta;
  /** The errors found so far (appended to the event's own `errors` at the end). */
  errors: readonly EventError[];
  /** Receive time in unix seconds (Relay's timestamps are float seconds). */
  received: number;
  addError(type: string, name: string, details?: Record<string, JsonValue>): void;
}

/**
 * A normalization stage. It works on normalizeEvent's private copy of the event, so changing it in
 * place is safe; the caller's payload is never touched.
 */
export type NormalizeStage = (event: JsonObject, ctx: NormalizeContext) => void;
