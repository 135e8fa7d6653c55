/**
 * `POST /api/{project_id}/security/` and `/csp-report/` (Relay's `endpoints/security_report.rs`):
 * CSP, Expect-CT, Expect-Staple and HPKP reports as browsers send them. The report is queued as a
 * `raw_security` item; `sentry_release` / `sentry_environment` query parameters go into its header.
 */
import crypto from 'node:crypto';
import { requestAuth } from '../auth.ts';
import { parseEnvelope } from '../envelope-parser.ts';
import { serializeEnvelope } from '../envelope-writer.ts';
import { IngestError, unauthorized } from '../errors.ts';
import { emptyBody, readIngestBody } from '../read-body.ts';
import { requestMeta } from '../request-meta.ts';
import { sendEmpty } from '../responses.ts';
import { type IngestRequest, requireMethod } from '../router.ts';
import { authorize } from '../scoping.ts';
import { type IngestService, queueEnvelope } from '../service.ts';

const REPORT_TYPES = new Set([
  'application/json',
  'application/csp-report',
  'application/expect-ct-report',
  'application/expect-ct-report+json',
  'application/expect-staple-report',
]);

export async function handleSecurityReport(service: IngestService, request: IngestRequest): Promise<void> {
  requireMethod(request, ['POST']);
  const { req, res, query } = request;
  const mime = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!REPORT_TYPES.has(mime)) {
    throw new IngestError('security_report_type', 415, 'unsupported content type', {
      causes: [`'${mime}' is not a security report`],
    });
  }
  const auth = requestAuth(req, request.rawQuery);
  if (!auth) throw unauthorized('missing authorization information');
  request.scoping = authorize(service, auth, request.match.projectId);
  const held = await readIngestBody(service, req, service.limits.maxEventSize);
  try {
    if (held.body.length === 0) throw emptyBody();
    checkReportJson(held.body);
    const eventId = crypto.randomUUID().replaceAll('-', '');
    const itemHeaders: Record<string, unknown> = { type: 'raw_security', content_type: mime };
    const release = query.get('sentry_release');
    const environment = query.get('sentry_environment');
    if (release) itemHeaders.sentry_release = release;
    if (environment) itemHeaders.sentry_environment = environment;
    const body = serializeEnvelope({ event_id: eventId }, [
      { headers: itemHeaders as { type: string }, payload: held.body },
    ]);
    await queueEnvelope(service, {
      scoping: request.scoping,
      route: 'security',
      meta: requestMeta(req, auth.client),
      body,
      envelope: parseEnvelope(body),
    });
    sendEmpty(res, 200);
  } finally {
    held.release();
  }
}

/** The report must at least be a JSON object (the report type is recognised by the pipeline). */
function checkReportJson(body: Buffer): void {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new IngestError('security_report', 400, 'invalid security report', {
      causes: [(error as Error).message],
    });
  }
  if (!value || typeof value !== 'object') {
    throw new IngestError('security_report', 400, 'invalid security report', {
      causes: ['not a JSON object'],
    });
  }
}
