/** What Relay keeps about a request next to the envelope (`extractors/request_meta.rs` `RequestMeta`). */
import type http from 'node:http';

export interface RequestMeta {
  receivedAt: number;
  /** First entry of X-Forwarded-For, else the socket's address. */
  clientIp: string | null;
  userAgent: string | null;
  /** `Origin`, falling back to `Referer`. */
  origin: string | null;
  sentryClient: string | null;
}

export function requestMeta(req: http.IncomingMessage, sentryClient: string | undefined): RequestMeta {
  const forwarded = req.headers['x-forwarded-for'];
  const first = typeof forwarded === 'string' ? forwarded.split(',')[0]?.trim() : undefined;
  const origin = req.headers.origin ?? req.headers.referer;
  return {
    receivedAt: Date.now(),
    clientIp: first || req.socket.remoteAddress || null,
    userAgent: req.headers['user-agent'] ?? null,
    origin: origin ?? null,
    sentryClient: sentryClient ?? null,
  };
}
