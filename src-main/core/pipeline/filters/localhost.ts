/**
 * Relay's localhost filter (`localhost`): the user's IP is a loopback address, the request's URL
 * is a `file:` URL or its host is `localhost` / `127.0.0.1` (or a subdomain of them), the
 * `X-Forwarded-For` header is a loopback address, or, for an event without a URL, its `Host` or
 * `X-Forwarded-Host` header names such a host.
 */
import type { JsonObject } from '../normalize/json.ts';
import { requestHeader, requestUrl, userIp } from './event-fields.ts';

const LOCAL_IPS = new Set(['127.0.0.1', '::1']);
const LOCAL_DOMAINS = ['127.0.0.1', 'localhost'];

const isLocalHost = (host: string) =>
  LOCAL_DOMAINS.some((domain) => host === domain || host.endsWith(`.${domain}`));

export function isFromLocalhost(event: JsonObject): boolean {
  const ip = userIp(event);
  if (ip !== undefined && LOCAL_IPS.has(ip)) return true;
  const url = requestUrl(event);
  if (url) {
    if (url.protocol === 'file:') return true;
    if (url.hostname !== '' && isLocalHost(url.hostname.toLowerCase())) return true;
  }
  const forwardedFor = requestHeader(event, 'X-Forwarded-For');
  if (forwardedFor !== undefined && LOCAL_IPS.has(forwardedFor)) return true;
  if (url) return false;
  for (const name of ['Host', 'X-Forwarded-Host']) {
    const host = requestHeader(event, name)?.split(':')[0];
    if (host !== undefined && LOCAL_DOMAINS.includes(host)) return true;
  }
  return false;
}
