/**
 * Sentry's span `hash` (its span grouping, `default:2022-10-27`), which the detectors compare and
 * fingerprint: a DB span by its query with the values scrubbed (here Relay's scrubber, the one the
 * Queries page groups by, `insights/sql-description.ts`), an `http.client` span by its method,
 * scheme, host and path (the query string dropped), any other by its op and description; the first
 * 16 hex digits of the parts' MD5. None without an op or a description.
 */
import crypto from 'node:crypto';
import { normalizeQuery } from '../insights/sql-description.ts';
import { parseUrl } from './url.ts';

const HTTP_METHODS = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'CONNECT',
  'OPTIONS',
  'TRACE',
  'PATCH',
]);

function httpClientParts(description: string): string[] | null {
  const space = description.indexOf(' ');
  if (space < 0) return null;
  const method = description.slice(0, space).toUpperCase();
  if (!HTTP_METHODS.has(method)) return null;
  const url = parseUrl(description.slice(space + 1));
  return [method, url.scheme, url.host, url.path];
}

function hashParts(parts: readonly string[]): string {
  const md5 = crypto.createHash('md5');
  for (const part of parts) md5.update(part);
  return md5.digest('hex').slice(0, 16);
}

export function spanHash(op: string | null, description: string | null): string | null {
  if (!op || !description) return null;
  if (op === 'http.client') {
    const parts = httpClientParts(description);
    return parts ? hashParts(parts) : null;
  }
  if (op.startsWith('db')) return hashParts([normalizeQuery(op, description, null) ?? description]);
  return hashParts([op, description]);
}
