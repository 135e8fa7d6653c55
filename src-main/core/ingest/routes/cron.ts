/**
 * `GET|POST /api/{project_id}/cron/{monitor_slug}/{sentry_key}/` and `/api/{project_id}/cron/{monitor_slug}/`
 * (Relay's `endpoints/monitor.rs`): the cron check-ins Sentry documents for cURL. With a
 * `Content-Type` starting `application/json` the body is a check-in (its slug replaced by the
 * path's); otherwise the query string gives `status` (required), `check_in_id`, `environment` and
 * `duration`, and a body is not read. The check-in becomes a `check_in` item of a new envelope,
 * processed as one an SDK sends. The answer is `202` with no body, also when a rate limit refused
 * it (only its outcome says so). What the request itself lacks is refused as axum does, in plain
 * text and without an outcome.
 */
import crypto from 'node:crypto';
import { readsAsCheckIn, serializeCheckIn } from '../../pipeline/check-in.ts';
import type { JsonObject } from '../../pipeline/normalize/json.ts';
import { uuidHex } from '../../pipeline/uuid.ts';
import { type Auth, requestAuth, stripKeyFlags } from '../auth.ts';
import { parseEnvelope } from '../envelope-parser.ts';
import { serializeEnvelope } from '../envelope-writer.ts';
import { IngestError, rejected, unauthorized } from '../errors.ts';
import { readIngestBody } from '../read-body.ts';
import { requestMeta } from '../request-meta.ts';
import { sendEmpty } from '../responses.ts';
import { type IngestRequest, requireMethod } from '../router.ts';
import { authorize } from '../scoping.ts';
import { type IngestService, queueEnvelope } from '../service.ts';

/** The client Relay names when the request names none (`DEFAULT_CHECK_IN_CLIENT`). */
const DEFAULT_CHECK_IN_CLIENT = 'relay-http';
const QUERY_FIELDS = ['status', 'check_in_id', 'environment', 'duration'] as const;
/** What Rust's `f64::from_str` reads (serde_urlencoded parses numbers with it). */
const RUST_FLOAT = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?|inf|infinity|nan)$/i;

export async function handleCron(service: IngestService, request: IngestRequest): Promise<void> {
  requireMethod(request, ['GET', 'POST']);
  const { req, match } = request;
  const auth = cronAuth(request);
  request.scoping = authorize(service, auth, match.projectId);
  const slug = match.monitorSlug ?? '';
  const checkIn = (req.headers['content-type'] ?? '').startsWith('application/json')
    ? await checkInFromBody(service, request)
    : checkInFromQuery(request.query);
  checkIn.monitor_slug = slug;
  const body = serializeEnvelope({ event_id: crypto.randomUUID().replaceAll('-', '') }, [
    {
      headers: { type: 'check_in', content_type: 'application/json' },
      payload: Buffer.from(JSON.stringify(serializeCheckIn(checkIn))),
    },
  ]);
  try {
    await queueEnvelope(service, {
      scoping: request.scoping,
      route: 'envelope',
      meta: requestMeta(req, auth.client ?? DEFAULT_CHECK_IN_CLIENT),
      body,
      envelope: parseEnvelope(body),
    });
  } catch (error) {
    // Never a 429: the refusal is counted, the client is told its check-in was taken.
    if (!(error instanceof IngestError && error.type === 'rate_limited')) throw error;
  }
  if (!req.complete) req.resume();
  sendEmpty(request.res, 202);
}

/** The key from the path, or from the request as on other routes; both at once is one too many. */
function cronAuth(request: IngestRequest): Auth {
  const auth = requestAuth(request.req, request.rawQuery);
  const pathKey = request.match.sentryKey;
  if (pathKey === undefined) {
    if (!auth) throw unauthorized('missing authorization information');
    return auth;
  }
  if (auth) throw unauthorized('multiple authorization payloads detected');
  return { publicKey: stripKeyFlags(pathKey) };
}

/** axum's `Json<CheckIn>`: 415 unless the type is JSON, 400 for bad JSON, 422 for no check-in. */
async function checkInFromBody(service: IngestService, request: IngestRequest): Promise<JsonObject> {
  const mime = (request.req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (mime !== 'application/json')
    throw rejected(415, 'Expected request with `Content-Type: application/json`');
  const held = await readBodyOrReject(service, request);
  try {
    let value: unknown;
    try {
      value = JSON.parse(held.body.toString('utf8'));
    } catch (error) {
      throw rejected(400, `Failed to parse the request body as JSON: ${(error as Error).message}`);
    }
    if (!value || typeof value !== 'object' || Array.isArray(value) || !readsAsCheckIn(value as JsonObject))
      throw rejected(422, 'Failed to deserialize the JSON body into the target type: not a check-in');
    return value as JsonObject;
  } finally {
    held.release();
  }
}

async function readBodyOrReject(service: IngestService, request: IngestRequest) {
  try {
    return await readIngestBody(service, request.req, service.limits.maxEventSize);
  } catch (error) {
    if (error instanceof IngestError && error.type === 'payload' && error.status === 413)
      throw rejected(413, 'Failed to buffer the request body: length limit exceeded');
    throw error;
  }
}

/** serde_urlencoded into Relay's `MonitorQuery`; unknown parameters (`sentry_key` …) are ignored. */
function checkInFromQuery(query: URLSearchParams): JsonObject {
  const fields = new Map<string, string>();
  for (const [key, value] of query) {
    if (!(QUERY_FIELDS as readonly string[]).includes(key)) continue;
    if (fields.has(key)) throw badQuery(`duplicate field \`${key}\``);
    fields.set(key, value);
  }
  const status = fields.get('status');
  if (status === undefined) throw badQuery('missing field `status`');
  const checkIn: JsonObject = { status };
  const id = fields.get('check_in_id');
  if (id !== undefined) {
    const hex = uuidHex(id);
    if (hex === undefined) throw badQuery(`check_in_id: '${id}' is not a UUID`);
    checkIn.check_in_id = hex;
  }
  const environment = fields.get('environment');
  if (environment !== undefined) checkIn.environment = environment;
  const duration = fields.get('duration');
  if (duration !== undefined) {
    if (!RUST_FLOAT.test(duration)) throw badQuery(`duration: invalid float literal '${duration}'`);
    checkIn.duration = rustFloat(duration);
  }
  return checkIn;
}

/** Rust's `inf`/`nan` spellings too; NaN and infinities serialize as `null`, as serde_json writes them. */
function rustFloat(text: string): number {
  return Number(text.replace(/inf(?:inity)?$/i, 'Infinity').replace(/nan$/i, 'NaN'));
}

const badQuery = (cause: string) => rejected(400, `Failed to deserialize query string: ${cause}`);
