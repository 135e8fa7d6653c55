/**
 * CSP reports as Relay reads them (relay-event-schema `protocol/security_report.rs`): `report-uri`
 * reports and Reporting API `csp-violation` bodies, the directive, message, culprit and tags.
 */

import { isObject, type JsonObject, type JsonValue } from './normalize/json.ts';
import {
  defined,
  type Entry,
  Fields,
  invalidReport,
  isWebUrl,
  parseUrl,
  type ReportParts,
  type Tags,
  text,
  unsignedOrText,
} from './security-report-fields.ts';

/** The wording per directive: for a local (inline) violation, and for a blocked `{uri}`. */
const CSP_MESSAGES: Record<string, [inline: string | undefined, blocked: string]> = {
  'child-src': ["Blocked inline 'child'", "Blocked 'child' from '{uri}'"],
  'connect-src': ["Blocked inline 'connect'", "Blocked 'connect' from '{uri}'"],
  'font-src': ["Blocked inline 'font'", "Blocked 'font' from '{uri}'"],
  'form-action': [undefined, "Blocked 'form' action to '{uri}'"],
  'img-src': ["Blocked inline 'image'", "Blocked 'image' from '{uri}'"],
  'manifest-src': ["Blocked inline 'manifest'", "Blocked 'manifest' from '{uri}'"],
  'media-src': ["Blocked inline 'media'", "Blocked 'media' from '{uri}'"],
  'object-src': ["Blocked inline 'object'", "Blocked 'object' from '{uri}'"],
  'script-src': ["Blocked unsafe (eval() or inline) 'script'", "Blocked 'script' from '{uri}'"],
  'script-src-attr': ["Blocked unsafe 'script' element", "Blocked inline script attribute from '{uri}'"],
  'script-src-elem': ['Blocked inline script attribute', "Blocked 'script' from '{uri}'"],
  'style-src': ["Blocked inline 'style'", "Blocked 'style' from '{uri}'"],
  'style-src-elem': ["Blocked 'style' or 'link' element", "Blocked 'style' from '{uri}'"],
  'style-src-attr': ['Blocked style attribute', "Blocked style attribute from '{uri}'"],
};

const CSP_DIRECTIVES = new Set([
  ...Object.keys(CSP_MESSAGES),
  ...'base-uri default-src fenced-frame-src frame-ancestors frame-src plugin-types prefetch-src'.split(' '),
  ...'referrer upgrade-insecure-requests worker-src sandbox navigate-to report-uri report-to'.split(' '),
  ...'block-all-mixed-content require-sri-for require-trusted-types-for trusted-types'.split(' '),
]);

/** Schemes Python's `urlunsplit` writes with `//` (Sentry's original code used it). */
const SCHEMES_WITH_HOST = new Set([
  ...'ftp http gopher nntp telnet imap wais file mms https shttp snews prospero rtsp rtspu'.split(' '),
  ...'rsync svn svn+ssh sftp nfs git git+ssh ws wss'.split(' '),
]);

function unsplitUri(scheme: string, host: string): string {
  if (host || SCHEMES_WITH_HOST.has(scheme)) return `${scheme}://${host}`;
  return scheme ? `${scheme}:${host}` : '';
}

function isLocal(uri: string): boolean {
  return uri === '' || uri === 'self' || uri === "'self'";
}

/** A URI as messages show it: the host (and port) of web URLs, else `scheme://host`. */
function normalizeUri(value: string): string {
  if (isLocal(value)) return "'self'";
  // Reports often name only the scheme ("data", "blob").
  if (!value.includes(':')) return unsplitUri(value, '');
  const url = parseUrl(value);
  if (!url) return value;
  const base = isWebUrl(url) ? url.hostname : unsplitUri(url.protocol.slice(0, -1), url.hostname);
  return url.port ? `${base}:${url.port}` : base;
}

/** A CSP report's fields, as read before its directive is resolved. */
interface CspFields {
  given: string | undefined;
  blockedUri: string;
  documentUri: string | undefined;
  referrer: string | undefined;
  violatedDirective: string;
  report: Entry[];
}

function readCsp(source: JsonValue | undefined): CspFields | undefined {
  if (!isObject(source)) return undefined;
  const fields = new Fields(source);
  const given = fields.optional(['effective_directive', 'effective-directive', 'effectiveDirective'], text);
  const blockedUri = fields.required(['blocked_uri', 'blockedURL', 'blocked-uri'], text, 'self');
  const documentUri = fields.optional(['document_uri', 'documentURL', 'document-uri'], text);
  const originalPolicy = fields.optional(['original_policy', 'originalPolicy', 'original-policy'], text);
  const referrer = fields.optional(['referrer'], text);
  const statusCode = fields.optional(['status_code', 'statusCode', 'status-code'], unsignedOrText);
  const violatedDirective = fields.required(
    ['violated_directive', 'violatedDirective', 'violated-directive'],
    text,
    '',
  );
  const report: Entry[] = [
    ['blocked_uri', blockedUri],
    ['document_uri', documentUri],
    ['original_policy', originalPolicy],
    ['referrer', referrer],
    ['status_code', statusCode],
    ['violated_directive', violatedDirective],
    ['source_file', fields.optional(['source_file', 'sourceFile', 'source-file'], text)],
    ['line_number', fields.optional(['line_number', 'lineNumber', 'line-number'], unsignedOrText)],
    ['column_number', fields.optional(['column_number', 'columnNumber', 'column-number'], unsignedOrText)],
    ['script_sample', fields.optional(['script_sample', 'scriptSample', 'script-sample', 'sample'], text)],
    ['disposition', fields.optional(['disposition'], text)],
  ];
  return {
    given,
    blockedUri,
    documentUri,
    referrer,
    violatedDirective,
    report: [...report, ...fields.rest()],
  };
}

/** The directive's name: the first word, as CSP2 browsers append the source list. */
function directiveName(value: string | undefined): string | undefined {
  const name = value?.split(' ', 1)[0];
  return name !== undefined && CSP_DIRECTIVES.has(name) ? name : undefined;
}

function cspMessage(directive: string, blockedUri: string): string {
  // CSP 3 reports a blocked inline script or eval() with these exact markers.
  if (directive === 'script-src' && blockedUri === 'inline') return "Blocked unsafe inline 'script'";
  if (directive === 'script-src' && blockedUri === 'eval') return "Blocked unsafe eval() 'script'";
  const [inline, blocked] = CSP_MESSAGES[directive] ?? [];
  if (isLocal(blockedUri)) return inline ?? `Blocked inline '${directive}'`;
  return (blocked ?? `Blocked '${directive}' from '{uri}'`).split('{uri}').join(normalizeUri(blockedUri));
}

const SCHEME_PREFIXES = ['data:', 'mediastream:', 'blob:', 'filesystem:', 'http:', 'https:', 'file:'];
const CSP_KEYWORDS = new Set(["'none'", "'self'", "'unsafe-inline'", "'unsafe-eval'"]);

/** A policy source as the culprit shows it: the document's own origin becomes `'self'`. */
function cspSource(value: string, documentUri: string, documentOrigin: string): string {
  if (CSP_KEYWORDS.has(value)) return value;
  // Firefox spells `'self'` out as the document's origin.
  if (SCHEME_PREFIXES.some((prefix) => value.startsWith(prefix))) {
    return normalizeUri(value) === documentOrigin ? "'self'" : value;
  }
  if (value === documentOrigin) return "'self'";
  // A source without a scheme has the document's; only an unusual one is worth writing out.
  const colon = documentUri.indexOf(':');
  const scheme = colon < 0 ? undefined : documentUri.slice(0, colon);
  return scheme === undefined || scheme === 'http' || scheme === 'https' ? value : unsplitUri(scheme, value);
}

function cspCulprit(violatedDirective: string, documentUri = ''): string {
  const [directive, ...sources] = violatedDirective.split(/[\t\n\f\r ]+/).filter(Boolean);
  if (directive === undefined) return '';
  const documentOrigin = normalizeUri(documentUri);
  return [directive, ...sources.map((source) => cspSource(source, documentUri, documentOrigin))].join(' ');
}

function cspTags(directive: string, blockedUri: string): Tags {
  // Stripe puts card data in the query string of its API URLs.
  const stripe = blockedUri.startsWith('https://api.stripe.com/');
  const tags: Tags = [
    ['effective-directive', directive],
    ['blocked-uri', stripe ? blockedUri.split(/[#?]/, 1)[0]! : blockedUri],
  ];
  const url = parseUrl(blockedUri);
  if (url && isWebUrl(url) && url.hostname) tags.push(['blocked-host', url.hostname]);
  return tags;
}

/** A `report-uri` report (`{"csp-report": …}`) or a Reporting API one (`{"type": …, "body": …}`). */
export function cspParts(payload: JsonObject): ReportParts {
  let csp: CspFields | undefined;
  try {
    csp = readCsp(payload['csp-report']);
  } catch (error) {
    if (!isObject(payload.body)) throw error;
  }
  csp ??= readCsp(payload.body);
  if (!csp) throw invalidReport('neither csp-report nor body is a CSP report');
  // Firefox sends no effective-directive; the violated one names it too.
  const directive = directiveName(csp.given) ?? directiveName(csp.violatedDirective);
  if (!directive) throw invalidReport('no known CSP directive');
  return {
    message: cspMessage(directive, csp.blockedUri),
    culprit: cspCulprit(csp.violatedDirective, csp.documentUri),
    tags: cspTags(directive, csp.blockedUri),
    request: defined([
      ['url', csp.documentUri],
      ['headers', csp.referrer ? [['Referer', csp.referrer]] : undefined],
    ]),
    report: defined([['effective_directive', directive], ...csp.report]),
  };
}
