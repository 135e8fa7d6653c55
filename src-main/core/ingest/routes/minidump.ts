/**
 * `POST /api/{project_id}/minidump/` (Relay's `endpoints/minidump.rs`), what Crashpad and
 * Breakpad (Electron's native crash reporter) post: multipart with the dump in the
 * `upload_file_minidump` field (or in a multipart body nested in that field, as old Linux
 * Electron SDKs send it), or the raw dump as the body. Other file fields become attachments, the
 * other fields one `form_data` item (a `sentry` field's event JSON among them: the pipeline builds
 * the event from them, native-event.ts). Answers the event id as a hyphenated UUID in plain text,
 * and never 429 (those clients retry forever): what a rate limit drops is only counted, as
 * `rate_limited`.
 */
import crypto from 'node:crypto';
import { requestAuth } from '../auth.ts';
import { isUuid, parseEnvelope, simpleUuid } from '../envelope-parser.ts';
import { type OutgoingItem, serializeEnvelope } from '../envelope-writer.ts';
import { IngestError, unauthorized } from '../errors.ts';
import { embeddedMinidump, invalidMinidump, minidumpFilename, unwrapMinidump } from '../minidump.ts';
import { type MultipartPart, multipartBoundary, parseMultipart } from '../multipart.ts';
import { emptyBody, readIngestBody } from '../read-body.ts';
import { requestMeta } from '../request-meta.ts';
import { sendText } from '../responses.ts';
import { type IngestRequest, requireMethod } from '../router.ts';
import { authorize } from '../scoping.ts';
import { type IngestService, queueEnvelope } from '../service.ts';

const MINIDUMP_FIELD = 'upload_file_minidump';
/** The name Relay gives a dump sent as the raw body, which has none (`MINIDUMP_FILE_NAME`). */
const RAW_MINIDUMP_NAME = 'Minidump';
const RAW_TYPES = ['application/octet-stream', 'application/x-dmp'];

/** Well-known file fields and the attachment type Relay gives them (`endpoints/common.rs`). */
const ATTACHMENT_TYPES: Record<string, string> = {
  '__sentry-event': 'event.payload',
  '__sentry-breadcrumbs1': 'event.breadcrumbs',
  '__sentry-breadcrumbs2': 'event.breadcrumbs',
};

export async function handleMinidump(service: IngestService, request: IngestRequest): Promise<void> {
  requireMethod(request, ['POST']);
  const { req, res } = request;
  const auth = requestAuth(req, request.rawQuery);
  if (!auth) throw unauthorized('missing authorization information');
  request.scoping = authorize(service, auth, request.match.projectId);
  const held = await readIngestBody(service, req, service.limits.maxAttachmentsSize);
  try {
    if (held.body.length === 0) throw emptyBody();
    const contentType = req.headers['content-type'];
    const boundary = multipartBoundary(contentType);
    const parts = boundary ? parseMultipart(held.body, boundary) : rawParts(held.body, contentType);
    const { eventId, items } = minidumpItems(parts, service.limits.maxAttachmentSize);
    const body = serializeEnvelope({ event_id: eventId }, items);
    try {
      await queueEnvelope(service, {
        scoping: request.scoping,
        route: 'minidump',
        meta: requestMeta(req, auth.client),
        body,
        envelope: parseEnvelope(body),
      });
    } catch (error) {
      // Never a 429 (as Relay): the limited items are counted and dropped, the client told its id.
      if (!(error instanceof IngestError && error.type === 'rate_limited')) throw error;
    }
    sendText(res, 200, hyphenated(eventId));
  } finally {
    held.release();
  }
}

function rawParts(body: Buffer, contentType: string | undefined): MultipartPart[] {
  const mime = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (mime !== '' && !RAW_TYPES.includes(mime)) {
    throw new IngestError('content_type', 415, 'unsupported content type', {
      causes: [`'${mime}' is not a minidump upload`],
    });
  }
  return [{ name: MINIDUMP_FIELD, filename: RAW_MINIDUMP_NAME, data: body }];
}

function minidumpItems(
  parts: MultipartPart[],
  maxAttachmentSize: number,
): { eventId: string; items: OutgoingItem[] } {
  const dumpPart = parts.find((part) => part.name === MINIDUMP_FIELD);
  if (!dumpPart)
    throw new IngestError('missing_minidump_upload', 400, 'missing minidump', {
      causes: [`no '${MINIDUMP_FIELD}' field`],
    });
  if (dumpPart.data.length === 0) throw invalidMinidump('empty minidump');
  const nested = embeddedMinidump(dumpPart.data, MINIDUMP_FIELD);
  const dump = unwrapMinidump(nested ?? dumpPart.data, maxAttachmentSize);

  const items: OutgoingItem[] = [];
  const form = new URLSearchParams();
  let eventId: string | undefined;
  for (const part of parts) {
    if (part === dumpPart) continue;
    if (part.filename !== undefined || ATTACHMENT_TYPES[part.name]) {
      items.push({
        headers: {
          type: 'attachment',
          filename: part.filename ?? part.name,
          attachment_type: ATTACHMENT_TYPES[part.name] ?? 'event.attachment',
          content_type: part.contentType ?? 'application/octet-stream',
        },
        payload: part.data,
      });
    } else {
      // The `sentry` field's event JSON stays a form field too: the pipeline merges the fields.
      if (part.name === 'sentry') eventId = eventIdOf(part.data);
      form.append(part.name, part.data.toString('utf8'));
    }
  }
  items.push({
    headers: {
      type: 'attachment',
      filename: dumpPart.filename === undefined ? 'minidump.dmp' : minidumpFilename(dumpPart.filename),
      attachment_type: 'event.minidump',
      content_type: 'application/x-dmp',
    },
    payload: dump,
  });
  const formText = form.toString();
  if (formText !== '') {
    items.push({
      headers: { type: 'form_data', content_type: 'application/x-www-form-urlencoded' },
      payload: Buffer.from(formText),
    });
  }
  return { eventId: eventId ?? crypto.randomUUID().replaceAll('-', ''), items };
}

/** The `event_id` of the `sentry` field's JSON, when it has a valid one. */
function eventIdOf(json: Buffer): string | undefined {
  try {
    const value = JSON.parse(json.toString('utf8')) as { event_id?: unknown };
    return typeof value.event_id === 'string' && isUuid(value.event_id)
      ? simpleUuid(value.event_id)
      : undefined;
  } catch {
    throw new IngestError('invalid_json', 400, 'invalid JSON data', {
      causes: ["the 'sentry' field is not JSON"],
    });
  }
}

function hyphenated(id: string): string {
  return `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`;
}
