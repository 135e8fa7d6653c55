/**
 * Where the project key comes from (`extractors/request_meta.rs::auth_from_parts`): exactly one of
 * the `X-Sentry-Auth` header, `Authorization: Sentry …|Basic …`, or `sentry_*` query parameters;
 * on the envelope endpoint the envelope header's `dsn` may stand in for all of them.
 */
import type http from 'node:http';
import { IngestError, unauthorized } from './errors.ts';

export interface Auth {
  publicKey: string;
  /** `sentry_version`, when sent. */
  version?: string;
  /** `sentry_client`, e.g. `sentry.javascript.node/11.12.0`. */
  client?: string;
}

/** The highest protocol version Relay speaks. */
export const PROTOCOL_VERSION = 7;

/** `Sentry sentry_key=…, sentry_version=7, …` (the `Sentry ` prefix already checked). */
export function parseAuthPairs(text: string): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const part of text.split(',')) {
    const at = part.indexOf('=');
    if (at === -1) continue;
    const key = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    // Both `sentry_key` and the older `key` spelling are seen in the wild.
    pairs.set(key.startsWith('sentry_') ? key.slice('sentry_'.length) : key, value);
  }
  return pairs;
}

function authFromPairs(pairs: Map<string, string>): Auth {
  const publicKey = pairs.get('key');
  if (!publicKey) throw unauthorized('bad x-sentry-auth header');
  const auth: Auth = { publicKey: stripKeyFlags(publicKey) };
  const version = pairs.get('version');
  if (version) auth.version = version;
  const client = pairs.get('client');
  if (client) auth.client = client;
  return auth;
}

/** A ProjectKey may carry `.flag` suffixes (`parse_with_flags`, e.g. `<key>.no-cache`). */
export function stripKeyFlags(key: string): string {
  const dot = key.indexOf('.');
  return dot === -1 ? key : key.slice(0, dot);
}

function startsWithSentry(value: string): boolean {
  return value.length > 7 && value.slice(0, 7).toLowerCase() === 'sentry ';
}

function authFromAuthorization(value: string): Auth | undefined {
  if (startsWithSentry(value)) return authFromPairs(parseAuthPairs(value.slice(7)));
  if (value.slice(0, 6).toLowerCase() === 'basic ') {
    const decoded = Buffer.from(value.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const key = colon === -1 ? decoded : decoded.slice(0, colon);
    if (!key) throw unauthorized('bad authorization header');
    return { publicKey: stripKeyFlags(key) };
  }
  return undefined;
}

/**
 * The request's own auth, or undefined when it carries none (the envelope endpoint then looks for
 * a `dsn` in the envelope header). Two sources at once → 401, as in Relay.
 */
export function requestAuth(req: http.IncomingMessage, rawQuery: string): Auth | undefined {
  const found: Auth[] = [];
  const header = req.headers['x-sentry-auth'];
  if (typeof header === 'string' && startsWithSentry(header))
    found.push(authFromPairs(parseAuthPairs(header.slice(7))));
  const authorization = req.headers.authorization;
  if (typeof authorization === 'string') {
    const auth = authFromAuthorization(authorization);
    if (auth) found.push(auth);
  }
  if (rawQuery.includes('sentry_')) {
    const auth = queryAuth(rawQuery);
    if (auth) found.push(auth);
  }
  if (found.length > 1) throw unauthorized('multiple authorization payloads detected');
  const auth = found[0];
  if (auth) checkVersion(auth.version);
  return auth;
}

/** Query auth counts only when it names a key: `sentry_release` alone (security reports) is not auth. */
function queryAuth(rawQuery: string): Auth | undefined {
  const pairs = new Map<string, string>();
  let named = false;
  for (const piece of rawQuery.split('&')) {
    // Only a piece naming `sentry_…`, plainly or percent-encoded, can be one.
    if (!piece.includes('sentry_') && !piece.includes('%')) continue;
    const [key, value] = queryPair(piece);
    if (!key.startsWith('sentry_')) continue;
    if (key === 'sentry_key' || key === 'sentry_version') named = true;
    pairs.set(key.slice('sentry_'.length), value);
  }
  return named ? authFromPairs(pairs) : undefined;
}

/**
 * One `name=value` of a query string, decoded as URLSearchParams decodes it. Read per request on
 * the hot path of browser SDKs (the key is in the URL): a plain piece is its own decoding, and
 * building URLSearchParams for the whole query cost more than the rest of the auth.
 */
function queryPair(piece: string): [string, string] {
  if (piece.includes('%') || piece.includes('+')) {
    for (const pair of new URLSearchParams(piece)) return pair;
    return ['', ''];
  }
  const at = piece.indexOf('=');
  return at === -1 ? [piece, ''] : [piece.slice(0, at), piece.slice(at + 1)];
}

/** `sentry_version` is the integer before the first dot; above 7 is a protocol we do not speak. */
export function checkVersion(version: string | undefined): void {
  if (version === undefined) return;
  const major = Number.parseInt(version.split('.')[0] ?? '', 10);
  if (Number.isNaN(major)) throw new IngestError('auth_version', 400, 'bad sentry_version');
  if (major > PROTOCOL_VERSION) {
    throw new IngestError('auth_version', 400, `unsupported protocol version (${major})`);
  }
}

export interface Dsn {
  publicKey: string;
  projectId: number;
}

/** `{scheme}://{public_key}[:{secret}]@{host}[:{port}]/{path/}{project_id}` (`PartialDsn::from_dsn`). */
export function parseDsn(dsn: string): Dsn | undefined {
  const match = /^(?:\w+):\/\/(\w+)(?::\w*)?@(?:\[[:.%\w]+\]|[\w.-]+)(?::\d+)?\/(?:.*\/)?(\d+)\/?$/.exec(dsn);
  if (!match) return undefined;
  const projectId = Number(match[2]);
  if (!Number.isSafeInteger(projectId)) return undefined;
  return { publicKey: match[1]!, projectId };
}
