/**
 * What Relay's OTLP integration endpoints share (`endpoints/integrations/otlp.rs`): the body is
 * OTLP/HTTP JSON or protobuf by its Content-Type (else 415), at most `max_container_size` once
 * decompressed, the key from the request (as the other routes take it). Relay queues the raw
 * request as an `integration` item and expands it while processing; Faultline expands it here, into
 * the items the pipeline stores (`span` v2 containers, `log` containers), so an OTLP request that
 * is no such message is refused with 400 instead of being dropped after the acknowledgement.
 *
 * The reply is what OTLP exporters read: 200 with an empty `Export…ServiceResponse` (`{}` in JSON,
 * no bytes in protobuf). Relay answers 202 with no body, which exporters take as success too.
 */
import type http from 'node:http';
import type { IngestRouteName } from '../../store/queue.ts';
import { requestAuth } from '../auth.ts';
import { CORS_HEADERS } from '../cors.ts';
import { parseEnvelope } from '../envelope-parser.ts';
import { serializeEnvelope } from '../envelope-writer.ts';
import { IngestError, queueFull, rejected, unauthorized } from '../errors.ts';
import { NelReportError } from '../nel.ts';
import { readIngestBody } from '../read-body.ts';
import { requestMeta } from '../request-meta.ts';
import { type IngestRequest, requireMethod } from '../router.ts';
import { authorize } from '../scoping.ts';
import { type IngestService, queueEnvelope } from '../service.ts';
import { OtlpJsonError } from './decode-json.ts';
import { WireError } from './wire.ts';

export type OtlpFormat = 'json' | 'protobuf';

/** Relay's `ContentType::Json` / `ContentType::Protobuf`; anything else is 415 without an outcome. */
/** The request's Content-Type without its parameters, lower case. */
export function mimeOf(req: http.IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

function otlpFormat(req: http.IncomingMessage): OtlpFormat {
  const mime = mimeOf(req);
  if (mime === 'application/json') return 'json';
  if (mime === 'application/x-protobuf') return 'protobuf';
  throw rejected(415, 'unsupported content type: OTLP/HTTP takes application/json or application/x-protobuf');
}

/** One container item to queue, its payload serialized. */
export interface OtlpContainer {
  type: 'span' | 'log';
  contentType: string;
  records: string[];
}

/** What a signal's conversion made of a request. */
export interface OtlpExpansion {
  containers: OtlpContainer[];
  /** Records Relay would refuse on their own (bad ids), counted `invalid` with this reason. */
  invalid?: { count: number; reason: string; category: string };
}

export interface OtlpSignal {
  /** Rate limits answer 429 (traces) or are only counted (logs), as Relay's two routes. */
  enforceRateLimits: boolean;
  /** The body's format by the request's Content-Type (415 when it has none): OTLP's own unless given. */
  formatOf?: (req: http.IncomingMessage) => OtlpFormat;
  /** The route the queue records ('otlp' unless given). */
  route?: IngestRouteName;
  expand(body: Uint8Array, format: OtlpFormat, receivedAt: number): OtlpExpansion;
}

/**
 * Splits records into containers of at most `maxBytes` of payload each: a container is one item,
 * and Relay refuses a container item above `max_container_size` (and an envelope of two).
 */
export function chunkRecords(records: string[], maxBytes: number): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let size = 0;
  const overhead = '{"version":2,"items":[]}'.length;
  for (const record of records) {
    const bytes = Buffer.byteLength(record) + 1;
    if (current.length > 0 && overhead + size + bytes > maxBytes) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(record);
    size += bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function envelopeOf(container: OtlpContainer): Buffer {
  const payload = Buffer.from(`{"version":2,"items":[${container.records.join(',')}]}`);
  return serializeEnvelope({}, [
    {
      headers: {
        type: container.type,
        item_count: container.records.length,
        content_type: container.contentType,
      },
      payload,
    },
  ]);
}

function decodeError(error: unknown): unknown {
  if (error instanceof WireError)
    return new IngestError('invalid_proto', 400, 'invalid OTLP protobuf request', {
      causes: [error.message],
    });
  if (error instanceof OtlpJsonError)
    return new IngestError('invalid_json', 400, 'invalid OTLP JSON request', { causes: [error.message] });
  if (error instanceof NelReportError)
    return new IngestError('invalid_json', 400, 'invalid NEL report', { causes: [error.message] });
  return error;
}

function sendExportResponse(res: http.ServerResponse, format: OtlpFormat): void {
  const body = format === 'json' ? Buffer.from('{}') : Buffer.alloc(0);
  res.writeHead(200, {
    ...CORS_HEADERS,
    'content-type': format === 'json' ? 'application/json' : 'application/x-protobuf',
    'content-length': body.length,
  });
  res.end(body);
}

export async function handleOtlpExport(
  service: IngestService,
  request: IngestRequest,
  signal: OtlpSignal,
): Promise<void> {
  requireMethod(request, ['POST']);
  const { req, res } = request;
  const format = (signal.formatOf ?? otlpFormat)(req);
  const auth = requestAuth(req, request.rawQuery);
  if (!auth) throw unauthorized('missing authorization information');
  const scoping = authorize(service, auth, request.match.projectId);
  request.scoping = scoping;
  const held = await readIngestBody(service, req, service.limits.maxContainerSize);
  try {
    const meta = requestMeta(req, auth.client);
    let expansion: OtlpExpansion;
    try {
      expansion = signal.expand(held.body, format, meta.receivedAt);
    } catch (error) {
      throw decodeError(error);
    }
    if (expansion.invalid && expansion.invalid.count > 0) {
      const { count, reason, category } = expansion.invalid;
      service.outcomes.record({
        projectId: scoping.projectId,
        outcome: 'invalid',
        reason,
        category,
        quantity: count,
        timestamp: meta.receivedAt,
      });
    }
    const envelopes = expansion.containers.map(envelopeOf);
    // All or none: a request refused half way would be sent again whole, its first half twice.
    const total = envelopes.reduce((sum, body) => sum + body.length, 0);
    if (envelopes.length > 0 && !service.queue.hasRoomFor(total)) throw queueFull();
    for (const body of envelopes) {
      try {
        await queueEnvelope(service, {
          scoping,
          route: signal.route ?? 'otlp',
          meta,
          body,
          envelope: parseEnvelope(body),
        });
      } catch (error) {
        if (signal.enforceRateLimits || !(error instanceof IngestError && error.type === 'rate_limited'))
          throw error;
      }
    }
    sendExportResponse(res, format);
  } finally {
    held.release();
  }
}
