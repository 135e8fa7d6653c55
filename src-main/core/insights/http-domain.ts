/**
 * An outbound HTTP span's domain (Sentry's `span.domain`), as Relay's span normalization derives it:
 * the description `METHOD URL` is scrubbed to `METHOD scheme://host[:port]` (the host scrubbed: an IP
 * address other than loopback becomes `*.*.*.*`, a domain name keeps its registrable part behind `*.`,
 * `localhost` stays), and the domain is that host and port, lowercase, without the scheme. A span whose
 * description is no such URL falls back on its `server.address` attribute, whose IP stays as it is.
 */
import { isIP } from 'node:net';

/** The methods Relay's scrubber takes as the first word of an HTTP span's description. */
const METHOD = /^(GET|HEAD|POST|PUT|DELETE|CONNECT|OPTIONS|TRACE|PATCH)\b/i;

/**
 * Second-level labels under a country code that are public suffixes themselves (`co.uk`, `com.au` …).
 * Relay reads the Public Suffix List; these are its commonest two-label suffixes, enough on a laptop.
 */
const SECOND_LEVEL = new Set(['ac', 'co', 'com', 'edu', 'gov', 'net', 'ne', 'or', 'org', 'go', 'gob', 'mil']);

/** A domain name with all but its registrable part replaced by `*.` (`api.example.com` → `*.example.com`). */
export function scrubDomainName(domain: string): string {
  if (domain === 'localhost' || !/^[a-z0-9_-]+(\.[a-z0-9_-]+)+$/i.test(domain)) return domain;
  const labels = domain.split('.');
  const tld = labels.at(-1) ?? '';
  const sld = labels.at(-2) ?? '';
  const keep = tld.length === 2 && SECOND_LEVEL.has(sld.toLowerCase()) ? 3 : 2;
  return labels.length <= keep ? domain : `*.${labels.slice(-keep).join('.')}`;
}

/**
 * A URL's host as Relay scrubs it: 127.0.0.1 and ::1 kept, other addresses hidden, domain names cut.
 * An IPv6 address loses its brackets there (`http://[::1]:9000` is the domain `::1:9000`).
 */
export function scrubHost(hostname: string): string {
  if (hostname.startsWith('[')) return hostname === '[::1]' ? '::1' : '*:*:*:*:*:*:*:*';
  if (isIP(hostname) === 4) return hostname === '127.0.0.1' ? hostname : '*.*.*.*';
  return scrubDomainName(hostname);
}

export const withPort = (host: string, port: string) => (port === '' ? host : `${host}:${port}`);

/** The domain of an HTTP description `METHOD URL`; null when it is none. */
export function domainOfDescription(description: string): string | null {
  const space = description.indexOf(' ');
  if (space < 0 || !METHOD.test(description.slice(0, space))) return null;
  let url: URL;
  try {
    url = new URL(description.slice(space + 1).trim());
  } catch {
    return null;
  }
  if (url.hostname === '') return null;
  return withPort(scrubHost(url.hostname), url.port).toLowerCase();
}

/** The domain of a `server.address` attribute (`host` or `host:port`). */
export function domainOfServerAddress(address: string, port: unknown): string {
  const lower = address.toLowerCase();
  const colon = lower.lastIndexOf(':');
  const [host, ownPort] =
    colon > 0 && isIP(lower) !== 6 ? [lower.slice(0, colon), lower.slice(colon + 1)] : [lower, ''];
  const portText = /^\d+$/.test(ownPort) ? ownPort : typeof port === 'number' ? String(port) : '';
  return withPort(isIP(host) === 0 ? scrubDomainName(host) : host, portText);
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);

/**
 * An `http.client` span's domain: from its description, else from its `http.request.method` and
 * `url.full` attributes (as Relay reads a streamed span), else from `server.address`; `''` when none
 * says (Sentry lists those spans under no domain).
 */
export function httpSpanDomain(description: string | null, data: Record<string, unknown> | null): string {
  const fromDescription = description === null ? null : domainOfDescription(description);
  if (fromDescription !== null) return fromDescription;
  const method = text(data?.['http.request.method']) ?? text(data?.['http.method']);
  const url = httpSpanUrl(data);
  const fromUrl = method && url ? domainOfDescription(`${method} ${url}`) : null;
  if (fromUrl !== null) return fromUrl;
  const address = text(data?.['server.address']);
  return address === null ? '' : domainOfServerAddress(address, data?.['server.port']);
}

/**
 * Its response's status code: `http.response.status_code` (or the older `status_code`) in its data, or
 * the `http.status_code` tag SDKs set before span attributes; null when none is a number.
 */
export function httpStatusCode(
  data: Record<string, unknown> | null,
  tags: Record<string, unknown> | null,
): number | null {
  for (const value of [data?.['http.response.status_code'], data?.status_code, tags?.['http.status_code']]) {
    const code = typeof value === 'string' && /^\d{3}$/.test(value.trim()) ? Number(value) : value;
    if (typeof code === 'number' && Number.isInteger(code) && code >= 100 && code <= 599) return code;
  }
  return null;
}

/** The URL it requested, as its data says (`url.full`, or the older `url` and `http.url`). */
export function httpSpanUrl(data: Record<string, unknown> | null): string | null {
  return text(data?.['url.full']) ?? text(data?.url) ?? text(data?.['http.url']);
}
