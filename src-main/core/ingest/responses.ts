/**
 * Replies of the ingest endpoint (`utils/api.rs`, `endpoints/common.rs`): `{"id": …}` or `{}` on
 * success, `{"detail": …, "causes": […]}` on error, CORS headers on every one of them.
 */
import type http from 'node:http';
import { CORS_HEADERS } from './cors.ts';
import type { IngestError } from './errors.ts';

export function sendJsonReply(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = Buffer.from(JSON.stringify(body));
  res.writeHead(status, {
    ...CORS_HEADERS,
    'content-type': 'application/json',
    'content-length': payload.length,
    ...headers,
  });
  res.end(payload);
}

/** The 200's headers as Node takes them fastest: one flat list, built once (content-length apart). */
const STORE_RESPONSE_HEADERS = [
  ...Object.entries(CORS_HEADERS).flat(),
  'content-type',
  'application/json',
  'content-length',
];
const EMPTY_STORE_RESPONSE = Buffer.from('{}');
/** `{"id":"<32 hex>"}` is always this long: its header list is built once too. */
const ID_RESPONSE_HEADERS = [...STORE_RESPONSE_HEADERS, String('{"id":""}'.length + 32)];

/** `StoreResponse`: the event id when the envelope has one, else `{}`. */
export function sendStoreResponse(
  res: http.ServerResponse,
  eventId: string | undefined,
  headers?: Record<string, string>,
): void {
  if (headers && Object.keys(headers).length > 0) {
    sendJsonReply(res, 200, eventId ? { id: eventId } : {}, headers);
    return;
  }
  // The hot path of every accepted envelope: an event id is 32 hex digits, nothing to escape.
  if (eventId && /^[0-9a-f]{32}$/.test(eventId)) {
    res.writeHead(200, ID_RESPONSE_HEADERS);
    res.end(`{"id":"${eventId}"}`);
    return;
  }
  const payload = eventId ? JSON.stringify({ id: eventId }) : EMPTY_STORE_RESPONSE;
  const length = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
  res.writeHead(200, [...STORE_RESPONSE_HEADERS, String(length)]);
  res.end(payload);
}

export function sendText(
  res: http.ServerResponse,
  status: number,
  text: string,
  contentType = 'text/plain',
  headers: Record<string, string> = {},
): void {
  const payload = Buffer.from(text);
  res.writeHead(status, {
    ...CORS_HEADERS,
    'content-type': contentType,
    'content-length': payload.length,
    ...headers,
  });
  res.end(payload);
}

export function sendEmpty(res: http.ServerResponse, status: number): void {
  res.writeHead(status, { ...CORS_HEADERS, 'content-length': 0 });
  res.end();
}

export function sendIngestError(
  res: http.ServerResponse,
  error: IngestError,
  closeConnection: boolean,
): void {
  if (error.type === 'rejected') {
    const headers = closeConnection ? { ...error.headers, connection: 'close' } : error.headers;
    sendText(res, error.status, error.message, 'text/plain; charset=utf-8', headers);
    return;
  }
  const body =
    error.causes.length > 0 ? { detail: error.message, causes: error.causes } : { detail: error.message };
  sendJsonReply(
    res,
    error.status,
    body,
    closeConnection ? { ...error.headers, connection: 'close' } : error.headers,
  );
}
