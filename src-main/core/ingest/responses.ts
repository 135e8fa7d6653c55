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

/** `StoreResponse`: the event id when the envelope has one, else `{}`. */
export function sendStoreResponse(res: http.ServerResponse, eventId: string | undefined, headers = {}): void {
  sendJsonReply(res, 200, eventId ? { id: eventId } : {}, headers);
}

export function sendText(
  res: http.ServerResponse,
  status: number,
  text: string,
  contentType = 'text/plain',
): void {
  const payload = Buffer.from(text);
  res.writeHead(status, { ...CORS_HEADERS, 'content-type': contentType, 'content-length': payload.length });
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
  const body =
    error.causes.length > 0 ? { detail: error.message, causes: error.causes } : { detail: error.message };
  sendJsonReply(
    res,
    error.status,
    body,
    closeConnection ? { ...error.headers, connection: 'close' } : error.headers,
  );
}
