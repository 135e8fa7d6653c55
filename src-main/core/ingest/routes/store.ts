/**
 * `POST /api/{project_id}/store/` and the legacy `/api/store/` (Relay's `endpoints/store.rs`): one
 * JSON event (or base64+zlib JSON), turned into an envelope with one `event`/`transaction` item.
 * `Content-Type: application/x-sentry-envelope` makes it an envelope request. `GET` with
 * `?sentry_data=` answers a 1×1 GIF (image beacons of old browser SDKs).
 */
import crypto from 'node:crypto';
import { requestAuth } from '../auth.ts';
import { isUuid, parseEnvelope, simpleUuid } from '../envelope-parser.ts';
import { serializeEnvelope } from '../envelope-writer.ts';
import { IngestError, unauthorized } from '../errors.ts';
import { emptyBody, readIngestBody } from '../read-body.ts';
import { requestMeta } from '../request-meta.ts';
import { sendStoreResponse } from '../responses.ts';
import { type IngestRequest, requireMethod } from '../router.ts';
import { authorize } from '../scoping.ts';
import { type IngestService, queueEnvelope } from '../service.ts';
import { decodeStoreBody, isPythonClient, parseStoreEvent, repairPythonJson } from '../store-payload.ts';
import { parseBody } from './envelope.ts';

const PIXEL_GIF = Buffer.from('R0lGODlhAQABAAAAACH5BAEAAAAALAAAAAABAAEAAAIBAAA=', 'base64');

export async function handleStore(service: IngestService, request: IngestRequest): Promise<void> {
  requireMethod(request, ['POST', 'GET']);
  const { req, res, match } = request;
  const auth = requestAuth(req, request.rawQuery);
  if (!auth) throw unauthorized('missing authorization information');
  const scoping = authorize(service, auth, match.projectId);
  request.scoping = scoping;
  const meta = requestMeta(req, auth.client);

  if (req.method === 'GET') {
    const data = request.query.get('sentry_data');
    if (!data) throw emptyBody();
    await queueEvent(service, request, Buffer.from(data), auth.client);
    res.writeHead(200, {
      'content-type': 'image/gif',
      'content-length': PIXEL_GIF.length,
      'access-control-allow-origin': '*',
    });
    res.end(PIXEL_GIF);
    return;
  }

  const isEnvelope = (req.headers['content-type'] ?? '')
    .toLowerCase()
    .startsWith('application/x-sentry-envelope');
  const limit = isEnvelope ? service.limits.maxEnvelopeSize : service.limits.maxEventSize;
  const held = await readIngestBody(service, req, limit);
  try {
    if (held.body.length === 0) throw emptyBody();
    if (isEnvelope) {
      const envelope = parseBody(held.body);
      const eventId = await queueEnvelope(service, {
        scoping,
        route: 'store',
        meta,
        body: held.body,
        envelope,
      });
      sendStoreResponse(res, eventId);
      return;
    }
    const eventId = await queueEvent(service, request, held.body, auth.client);
    sendStoreResponse(res, eventId);
  } finally {
    held.release();
  }
}

async function queueEvent(
  service: IngestService,
  request: IngestRequest,
  body: Buffer,
  client: string | undefined,
): Promise<string | undefined> {
  const { req } = request;
  let json = decodeStoreBody(body, service.limits.maxEventSize);
  if (isPythonClient(client, req.headers['user-agent']))
    json = Buffer.from(repairPythonJson(json.toString('utf8')));
  const event = parseStoreEvent(json.toString('utf8'));
  const given = event.event_id;
  if (given !== undefined && given !== null && (typeof given !== 'string' || !isUuid(given))) {
    throw new IngestError('invalid_event_id', 400, 'invalid event id');
  }
  const eventId = typeof given === 'string' ? simpleUuid(given) : crypto.randomUUID().replaceAll('-', '');
  const type = event.type === 'transaction' ? 'transaction' : 'event';
  const envelopeBody = serializeEnvelope({ event_id: eventId }, [
    { headers: { type, content_type: 'application/json' }, payload: json },
  ]);
  return queueEnvelope(service, {
    scoping: request.scoping!,
    route: 'store',
    meta: requestMeta(req, client),
    body: envelopeBody,
    envelope: parseEnvelope(envelopeBody),
  });
}
