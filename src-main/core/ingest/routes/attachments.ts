/**
 * `POST /api/{project_id}/events/{event_id}/attachments/` (Relay's `endpoints/attachments.rs`):
 * the legacy standalone attachment upload. Every file part becomes an attachment item of an
 * envelope for that event. Answers 201 Created.
 */
import { requestAuth } from '../auth.ts';
import { isUuid, parseEnvelope, simpleUuid } from '../envelope-parser.ts';
import { type OutgoingItem, serializeEnvelope } from '../envelope-writer.ts';
import { IngestError, unauthorized } from '../errors.ts';
import { invalidMultipart, multipartBoundary, parseMultipart } from '../multipart.ts';
import { emptyBody, readIngestBody } from '../read-body.ts';
import { requestMeta } from '../request-meta.ts';
import { sendEmpty } from '../responses.ts';
import { type IngestRequest, requireMethod } from '../router.ts';
import { authorize } from '../scoping.ts';
import { type IngestService, queueEnvelope } from '../service.ts';

export async function handleAttachments(service: IngestService, request: IngestRequest): Promise<void> {
  requireMethod(request, ['POST']);
  const { req, res, match } = request;
  if (!match.eventId || !isUuid(match.eventId))
    throw new IngestError('invalid_event_id', 400, 'invalid event id');
  const eventId = simpleUuid(match.eventId);
  const auth = requestAuth(req, request.rawQuery);
  if (!auth) throw unauthorized('missing authorization information');
  request.scoping = authorize(service, auth, match.projectId);
  const boundary = multipartBoundary(req.headers['content-type']);
  if (!boundary) throw invalidMultipart('the body is not multipart/form-data');
  const held = await readIngestBody(service, req, service.limits.maxAttachmentsSize);
  try {
    if (held.body.length === 0) throw emptyBody();
    const items: OutgoingItem[] = parseMultipart(held.body, boundary)
      .filter((part) => part.filename !== undefined)
      .map((part) => ({
        headers: {
          type: 'attachment',
          filename: part.filename,
          attachment_type: 'event.attachment',
          content_type: part.contentType ?? 'application/octet-stream',
        },
        payload: part.data,
      }));
    if (items.length === 0) throw invalidMultipart('no file parts');
    const body = serializeEnvelope({ event_id: eventId }, items);
    await queueEnvelope(service, {
      scoping: request.scoping,
      route: 'attachments',
      meta: requestMeta(req, auth.client),
      body,
      envelope: parseEnvelope(body),
    });
    sendEmpty(res, 201);
  } finally {
    held.release();
  }
}
