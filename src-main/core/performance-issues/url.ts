/**
 * URLs of HTTP spans as Sentry's detectors read them (`get_url_from_span`, `parameterize_url`,
 * `fingerprint_http_spans` in `issue_detection/detectors/utils.py`): a URL split as Python's
 * `urlparse` splits it (relative ones too), its path segments that look like ids made `*`.
 */
import crypto from 'node:crypto';
import type { DetectorSpan } from './spans.ts';

export interface ParsedUrl {
  scheme: string;
  host: string;
  path: string;
  query: string;
}

const URL_PARTS = /^(?:([A-Za-z][A-Za-z0-9+.-]*):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?/;

export function parseUrl(url: string): ParsedUrl {
  const match = URL_PARTS.exec(url.trim());
  return {
    scheme: match?.[1] ?? '',
    host: match?.[2] ?? '',
    path: match?.[3] ?? '',
    query: match?.[4] ?? '',
  };
}

/** The URL of an HTTP span: its `url` data (with `http.query`), else its description's second word. */
export function urlOfSpan(span: DetectorSpan): string {
  const data = span.data ?? {};
  const url = data.url;
  if (url && typeof url === 'object' && !Array.isArray(url)) {
    const parts = url as Record<string, unknown>;
    return `${typeof parts.pathname === 'string' ? parts.pathname : ''}${typeof parts.search === 'string' ? parts.search : ''}`;
  }
  if (typeof url === 'string') {
    const query = data['http.query'];
    return typeof query === 'string' && query.length > 0 ? `${url}?${query}` : url;
  }
  const description = span.description ?? '';
  const space = description.indexOf(' ');
  return space < 0 ? '' : description.slice(space + 1);
}

/** Query keys with a value, as `parse_qs` keeps them (blank values dropped). */
export function queryParameters(query: string): Map<string, string[]> {
  const parameters = new Map<string, string[]>();
  for (const pair of query.split(/[&;]/)) {
    const equals = pair.indexOf('=');
    if (equals < 0) continue;
    const decode = (value: string) => {
      try {
        return decodeURIComponent(value.replaceAll('+', ' '));
      } catch {
        return value;
      }
    };
    const key = decode(pair.slice(0, equals));
    const value = decode(pair.slice(equals + 1));
    if (value === '') continue;
    parameters.set(key, [...(parameters.get(key) ?? []), value]);
  }
  return parameters;
}

const ID_LIKE =
  /\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b|\b[0-9a-fA-F]{10}(?:[0-9a-fA-F]{14})?(?:[0-9a-fA-F]{8})?(?:[0-9a-fA-F]{8})?\b|-\d+\b|\b\d+\b/;
const FILE_EXTENSION = /\.[a-z0-9]{2,6}$/i;

/** `scheme://host/path/*?key=*`: id-like path segments and every query value made `*`. */
export function parameterizeUrl(url: string): string {
  const parsed = parseUrl(url);
  const path = FILE_EXTENSION.test(parsed.path)
    ? parsed.path
    : parsed.path
        .split('/')
        .map((segment) => (ID_LIKE.test(segment) ? '*' : segment))
        .join('/');
  const keys = [...queryParameters(parsed.query).keys()].map((key) => `${key}=*`).sort();
  const scheme = parsed.scheme ? `${parsed.scheme}://` : '';
  return `${scheme}${parsed.host}${path}${keys.length > 0 ? `?${keys.join('&')}` : ''}`;
}

export function withoutQuery(url: string): string {
  const cut = url.search(/[?#]/);
  return cut < 0 ? url : url.slice(0, cut);
}

export const sha1 = (text: string): string => crypto.createHash('sha1').update(text, 'utf8').digest('hex');

/** Sentry's `fingerprint_http_spans`: the SHA-1 of the spans' distinct parameterized paths, sorted. */
export function fingerprintHttpSpans(spans: readonly DetectorSpan[]): string {
  const paths: string[] = [];
  for (const span of spans) {
    const url = urlOfSpan(span);
    if (!url) continue;
    const path = parseUrl(parameterizeUrl(url)).path;
    if (!paths.includes(path)) paths.push(path);
  }
  return sha1(paths.sort().join('-'));
}

/**
 * Sentry's `fingerprint_resource_span`: the SHA-1 of an asset's URL without its query and with its
 * cache-busting tokens (UUIDs, chunk and trailing hashes, numeric file names, versions, long hex
 * runs) made `*`, so each build of the same asset is one issue.
 */
export function fingerprintResourceSpan(span: DetectorSpan): string {
  const description = span.description ?? '';
  const hash = description.indexOf('#');
  const fragment = hash < 0 ? '' : description.slice(hash);
  const parsed = parseUrl(hash < 0 ? description : description.slice(0, hash));
  const path = parsed.path
    .replace(/[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}/gi, '*')
    .replace(/(?:[0-9]+)?\.[a-f0-9]{8}\.chunk/gi, '.*.chunk')
    .replace(/([-.])(?:[a-f0-9]{8,64}\.)+([a-z0-9]{2,6})$/i, '$1*.$2')
    .replace(/\/[0-9]+(\.[a-z0-9]{2,6})$/i, '/*$1')
    .replace(/v[0-9]+(?:\.[0-9]+)*/g, '*')
    .replace(/[a-f0-9]{16,64}/gi, '*');
  const scheme = parsed.scheme ? `${parsed.scheme}:` : '';
  const host = parsed.host || ['http', 'https'].includes(parsed.scheme) ? `//${parsed.host}` : '';
  return sha1(`${scheme}${host}${path}${fragment}`);
}
