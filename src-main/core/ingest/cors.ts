/**
 * CORS exactly as Relay's `middlewares/cors.rs` (tower-http CorsLayer): any origin, POST, a fixed
 * list of request headers, the rate-limit headers exposed so browser SDKs can read them.
 */
import type http from 'node:http';

export const CORS_HEADERS: Readonly<Record<string, string>> = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'x-sentry-error,x-sentry-rate-limits,retry-after',
  vary: 'origin, access-control-request-method, access-control-request-headers',
};

const PREFLIGHT_HEADERS: Readonly<Record<string, string>> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST',
  'access-control-allow-headers':
    'x-sentry-auth,x-requested-with,x-forwarded-for,origin,referer,accept,content-type,authentication,authorization,content-encoding,transfer-encoding',
  'access-control-max-age': '3600',
  vary: 'origin, access-control-request-method, access-control-request-headers',
};

/** tower-http treats an OPTIONS request with `Access-Control-Request-Method` as a preflight. */
export function isPreflight(req: http.IncomingMessage): boolean {
  return req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
}

export function sendPreflight(res: http.ServerResponse): void {
  res.writeHead(200, { ...PREFLIGHT_HEADERS, 'content-length': 0 });
  res.end();
}
