/**
 * Why a request was refused, as Relay says it: an HTTP status, the `detail` of the JSON body, the
 * error chain as `causes`, and the outcome reason (`DiscardReason::name`) when one is recorded.
 */

/** Relay's `DiscardReason` names used by the ingest endpoint (`services/outcome.rs`). */
export type DiscardReason =
  | 'project_id'
  | 'project_state'
  | 'auth_version'
  | 'empty_body'
  | 'payload'
  | 'content_type'
  | 'invalid_envelope'
  | 'invalid_compression'
  | 'invalid_json'
  | 'invalid_proto'
  | 'invalid_multipart'
  | 'internal_envelope'
  | 'missing_minidump_upload'
  | 'invalid_minidump'
  | 'security_report'
  | 'security_report_type'
  | 'invalid_event_id'
  | 'disallowed_method'
  | 'queue_failed'
  | `too_large:${string}`;

/**
 * Stable error types: a discard reason, or one of the request-level refusals that have none
 * (`rejected`: a request axum's extractors refuse before Relay's handler runs, e.g. a cron
 * check-in's query string without `status`).
 */
export type IngestErrorType = DiscardReason | 'auth' | 'not_found' | 'rate_limited' | 'rejected';

export class IngestError extends Error {
  readonly type: IngestErrorType;
  readonly status: number;
  readonly causes: string[];
  /** Extra response headers (429's `Retry-After`, 405's `Allow`). */
  readonly headers: Record<string, string>;
  /** Set once its outcome is counted, so that no refusal is counted twice. */
  recorded = false;

  constructor(
    type: IngestErrorType,
    status: number,
    detail: string,
    options: { causes?: string[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = 'IngestError';
    this.type = type;
    this.status = status;
    this.causes = options.causes ?? [];
    this.headers = options.headers ?? {};
  }

  /** The outcome reason to record, when this refusal is one Relay counts as `invalid`. */
  get discardReason(): DiscardReason | undefined {
    switch (this.type) {
      case 'auth':
      case 'not_found':
      case 'rate_limited':
      case 'rejected':
        return undefined;
      default:
        return this.type;
    }
  }
}

/** axum's extractor rejections: a plain-text reply, no outcome (the request never became an envelope). */
export const rejected = (status: number, detail: string) => new IngestError('rejected', status, detail);

export const unauthorized = (detail: string) => new IngestError('auth', 401, detail);

export const invalidEnvelope = (cause: string) =>
  new IngestError('invalid_envelope', 400, 'invalid event envelope', { causes: [cause] });

export const payloadTooLarge = () =>
  new IngestError('payload', 413, 'failed to read request body', {
    causes: ['length limit exceeded'],
  });

export const queueFull = () =>
  new IngestError('queue_failed', 503, 'failed to queue envelope', { causes: ['the ingest queue is full'] });

/**
 * The queue had room but its write failed (a full disk, an I/O error): the same reply and outcome
 * as `queueFull`, with the real reason as the cause, so an SDK's debug log does not point at a
 * bound that was never reached.
 */
export const queueWriteFailed = (cause: string) =>
  new IngestError('queue_failed', 503, 'failed to queue envelope', { causes: [cause] });
