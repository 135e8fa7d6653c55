/**
 * `/api/embed/error-page/` (Sentry's `ErrorPageEmbedView`, served by Sentry's web app on the DSN's
 * host): the crash report modal of the browser SDK's `Sentry.showReportDialog()`, and of the error
 * pages Sentry's guides give server frameworks (Python's included). The query names the event
 * (`eventId`, 400 when it is not an event id) and the project (`dsn`, 404 when no key of it matches).
 * `GET` answers the dialog's script (../error-page-dialog.ts); `POST` takes the form (`name`, `email`,
 * `comments`), checked as Sentry's `UserReportForm` checks it (each required, the email an address,
 * name and email within the `UserReport` columns), answering 400 with `{"errors": {field: [why]}}`,
 * or queues it as a `user_report` item about the event, as an SDK would send it, and answers `{}`.
 * Sentry also checks the page's origin against the project's Allowed Domains, which default to any;
 * Faultline has no such setting.
 */
import type http from 'node:http';
import {
  FEEDBACK_EMAIL,
  MAX_FEEDBACK_EMAIL,
  MAX_FEEDBACK_MESSAGE,
  MAX_FEEDBACK_NAME,
} from '../../issues/feedback-rules.ts';
import { parseDsn } from '../auth.ts';
import { CORS_HEADERS } from '../cors.ts';
import { parseEnvelope } from '../envelope-parser.ts';
import { serializeEnvelope } from '../envelope-writer.ts';
import { DIALOG_TEXTS, type DialogTexts, errorPageScript } from '../error-page-dialog.ts';
import { IngestError } from '../errors.ts';
import { readIngestBody } from '../read-body.ts';
import { requestMeta } from '../request-meta.ts';
import { sendJsonReply } from '../responses.ts';
import { type IngestRequest, requireMethod } from '../router.ts';
import { authorize } from '../scoping.ts';
import { type IngestService, queueEnvelope, type Scoping } from '../service.ts';

/** A form of three short fields: far below an event's size. */
const MAX_FORM_BYTES = 64 * 1024;

const EVENT_ID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

function eventIdOf(query: URLSearchParams): string | undefined {
  const raw = query.get('eventId')?.trim();
  return raw && EVENT_ID.test(raw) ? raw.replaceAll('-', '').toLowerCase() : undefined;
}

/** The project of the `dsn` parameter, when it names an active key of it. */
function scopingOf(service: IngestService, query: URLSearchParams): Scoping | undefined {
  const dsn = parseDsn(query.get('dsn') ?? '');
  if (!dsn) return undefined;
  try {
    return authorize(service, { publicKey: dsn.publicKey }, dsn.projectId);
  } catch (error) {
    if (error instanceof IngestError) return undefined;
    throw error;
  }
}

type FormErrors = Partial<Record<'name' | 'email' | 'comments', string[]>>;

interface Report {
  name: string;
  email: string;
  comments: string;
}

/** Sentry's `UserReportForm`: every field required, the email an address, the columns' lengths. */
function checkForm(form: URLSearchParams): { report: Report } | { errors: FormErrors } {
  const name = (form.get('name') ?? '').trim();
  const email = (form.get('email') ?? '').trim();
  const comments = (form.get('comments') ?? '').trim();
  const errors: FormErrors = {};
  const required = 'This field is required.';
  if (name === '') errors.name = [required];
  else if (name.length > MAX_FEEDBACK_NAME) errors.name = [`At most ${MAX_FEEDBACK_NAME} characters.`];
  if (email === '') errors.email = [required];
  else if (email.length > MAX_FEEDBACK_EMAIL) errors.email = [`At most ${MAX_FEEDBACK_EMAIL} characters.`];
  else if (!FEEDBACK_EMAIL.test(email)) errors.email = ['Enter an email address.'];
  if (comments === '') errors.comments = [required];
  else if (comments.length > MAX_FEEDBACK_MESSAGE)
    errors.comments = [`At most ${MAX_FEEDBACK_MESSAGE} characters.`];
  return Object.keys(errors).length > 0 ? { errors } : { report: { name, email, comments } };
}

function dialogTexts(query: URLSearchParams): DialogTexts {
  const texts = { ...DIALOG_TEXTS } as DialogTexts;
  for (const key of Object.keys(texts) as Array<keyof DialogTexts>) {
    const value = query.get(key);
    if (value !== null) texts[key] = value;
  }
  return texts;
}

/** The URL the script was loaded from, which the form posts back to (as Sentry's `absolute_uri`). */
function endpointOf(req: http.IncomingMessage): string {
  const secure = 'encrypted' in req.socket && req.socket.encrypted === true;
  return `${secure ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}${req.url ?? ''}`;
}

function sendScript(res: http.ServerResponse, script: string): void {
  const payload = Buffer.from(script);
  res.writeHead(200, {
    ...CORS_HEADERS,
    'content-type': 'text/javascript; charset=utf-8',
    'content-length': payload.length,
    'cache-control': 'no-store',
  });
  res.end(payload);
}

async function takeReport(
  service: IngestService,
  request: IngestRequest,
  scoping: Scoping,
  eventId: string,
): Promise<void> {
  const { req, res } = request;
  const held = await readIngestBody(service, req, MAX_FORM_BYTES);
  try {
    const checked = checkForm(new URLSearchParams(held.body.toString('utf8')));
    if ('errors' in checked) {
      sendJsonReply(res, 400, { errors: checked.errors });
      return;
    }
    const payload = Buffer.from(JSON.stringify({ event_id: eventId, ...checked.report }));
    const body = serializeEnvelope({ event_id: eventId }, [{ headers: { type: 'user_report' }, payload }]);
    await queueEnvelope(service, {
      scoping,
      route: 'error_page',
      meta: requestMeta(req, undefined),
      body,
      envelope: parseEnvelope(body),
    });
    sendJsonReply(res, 200, {});
  } finally {
    held.release();
  }
}

export async function handleErrorPageEmbed(service: IngestService, request: IngestRequest): Promise<void> {
  requireMethod(request, ['GET', 'POST', 'OPTIONS']);
  const { req, res, query } = request;
  const eventId = eventIdOf(query);
  if (!eventId) {
    req.resume();
    sendJsonReply(res, 400, { eventId: 'Missing or not an event id.' });
    return;
  }
  const scoping = scopingOf(service, query);
  if (!scoping) {
    req.resume();
    sendJsonReply(res, 404, { dsn: 'Missing or not a DSN of this Faultline.' });
    return;
  }
  request.scoping = scoping;
  if (req.method === 'OPTIONS') {
    sendJsonReply(res, 200, {});
    return;
  }
  if (req.method === 'POST') {
    await takeReport(service, request, scoping, eventId);
    return;
  }
  sendScript(
    res,
    errorPageScript({
      endpoint: endpointOf(req),
      name: query.get('name') ?? '',
      email: query.get('email') ?? '',
      texts: dialogTexts(query),
    }),
  );
}
