/**
 * `POST /api/{project_id}/envelope/` (Relay's `endpoints/envelope.rs`): the route every modern SDK
 * uses. Auth from the request, or from the envelope header's `dsn` when the request has none.
 */
import { type Auth, parseDsn, requestAuth } from '../auth.ts';
import { type Envelope, EnvelopeError, parseEnvelope } from '../envelope-parser.ts';
import { IngestError, invalidEnvelope, unauthorized } from '../errors.ts';
import { emptyBody, readIngestBody } from '../read-body.ts';
import { requestMeta } from '../request-meta.ts';
import { sendStoreResponse } from '../responses.ts';
import { type IngestRequest, requireMethod } from '../router.ts';
import { authorize } from '../scoping.ts';
import { type IngestService, queueEnvelope } from '../service.ts';

export async function handleEnvelopeRoute(service: IngestService, request: IngestRequest): Promise<void> {
  requireMethod(request, ['POST']);
  const { req, match } = request;
  const auth = requestAuth(req, request.rawQuery);
  // With request auth the project is known before the body is read: refuse early.
  if (auth) request.scoping = authorize(service, auth, match.projectId);
  const held = await readIngestBody(service, req, service.limits.maxEnvelopeSize);
  try {
    if (held.body.length === 0) throw emptyBody();
    const envelope = parseBody(held.body);
    const effective = envelopeAuth(auth, envelope, req.headers.origin, match.projectId);
    if (!request.scoping) request.scoping = authorize(service, effective, match.projectId);
    const eventId = await queueEnvelope(service, {
      scoping: request.scoping,
      route: 'envelope',
      meta: requestMeta(req, effective.client),
      body: held.body,
      envelope,
    });
    sendStoreResponse(request.res, eventId);
  } finally {
    held.release();
  }
}

export function parseBody(body: Buffer): Envelope {
  try {
    return parseEnvelope(body);
  } catch (error) {
    if (error instanceof EnvelopeError) throw invalidEnvelope(error.message);
    throw error;
  }
}

/**
 * The request's auth, checked against the envelope header (`EnvelopeHeaders::complete`), or the
 * header's `dsn` when the request carries none.
 */
function envelopeAuth(
  auth: Auth | undefined,
  envelope: Envelope,
  origin: string | undefined,
  pathProjectId?: number,
): Auth {
  const dsnValue = envelope.headers.dsn;
  if (!auth) {
    if (dsnValue === undefined || dsnValue === null) throw unauthorized('missing authorization information');
    const dsn = typeof dsnValue === 'string' ? parseDsn(dsnValue) : undefined;
    if (!dsn) throw unauthorized('bad envelope authentication header');
    if (pathProjectId !== undefined && dsn.projectId !== pathProjectId) throw headerMismatch('project id');
    return { publicKey: dsn.publicKey };
  }
  if (typeof dsnValue === 'string') {
    const dsn = parseDsn(dsnValue);
    if (!dsn || dsn.publicKey !== auth.publicKey) throw headerMismatch('public key');
    if (pathProjectId !== undefined && dsn.projectId !== pathProjectId) throw headerMismatch('project id');
  }
  const headerOrigin = envelope.headers.origin;
  if (
    typeof headerOrigin === 'string' &&
    origin !== undefined &&
    originOf(headerOrigin) !== originOf(origin)
  ) {
    throw headerMismatch('origin');
  }
  return auth;
}

function originOf(value: string): string {
  try {
    return new URL(value).origin;
  } catch {
    return value;
  }
}

const headerMismatch = (what: string) =>
  new IngestError('invalid_envelope', 400, 'invalid event envelope', {
    causes: [`${what} in the envelope header does not match the request`],
  });
