/**
 * The parts every ingest route shares: project keys and options, limits, the queue, outcomes.
 * `queueEnvelope` is Relay's `common.rs::handle_envelope`: the steps every envelope goes through
 * before it is acknowledged, whichever route it came in on.
 */
import crypto from 'node:crypto';
import type { Logger } from '../log.ts';
import type { OutcomeStore } from '../store/outcomes.ts';
import type { ProjectStore } from '../store/projects.ts';
import { type IngestQueue, type IngestRouteName, QueueClosedError } from '../store/queue.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { clientReportOutcomes } from './client-reports.ts';
import { type Envelope, type EnvelopeHeaders, type EnvelopeItem, simpleUuid } from './envelope-parser.ts';
import { replaceEnvelopeHeaders, serializeEnvelope } from './envelope-writer.ts';
import { IngestError, queueFull, queueWriteFailed } from './errors.ts';
import { envelopeQuantities, INTERNAL_ITEM_TYPES, type Quantity, requiresEvent } from './item-types.ts';
import { checkEnvelopeLimits, DEFAULT_LIMITS, type IngestLimits } from './limits.ts';
import { ProjectConfigCache } from './project-config.ts';
import { PROJECT_QUOTA_REASON, ProjectRateLimiter } from './rate-limits.ts';
import type { RequestMeta } from './request-meta.ts';

export interface IngestServiceOptions {
  db: SqliteDb;
  projects: ProjectStore;
  queue: IngestQueue;
  outcomes: OutcomeStore;
  log: Logger;
  limits?: Partial<IngestLimits>;
  /** Envelope bytes being read or waiting for their commit, across requests; above it → 503. */
  maxInflightBytes?: number;
  /** Project that Spotlight's `/stream` (no DSN) ingests into. */
  streamProjectId?: number;
}

/** Who an envelope belongs to (Relay's `Scoping`). */
export interface Scoping {
  projectId: number;
  keyId: number | null;
}

export interface IngestService {
  readonly limits: IngestLimits;
  readonly config: ProjectConfigCache;
  readonly limiter: ProjectRateLimiter;
  readonly queue: IngestQueue;
  readonly outcomes: OutcomeStore;
  readonly log: Logger;
  readonly streamProjectId: number;
  readonly inflight: InflightBudget;
  readonly writeFailures: WriteFailures;
}

/**
 * Failed queue writes in a row (a full disk refuses every one, thousands a minute): the first is
 * logged with its error, the others only counted, and the count is logged when a write works again.
 */
export class WriteFailures {
  #count = 0;
  readonly #log: Logger;

  constructor(log: Logger) {
    this.#log = log;
  }

  failed(error: Error): void {
    if (this.#count++ === 0)
      this.#log.error(
        'ingest queue write failed (the next failures are counted until a write succeeds)',
        error,
      );
  }

  succeeded(): void {
    if (this.#count === 0) return;
    this.#log.warn(`ingest queue writes succeed again, after ${this.#count} failed`);
    this.#count = 0;
  }
}

export function createIngestService(options: IngestServiceOptions): IngestService {
  return {
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    config: new ProjectConfigCache(options.db, options.projects),
    limiter: new ProjectRateLimiter(),
    queue: options.queue,
    outcomes: options.outcomes,
    log: options.log,
    streamProjectId: options.streamProjectId ?? 1,
    inflight: new InflightBudget(options.maxInflightBytes ?? 256 * 1024 * 1024),
    writeFailures: new WriteFailures(options.log),
  };
}

/** Bytes held by requests in flight; bounds memory when clients send faster than we commit. */
export class InflightBudget {
  readonly max: number;
  #used = 0;

  constructor(max: number) {
    this.max = max;
  }

  get used(): number {
    return this.#used;
  }

  tryTake(bytes: number): boolean {
    if (this.#used > 0 && this.#used + bytes > this.max) return false;
    this.#used += bytes;
    return true;
  }

  give(bytes: number): void {
    this.#used = Math.max(0, this.#used - bytes);
  }
}

export interface EnvelopeRequest {
  scoping: Scoping;
  route: IngestRouteName;
  meta: RequestMeta;
  /** The decompressed body the envelope was parsed from. */
  body: Buffer;
  envelope: Envelope;
}

/**
 * Checks, queues (durably) and counts one envelope; resolves with the event id to answer. Items a
 * rate limit applies to are counted `rate_limited` and left out; the rest (client reports
 * included) is queued and counted before the 429 is thrown, as Relay's `handle_envelope` does.
 */
export async function queueEnvelope(
  service: IngestService,
  request: EnvelopeRequest,
): Promise<string | undefined> {
  const { envelope, scoping, meta } = request;
  // What a refusal counts; read only then (a transaction's spans need its payload parsed).
  let counted: readonly EnvelopeItem[] = envelope.items;
  try {
    if (envelope.items.some((item) => INTERNAL_ITEM_TYPES.has(item.headers.type))) {
      throw new IngestError('internal_envelope', 400, 'invalid event envelope', {
        causes: ['envelope contains internal items'],
      });
    }
    checkEnvelopeLimits(envelope, service.limits);
    const { eventId, headers } = withEventId(envelope);
    let body =
      headers === envelope.headers
        ? request.body
        : replaceEnvelopeHeaders(request.body, envelope.headersEnd, headers);
    let items = envelope.items;
    const config = service.config.project(scoping.projectId);
    const limited = service.limiter.check(scoping.projectId, config?.rateLimit, items, meta.receivedAt);
    if (limited) {
      items = items.filter((item) => !limited.items.has(item));
      // Limited sessions alone count nowhere (Relay emits no outcomes for them).
      if (limited.outcomes.length > 0)
        recordRejection(service, scoping, limited.error, limited.outcomes, meta.receivedAt);
      limited.error.recorded = true;
      counted = items;
    }
    const reports = clientReportOutcomes(
      scoping.projectId,
      envelope.headers,
      items,
      meta.receivedAt,
      config?.eventRetentionDays,
    );
    // Client reports are counted here; an envelope of nothing else has nothing left to queue.
    if (items.some((item) => item.headers.type !== 'client_report')) {
      if (limited) body = serializeItems(headers, items);
      if (!service.queue.hasRoomFor(body.length)) throw queueFull();
      // The body is not read after this: its memory moves to the queue's writer thread.
      await service.queue.enqueue(
        {
          projectId: scoping.projectId,
          keyId: scoping.keyId,
          route: request.route,
          eventId: eventId ?? null,
          ...meta,
          envelope: body,
        },
        { transfer: true },
      );
      service.writeFailures.succeeded();
    }
    for (const outcome of reports) service.outcomes.record(outcome);
    if (limited?.refused) throw limited.error;
    return eventId;
  } catch (error) {
    if (error instanceof IngestError) {
      if (!error.recorded)
        recordRejection(service, scoping, error, envelopeQuantities(counted), meta.receivedAt);
    } else if (error instanceof Error) {
      service.writeFailures.failed(error);
      const failed = queueWriteFailed(
        error instanceof QueueClosedError
          ? error.message
          : `the ingest queue could not be written: ${error.message}`,
      );
      recordRejection(service, scoping, failed, envelopeQuantities(counted), meta.receivedAt);
      throw failed;
    }
    throw error;
  }
}

/** An envelope of these items, their payloads byte for byte (what a rate limit left of one). */
function serializeItems(headers: EnvelopeHeaders, kept: readonly EnvelopeItem[]): Buffer {
  return serializeEnvelope(
    headers,
    kept.map(({ headers: { length: _length, ...itemHeaders }, payload }) => ({
      headers: itemHeaders,
      payload,
    })),
  );
}

/**
 * The envelope's event id (32 hex), generated when an item needs one, and the envelope headers
 * with it (the envelope's own when nothing had to be filled in).
 */
function withEventId(envelope: Envelope): { eventId: string | undefined; headers: EnvelopeHeaders } {
  const given = envelope.headers.event_id;
  if (typeof given === 'string') return { eventId: simpleUuid(given), headers: envelope.headers };
  if (!envelope.items.some((item) => requiresEvent(item.headers.type)))
    return { eventId: undefined, headers: envelope.headers };
  const eventId = crypto.randomUUID().replaceAll('-', '');
  return { eventId, headers: { ...envelope.headers, event_id: eventId } };
}

/** `invalid` (or `rate_limited`) outcomes for everything a refused request carried. */
export function recordRejection(
  service: IngestService,
  scoping: Scoping,
  error: IngestError,
  quantities: Quantity[],
  timestamp: number,
): void {
  const outcome = error.type === 'rate_limited' ? 'rate_limited' : 'invalid';
  const reason = error.type === 'rate_limited' ? PROJECT_QUOTA_REASON : error.discardReason;
  if (reason === undefined || error.recorded) return;
  error.recorded = true;
  // An envelope of items without a category of their own still counts once, as `default`.
  const counted = quantities.length > 0 ? quantities : [{ category: 'default', quantity: 1 }];
  for (const { category, quantity } of counted) {
    service.outcomes.record({ projectId: scoping.projectId, outcome, reason, category, quantity, timestamp });
  }
}
