import { memoized } from '../../memo.ts';
import { asObject, isObject, type JsonObject, type JsonValue, lenientString } from './json.ts';
import type { NormalizeStage } from './types.ts';

// Relay's request interface: the shapes its schema reads (relay-event-schema `request.rs`:
// `Headers`, `Cookies`, `Query` as pair lists) and `normalize_request` (relay-event-normalization
// `normalize/request.rs`): the method in capitals, the query string and fragment out of the URL,
// a string body parsed, the `Cookie` header moved to `cookies`. Everything after this stage (PII
// scrubbing by key, trimming, the `url` tag, Snuba's `http_method`) sees the request as Relay's.

type Pair = [string, JsonValue];

const isPair = (value: JsonValue): value is Pair =>
  Array.isArray(value) && value.length === 2 && typeof value[0] === 'string';

/** Relay's `Object` is a BTreeMap: an object's entries come out sorted by key (byte order). */
const byKey = (a: Pair, b: Pair): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** `PairList::from_value`: an object becomes its sorted entries; a list keeps its order. */
function pairList(value: JsonValue, mapValue: (value: JsonValue) => JsonValue): JsonValue[] | undefined {
  if (isObject(value)) {
    return Object.entries(value)
      .map(([key, item]): Pair => [key, mapValue(item ?? null)])
      .sort(byKey);
  }
  if (!Array.isArray(value)) return undefined;
  return value.map((item) => (isPair(item) ? [item[0], mapValue(item[1])] : item));
}

/** `%XX` sequences as UTF-8 bytes (others left as they are); `plus` also reads `+` as a space. */
function percentDecode(text: string, plus: boolean, fatal: boolean): string {
  const source = plus ? text.replaceAll('+', ' ') : text;
  if (!source.includes('%')) return source;
  const bytes: number[] = [];
  const encoded = Buffer.from(source, 'utf8');
  for (let i = 0; i < encoded.length; i++) {
    const hex = encoded[i] === 0x25 ? encoded.subarray(i + 1, i + 3).toString('latin1') : '';
    if (/^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(encoded[i]!);
  }
  return new TextDecoder('utf-8', { fatal }).decode(Uint8Array.from(bytes));
}

/** `form_urlencoded::parse`: `&`-separated `key=value`, `+` a space, percent-decoded. */
function parseQuery(text: string): Pair[] {
  const query = text.startsWith('?') ? text.slice(1) : text;
  const pairs: Pair[] = [];
  for (const part of query.split('&')) {
    if (part === '') continue;
    const at = part.indexOf('=');
    const [key, value] = at < 0 ? [part, ''] : [part.slice(0, at), part.slice(at + 1)];
    pairs.push([percentDecode(key, true, false), percentDecode(value, true, false)]);
  }
  return pairs;
}

/** `JsonLenientString`: primitives as strings, objects and lists as their JSON. */
function jsonLenientString(value: JsonValue): JsonValue {
  if (value === null) return null;
  return lenientString(value) ?? (typeof value === 'object' ? JSON.stringify(value) : null);
}

/** The cookie crate's `Cookie::parse_encoded` of one `name=value`; undefined when it fails. */
function parseCookie(text: string): Pair | undefined {
  const at = text.indexOf('=');
  if (at < 0) return undefined;
  const name = text.slice(0, at).trim();
  let value = text.slice(at + 1).trim();
  if (name === '') return undefined;
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  try {
    return [percentDecode(name, false, true), percentDecode(value, false, true)];
  } catch {
    return undefined;
  }
}

/** `Cookies::parse`: `;`-separated cookies; undefined when one of them cannot be parsed. */
function parseCookies(text: string): Pair[] | undefined {
  const pairs: Pair[] = [];
  for (const part of text.split(';')) {
    if (part.trim() === '') continue;
    const pair = parseCookie(part);
    if (!pair) return undefined;
    pairs.push(pair);
  }
  return pairs;
}

/**
 * `HeaderName::new`: the first letter and each one after a `-` in capitals, the rest as sent.
 * Requests name the same few headers event after event: each name's capitals are worked out once
 * (a replace with a callback, ~0.3 µs a header, against a lookup). Keyed on the name as sent, all
 * the answer reads; at most 1,024 names kept (memo.ts).
 */
export const headerName = memoized(1024, (name: string): string =>
  name.replace(/(^|-)([^-])/g, (_, dash: string, char: string) => dash + char.toUpperCase()),
);

/** `HeaderValue`: a list of values joined with commas, a number or boolean as a string. */
function headerValue(value: JsonValue): JsonValue {
  if (Array.isArray(value)) {
    return value
      .map(lenientString)
      .filter((item) => item !== undefined)
      .join(',');
  }
  return lenientString(value) ?? value;
}

/** `Headers::from_value`: names normalized; sent as an object, sorted by name. */
function normalizeHeaders(request: JsonObject): void {
  const headers = request.headers;
  if (headers === undefined || headers === null) return;
  const pairs = pairList(headers, headerValue);
  if (!pairs) return;
  const named = pairs.map((pair) => (isPair(pair) ? ([headerName(pair[0]), pair[1]] as Pair) : pair));
  if (isObject(headers)) (named as Pair[]).sort(byKey);
  request.headers = named;
}

/** The first value of a (normalized) header, as Relay's `get_header` finds it. */
function getHeader(request: JsonObject, name: string): string | undefined {
  const headers = request.headers;
  if (!Array.isArray(headers)) return undefined;
  const found = headers.find((pair) => isPair(pair) && pair[0] === name) as Pair | undefined;
  return typeof found?.[1] === 'string' ? found[1] : undefined;
}

function removeHeader(request: JsonObject, name: string): void {
  if (Array.isArray(request.headers))
    request.headers = request.headers.filter((pair) => !(isPair(pair) && pair[0] === name));
}

/** `Cookies::from_value` and `normalize_cookies`: a `Cookie` header becomes the cookies. */
function normalizeCookies(request: JsonObject): void {
  const cookies = request.cookies;
  if (typeof cookies === 'string') {
    // A cookie that cannot be parsed is left out (Relay notes the error in `_meta`).
    request.cookies = cookies
      .split(';')
      .filter((part) => part.trim() !== '')
      .flatMap((part) => parseCookie(part) ?? []);
  } else if (cookies !== undefined && cookies !== null) {
    request.cookies = pairList(cookies, (value) => value) ?? cookies;
  }
  if (!Array.isArray(request.headers)) return;
  if (request.cookies !== undefined && request.cookies !== null) {
    removeHeader(request, 'Cookie');
    return;
  }
  const header = getHeader(request, 'Cookie');
  const parsed = header === undefined ? undefined : parseCookies(header);
  if (!parsed) return;
  request.cookies = parsed;
  removeHeader(request, 'Cookie');
}

/** `Query::from_value`: a string is parsed, a map or list of pairs kept as pairs. */
function normalizeQueryString(request: JsonObject): void {
  const query = request.query_string;
  if (typeof query === 'string') request.query_string = parseQuery(query);
  else if (query !== undefined && query !== null)
    request.query_string = pairList(query, jsonLenientString) ?? query;
}

const ELLIPSIS = '\u2026';

interface SplitUrl {
  /** The URL without its query string and fragment. */
  href: string;
  query: Pair[];
  fragment: string;
}

/** A URL split as `normalize_url` does, or null when it is not one; each page's URL is parsed once. */
const splitUrl = memoized(1024, (url: string): SplitUrl | null => {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const query = parseQuery(parsed.search);
  const fragment = parsed.hash.slice(1);
  parsed.search = '';
  parsed.hash = '';
  return { href: parsed.href, query, fragment };
});

/** `normalize_url`: the query string and fragment move to their own fields (theirs win). */
function normalizeUrl(request: JsonObject): void {
  let url = request.url;
  if (typeof url !== 'string') return;
  if (url.endsWith(ELLIPSIS)) url = `${url.slice(0, -ELLIPSIS.length)}...`;
  const hasQuery = request.query_string !== undefined && request.query_string !== null;
  const hasFragment = request.fragment !== undefined && request.fragment !== null;
  const parsed = splitUrl(url);
  if (parsed) {
    // The remembered pairs are shared: the request gets its own.
    if (!hasQuery && parsed.query.length > 0)
      request.query_string = parsed.query.map(([key, value]): Pair => [key, value]);
    if (!hasFragment && parsed.fragment !== '') request.fragment = parsed.fragment;
    request.url = parsed.href;
    return;
  }
  // Not a URL (a path, a relative link): split at `#` and `?` all the same.
  const hashAt = url.indexOf('#');
  if (hashAt >= 0) {
    const fragment = url.slice(hashAt + 1);
    if (fragment !== '' && !hasFragment) request.fragment = fragment;
    url = url.slice(0, hashAt);
  }
  const queryAt = url.indexOf('?');
  if (queryAt >= 0) {
    const query = parseQuery(url.slice(queryAt + 1));
    if (query.length > 0 && !hasQuery) request.query_string = query;
    url = url.slice(0, queryAt);
  }
  request.url = url;
}

/** `normalize_method`: in ASCII capitals; anything but 3–32 of `A-Z`, `-`, `_` is removed. */
function normalizeMethod(request: JsonObject, addError: (value: JsonValue) => void): void {
  const method = request.method;
  if (typeof method !== 'string') return;
  const upper = method.replace(/[a-z]+/g, (letters) => letters.toUpperCase());
  if (/^[A-Z\-_]{3,32}$/.test(upper)) {
    request.method = upper;
  } else {
    addError(method);
    delete request.method;
  }
}

/** serde_urlencoded's object of an `application/x-www-form-urlencoded` body, if it is one. */
function urlencodedBody(raw: string): JsonObject | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: Relay decodes ASCII bodies only
  if (!/^[\x00-\x7f]*$/.test(raw)) return undefined;
  if (raw.startsWith('<?xml') || raw.startsWith('{') || raw.startsWith('[')) return undefined;
  const object: JsonObject = {};
  for (const [key, value] of parseQuery(raw)) object[key] = value;
  const values = Object.values(object);
  const valid = values.length > 1 || (values.length === 1 && values[0] !== '' && values[0] !== '=');
  return valid ? object : undefined;
}

/** `normalize_data`: a string body parsed as JSON or a form; `inferred_content_type` says which. */
function normalizeData(request: JsonObject): void {
  const raw = request.data;
  if (typeof raw === 'string') {
    try {
      request.data = JSON.parse(raw) as JsonValue;
      request.inferred_content_type = 'application/json';
      return;
    } catch {
      const form = urlencodedBody(raw);
      if (form) {
        request.data = form;
        request.inferred_content_type = 'application/x-www-form-urlencoded';
        return;
      }
    }
  }
  const contentType = getHeader(request, 'Content-Type');
  if (contentType !== undefined) request.inferred_content_type = contentType.split(';')[0]!;
  else delete request.inferred_content_type;
}

export const normalizeRequest: NormalizeStage = (event, ctx) => {
  const request = asObject(event.request);
  if (!request) return;
  normalizeHeaders(request);
  normalizeQueryString(request);
  normalizeMethod(request, (value) => ctx.addError('invalid_data', 'request.method', { value }));
  normalizeUrl(request);
  normalizeData(request);
  normalizeCookies(request);
};
