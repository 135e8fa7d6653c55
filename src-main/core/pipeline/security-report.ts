/**
 * The event Relay makes of a `raw_security` item, i.e. a browser's CSP, Expect-CT, Expect-Staple
 * or HPKP report as `/api/<pid>/security/` queued it (relay-server `event_from_security_report`,
 * relay-event-schema `protocol/security_report.rs`), and the defaults Relay's normalization adds to
 * such events (`normalize_security_report`).
 *
 * CSP follows Relay's current reading (Reporting API bodies, camelCase keys, the `blocked-host`
 * tag, the `inline` / `eval` markers); Expect-CT, Expect-Staple and HPKP follow the last Relay that
 * still read them, since Relay has since stopped accepting them and older browsers still send them.
 */
import { isIP } from 'node:net';
import { InvalidItemError, parseJsonPayload } from './invalid-item.ts';
import { ensureObject, isObject, type JsonObject } from './normalize/json.ts';
import { cspParts } from './security-report-csp.ts';
import {
  anyValue,
  dateTime,
  defined,
  Fields,
  flag,
  integer,
  invalidReport,
  isWebUrl,
  listOf,
  oneOf,
  parseUrl,
  type Read,
  type ReportParts,
  type SecurityReportType,
  type Tags,
  text,
  texts,
  unsigned,
} from './security-report-fields.ts';

// ---- Expect-CT, Expect-Staple, HPKP ---------------------------------------------------------------

/** The fields of the report wrapped under `key`. */
function wrapped(payload: JsonObject, key: string): Fields {
  const inner = payload[key];
  if (!isObject(inner)) throw invalidReport(`'${key}' is not an object`);
  return new Fields(inner);
}

function hostTags(hostname: string, port: number | undefined): Tags {
  const tags: Tags = [['hostname', hostname]];
  if (port !== undefined) tags.push(['port', String(port)]);
  return tags;
}

const certificateTimestamp: Read<JsonObject> = (value, name) => {
  if (!isObject(value)) throw invalidReport(`'${name}' holds a non-object`);
  const fields = new Fields(value);
  return defined([
    ['version', fields.optional(['version'], integer)],
    ['status', fields.optional(['status'], oneOf(['unknown', 'valid', 'invalid']))],
    ['source', fields.optional(['source'], oneOf(['tls-extension', 'ocsp', 'embedded']))],
    ['serialized_sct', fields.optional(['serialized_sct'], text)],
  ]);
};

function expectCtParts(payload: JsonObject): ReportParts {
  const fields = wrapped(payload, 'expect-ct-report');
  const hostname = fields.required(['hostname'], text);
  const port = fields.optional(['port'], integer);
  const report = defined([
    // Relay reads both dates with its own RFC 3339 reader, which makes them required.
    ['date_time', fields.required(['date-time'], dateTime)],
    ['hostname', hostname],
    ['port', port],
    ['scheme', fields.optional(['scheme'], text)],
    ['effective_expiration_date', fields.required(['effective-expiration-date'], dateTime)],
    ['served_certificate_chain', fields.optional(['served-certificate-chain'], texts) ?? []],
    ['validated_certificate_chain', fields.optional(['validated-certificate-chain'], texts) ?? []],
    ['scts', fields.optional(['scts'], listOf(certificateTimestamp))],
    ['failure_mode', fields.optional(['failure-mode'], text)],
    ['test_report', fields.optional(['test-report'], flag)],
  ]);
  const message = `Expect-CT failed for '${hostname}'`;
  return { message, culprit: hostname, tags: hostTags(hostname, port), request: { url: hostname }, report };
}

const STAPLE_RESPONSE_STATUSES = [
  ...'MISSING PROVIDED ERROR_RESPONSE BAD_PRODUCED_AT NO_MATCHING_RESPONSE INVALID_DATE'.split(' '),
  ...'PARSE_RESPONSE_ERROR PARSE_RESPONSE_DATA_ERROR'.split(' '),
];

function expectStapleParts(payload: JsonObject): ReportParts {
  const fields = wrapped(payload, 'expect-staple-report');
  const hostname = fields.required(['hostname'], text);
  const port = fields.optional(['port'], integer);
  const responseStatus = fields.optional(['response-status'], oneOf(STAPLE_RESPONSE_STATUSES));
  const certStatus = fields.optional(['cert-status'], oneOf(['GOOD', 'REVOKED', 'UNKNOWN']));
  const report = defined([
    ['date_time', fields.optional(['date-time'], dateTime)],
    ['hostname', hostname],
    ['port', port],
    ['effective_expiration_date', fields.optional(['effective-expiration-date'], dateTime)],
    ['response_status', responseStatus],
    ['cert_status', certStatus],
    ['served_certificate_chain', fields.optional(['served-certificate-chain'], texts)],
    ['validated_certificate_chain', fields.optional(['validated-certificate-chain'], texts)],
    ['ocsp_response', fields.optional(['ocsp-response'], anyValue)],
  ]);
  const tags = hostTags(hostname, port);
  if (responseStatus) tags.push(['response_status', responseStatus]);
  if (certStatus) tags.push(['cert_status', certStatus]);
  const message = `Expect-Staple failed for '${hostname}'`;
  return { message, culprit: hostname, tags, request: { url: hostname }, report };
}

/** HPKP reports are not wrapped; they are recognised by their `known-pins`. */
function hpkpParts(payload: JsonObject): ReportParts {
  const fields = new Fields(payload);
  const hostname = fields.required(['hostname'], text);
  const port = fields.optional(['port'], unsigned);
  const includeSubdomains = fields.optional(['include-subdomains'], flag);
  const report = defined([
    ['date_time', fields.optional(['date-time'], dateTime)],
    ['hostname', hostname],
    ['port', port],
    ['effective_expiration_date', fields.optional(['effective-expiration-date'], dateTime)],
    ['include_subdomains', includeSubdomains],
    ['noted_hostname', fields.optional(['noted-hostname'], text)],
    ['served_certificate_chain', fields.optional(['served-certificate-chain'], texts)],
    ['validated_certificate_chain', fields.optional(['validated-certificate-chain'], texts)],
    ['known_pins', fields.required(['known-pins'], texts)],
    ...fields.rest(),
  ]);
  const tags = hostTags(hostname, port);
  if (includeSubdomains !== undefined) tags.push(['include-subdomains', String(includeSubdomains)]);
  // Unlike the other reports, Relay gives HPKP no culprit.
  const message = `Public key pinning validation failed for '${hostname}'`;
  return { message, tags, request: { url: hostname }, report };
}

const REPORT_PARTS: Record<SecurityReportType, (payload: JsonObject) => ReportParts> = {
  csp: cspParts,
  expectct: expectCtParts,
  expectstaple: expectStapleParts,
  hpkp: hpkpParts,
};

// ---- The event ------------------------------------------------------------------------------------

/** Relay's `SecurityReportType::from_json`: the kind follows from the keys (a null key is absent). */
function reportType(payload: JsonObject): SecurityReportType {
  const given = (key: string) => payload[key] !== undefined && payload[key] !== null;
  const type = payload.type;
  if (given('type') && typeof type !== 'string') {
    throw new InvalidItemError('invalid_json', 'security report type is not a string');
  }
  if (given('csp-report') || type === 'csp-violation') return 'csp';
  // Another Reporting API report (deprecation, intervention, …): Relay filters it as invalid-csp.
  if (typeof type === 'string')
    throw new InvalidItemError('invalid-csp', `unsupported report type '${type}'`);
  if (given('known-pins')) return 'hpkp';
  if (given('expect-staple-report')) return 'expectstaple';
  if (given('expect-ct-report')) return 'expectct';
  throw new InvalidItemError('security_report_type', 'not a CSP, Expect-CT, Expect-Staple or HPKP report');
}

/** Sets a request header in a pair list or a map; `replace` overwrites one of the same name. */
function setHeader(request: JsonObject, name: string, value: string, replace: boolean): void {
  const headers = request.headers;
  const lower = name.toLowerCase();
  if (isObject(headers)) {
    const key = Object.keys(headers).find((header) => header.toLowerCase() === lower);
    if (key === undefined || replace) headers[key ?? name] = value;
    return;
  }
  const pairs = Array.isArray(headers) ? headers : [];
  const index = pairs.findIndex((pair) => Array.isArray(pair) && String(pair[0]).toLowerCase() === lower);
  if (index < 0) pairs.push([name, value]);
  else if (replace) pairs[index] = [name, value];
  request.headers = pairs;
}

/**
 * The event of a `raw_security` item. `itemHeaders` carries `sentry_release` and
 * `sentry_environment` (the endpoint's query parameters); `origin` is the request's `Origin` (or
 * `Referer`) header, kept as Relay keeps it: only an http(s) URL, written out as a full URL.
 * Throws `InvalidItemError` with Relay's outcome reason when the report is not JSON
 * (`invalid_json`), of no known kind (`security_report_type`), a Reporting API report other than
 * CSP (`invalid-csp`, which Relay counts as filtered, not invalid) or malformed (`security_report`).
 */
export function eventFromSecurityReport(
  payload: Buffer,
  itemHeaders: Record<string, unknown>,
  origin: string | null,
): JsonObject {
  const report = parseJsonPayload(payload, 'raw_security');
  const type = reportType(report);
  const parts = REPORT_PARTS[type](report);
  const originUrl = origin ? parseUrl(origin) : undefined;
  if (originUrl && isWebUrl(originUrl)) setHeader(parts.request, 'Origin', originUrl.href, true);
  const header = (key: string) => (typeof itemHeaders[key] === 'string' ? itemHeaders[key] : undefined);
  return defined([
    ['type', type],
    ['logentry', { formatted: parts.message }],
    ['culprit', parts.culprit],
    ['tags', parts.tags],
    ['request', parts.request],
    [type, parts.report],
    ['release', header('sentry_release')],
    ['environment', header('sentry_environment')],
  ]);
}

const SECURITY_INTERFACES: readonly SecurityReportType[] = ['csp', 'expectct', 'expectstaple', 'hpkp'];

/**
 * Relay's `normalize_security_report`, for any event carrying a security interface: the logger
 * defaults to `csp`, the user is the client that sent the report (Relay sets the IP outright, as a
 * browser reports for its own user), and the request gains the client's User-Agent header unless
 * it has one. Run it before `normalizeEvent`: its logger stage would otherwise write '', and its
 * user-agent stage derives the browser and OS contexts from this header.
 */
export function normalizeSecurityReport(
  event: JsonObject,
  clientIp: string | undefined,
  userAgent: string | undefined,
): void {
  if (!SECURITY_INTERFACES.some((key) => isObject(event[key]))) return;
  if (event.logger === undefined || event.logger === null) event.logger = 'csp';
  if (clientIp && isIP(clientIp) !== 0) ensureObject(event, 'user').ip_address = clientIp;
  if (userAgent) setHeader(ensureObject(event, 'request'), 'User-Agent', userAgent, false);
}
