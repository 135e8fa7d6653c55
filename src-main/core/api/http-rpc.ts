/**
 * The HTTP transport of the API contract, used by `faultline serve`: `POST /rpc/<method>` with JSON
 * params, and live updates as server-sent events on `GET /rpc/events`.
 *
 * Guarded three ways, because any web page the developer visits can reach loopback: a per-launch
 * token in a custom header (which also forces a CORS preflight that we never approve), the Origin
 * must be our own, and the Host must be a loopback name with our port (DNS rebinding).
 */
import crypto from 'node:crypto';
import type http from 'node:http';
import { TOKEN_HEADER } from '../../../src-shared/api.ts';
import type { ErrorPayload, ErrorType } from '../../../src-shared/errors.ts';
import type { CoreContext } from '../context.ts';
import { type Route, sendJson } from '../http/route.ts';
import { dispatch } from './dispatch.ts';

const MAX_PARAMS_BYTES = 1024 * 1024;
const HEARTBEAT_MS = 15_000;

export interface RpcGuard {
  token: string;
  /** Host headers we answer to, e.g. `127.0.0.1:8969`. */
  allowedHosts: Set<string>;
  /** Origins we answer to, e.g. `http://127.0.0.1:8969`. */
  allowedOrigins: Set<string>;
}

export function rpcGuardFor(token: string, port: number, extraHosts: string[] = []): RpcGuard {
  const names = ['127.0.0.1', 'localhost', '[::1]', ...extraHosts];
  return {
    token,
    allowedHosts: new Set(names.map((name) => `${name}:${port}`)),
    allowedOrigins: new Set(names.map((name) => `http://${name}:${port}`)),
  };
}

const STATUS: Record<ErrorType, number> = {
  invalid_params: 400,
  unknown_method: 404,
  not_found: 404,
  unauthorized: 401,
  forbidden: 403,
  conflict: 409,
  invalid_query: 400,
  timeout: 504,
  unavailable: 503,
  damaged: 500,
  internal: 500,
};

export function statusForError(error: ErrorPayload): number {
  return STATUS[error.type];
}

function refuse(res: http.ServerResponse, type: 'unauthorized' | 'forbidden', message: string): true {
  sendJson(res, STATUS[type], { error: { type, message } });
  return true;
}

export function tokensMatch(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/**
 * Refuses a request from a web page or through a foreign Host (DNS rebinding), whatever its token:
 * the RPC and Sentry's web API (`http/sentry-api/`) both check this first.
 */
export function checkSource(req: http.IncomingMessage, guard: RpcGuard): { message: string } | undefined {
  const { allowedHosts, allowedOrigins } = guard;
  const host = req.headers.host ?? '';
  if (!allowedHosts.has(host.toLowerCase())) {
    return { message: `host '${host}' is not allowed` };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedOrigins.has(origin.toLowerCase())) {
    return { message: 'cross-origin requests are not allowed' };
  }
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return { message: 'cross-site requests are not allowed' };
  }
  return undefined;
}

/** Returns a refusal reason, or undefined when the request may proceed. */
function check(
  req: http.IncomingMessage,
  guard: () => RpcGuard,
): { type: 'unauthorized' | 'forbidden'; message: string } | undefined {
  const current = guard();
  const refused = checkSource(req, current);
  if (refused) return { type: 'forbidden', message: refused.message };
  const { token } = current;
  const given = req.headers[TOKEN_HEADER];
  if (typeof given !== 'string' || !tokensMatch(given, token)) {
    return { type: 'unauthorized', message: `missing or wrong ${TOKEN_HEADER} header` };
  }
  return undefined;
}

export function rpcRoute(ctx: CoreContext, guard: () => RpcGuard): Route {
  return async (req, res, pathname) => {
    if (pathname !== '/rpc' && !pathname.startsWith('/rpc/')) return false;
    const refusal = check(req, guard);
    if (refusal) return refuse(res, refusal.type, refusal.message);

    if (pathname === '/rpc/events') {
      if (req.method !== 'GET') return refuse(res, 'forbidden', 'use GET for /rpc/events');
      streamLiveEvents(ctx, req, res);
      return true;
    }
    if (req.method !== 'POST') {
      sendJson(
        res,
        405,
        { error: { type: 'invalid_params', message: 'RPC calls use POST' } },
        { allow: 'POST' },
      );
      return true;
    }
    const body = await readBody(req, MAX_PARAMS_BYTES);
    if (body === undefined) {
      sendJson(res, 413, { error: { type: 'invalid_params', message: 'params too large' } });
      return true;
    }
    let params: unknown = {};
    if (body.length > 0) {
      try {
        params = JSON.parse(body.toString('utf8'));
      } catch {
        sendJson(res, 400, { error: { type: 'invalid_params', message: 'params are not valid JSON' } });
        return true;
      }
    }
    const response = await dispatch(ctx, decodeURIComponent(pathname.slice('/rpc/'.length)), params);
    sendJson(res, 'error' in response ? statusForError(response.error) : 200, response);
    return true;
  };
}

function streamLiveEvents(ctx: CoreContext, req: http.IncomingMessage, res: http.ServerResponse): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  res.write(`event: hello\ndata: ${JSON.stringify({ type: 'hello', at: new Date().toISOString() })}\n\n`);
  const unsubscribe = ctx.live.subscribe((event) => {
    res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  });
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  req.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
}

export function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.destroy();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
