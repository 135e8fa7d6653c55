/**
 * Network Error Logging reports (the browser's Reporting API, `application/reports+json`) as
 * Sentry logs, as Relay's NEL integration makes them (`relay_event_normalization::nel`): level
 * info, the body the error type's description (an `http.error` names its status code), the time
 * the report's `age` before it was received, and the report's facts as attributes (`url.full`,
 * `url.domain`, `http.request.method`, `http.response.status_code`, `server.address`, `nel.type`,
 * `nel.phase` …) with `sentry.origin` `auto.http.browser_reports.nel`. As for OTLP logs, a report
 * gets no made-up trace id.
 */
import type { SentryAttribute } from './otlp/model.ts';

/** What each NEL error type means (the W3C list and Chromium's own types), in our words. */
const DESCRIPTIONS: Record<string, string> = {
  'dns.unreachable': 'The DNS server could not be reached',
  'dns.name_not_resolved': 'The DNS server answered but could not resolve the name',
  'dns.failed': 'The DNS request failed for another reason',
  'dns.address_changed': "The origin's resolved IP address changed since its NEL policy was received",
  'tcp.timed_out': 'The TCP connection to the server timed out',
  'tcp.closed': 'The server closed the TCP connection',
  'tcp.reset': 'The TCP connection was reset',
  'tcp.refused': 'The server refused the TCP connection',
  'tcp.aborted': 'The TCP connection was aborted',
  'tcp.address_invalid': 'The IP address is invalid',
  'tcp.address_unreachable': 'The IP address is unreachable',
  'tcp.failed': 'The TCP connection failed for another reason',
  'tls.version_or_cipher_mismatch': 'The TLS connection was aborted: no common version or cipher',
  'tls.bad_client_auth_cert': 'The TLS connection was aborted: the client certificate was refused',
  'tls.cert.name_invalid': "The TLS connection was aborted: the certificate's name does not match",
  'tls.cert.date_invalid': "The TLS connection was aborted: the certificate's dates are not valid",
  'tls.cert.authority_invalid': "The TLS connection was aborted: the certificate's issuer is not trusted",
  'tls.cert.invalid': 'The TLS connection was aborted: the certificate is invalid',
  'tls.cert.revoked': "The TLS connection was aborted: the server's certificate was revoked",
  'tls.cert.pinned_key_not_in_cert_chain': 'The TLS connection was aborted: a pinned key is not in the chain',
  'tls.protocol.error': 'The TLS connection was aborted by a TLS protocol error',
  'tls.failed': 'The TLS connection failed for another reason',
  'http.error': 'The response arrived with status code {status}',
  'http.protocol.error': 'The connection was aborted by an HTTP protocol error',
  'http.response.invalid': 'The response could not be processed (empty, wrong length or bad encoding)',
  'http.response.redirect_loop': 'The request was aborted in a redirect loop',
  'http.failed': 'The connection failed by another HTTP protocol error',
  abandoned: 'The user aborted the fetch before it completed',
  unknown: 'The error type is unknown',
  'dns.protocol': 'ERR_DNS_MALFORMED_RESPONSE',
  'dns.server': 'ERR_DNS_SERVER_FAILED',
  'tls.unrecognized_name_alert': 'ERR_SSL_UNRECOGNIZED_NAME_ALERT',
  'h2.ping_failed': 'ERR_HTTP2_PING_FAILED',
  'h2.protocol.error': 'ERR_HTTP2_PROTOCOL_ERROR',
  'h3.protocol.error': 'ERR_QUIC_PROTOCOL_ERROR',
  'http.response.invalid.empty': 'ERR_EMPTY_RESPONSE',
  'http.response.invalid.content_length_mismatch': 'ERR_CONTENT_LENGTH_MISMATCH',
  'http.response.invalid.incomplete_chunked_encoding': 'ERR_INCOMPLETE_CHUNKED_ENCODING',
  'http.response.invalid.invalid_chunked_encoding': 'ERR_INVALID_CHUNKED_ENCODING',
  'http.request.range_not_satisfiable': 'ERR_REQUEST_RANGE_NOT_SATISFIABLE',
  'http.response.headers.truncated': 'ERR_RESPONSE_HEADERS_TRUNCATED',
  'http.response.headers.multiple_content_disposition': 'ERR_RESPONSE_HEADERS_MULTIPLE_CONTENT_DISPOSITION',
  'http.response.headers.multiple_content_length': 'ERR_RESPONSE_HEADERS_MULTIPLE_CONTENT_LENGTH',
};

export class NelReportError extends Error {}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The host of a URL (`[::1]` kept in brackets, no port); anything else as it is. */
export function serverAddress(text: string): string {
  if (!/^https?:\/\//.test(text)) return text;
  const hostPort = text.slice(text.indexOf('//') + 2).split(/[/?#]/)[0] ?? text;
  if (hostPort.startsWith('[')) {
    const end = hostPort.indexOf(']');
    return end === -1 ? hostPort : hostPort.slice(0, end + 1);
  }
  return hostPort.split(':')[0] ?? hostPort;
}

function description(type: string, status: unknown): string {
  const text = DESCRIPTIONS[type];
  if (text === undefined) return type;
  return text.replace('{status}', String(typeof status === 'number' ? status : 0));
}

function put(attrs: Record<string, SentryAttribute>, key: string, value: unknown): void {
  if (typeof value === 'string') attrs[key] = { type: 'string', value };
  else if (typeof value === 'boolean') attrs[key] = { type: 'boolean', value };
  else if (typeof value === 'number' && Number.isFinite(value))
    attrs[key] = Number.isInteger(value) ? { type: 'integer', value } : { type: 'double', value };
}

/** One report as a Sentry log; undefined for a report without a body (Relay drops those too). */
export function nelLog(report: Json, receivedAt: number): Record<string, unknown> | undefined {
  const body = report.body;
  if (!isObject(body)) return undefined;
  const type = typeof body.type === 'string' ? body.type : 'unknown';
  const age = typeof report.age === 'number' && Number.isFinite(report.age) ? report.age : 0;
  const attrs: Record<string, SentryAttribute> = {
    'sentry.origin': { type: 'string', value: 'auto.http.browser_reports.nel' },
    report_type: { type: 'string', value: 'network-error' },
  };
  if (typeof report.url === 'string') put(attrs, 'url.domain', serverAddress(report.url));
  put(attrs, 'url.full', report.url);
  put(attrs, 'http.request.duration', body.elapsed_time);
  put(attrs, 'http.request.method', body.method);
  put(attrs, 'http.request.header.referer', body.referrer);
  put(attrs, 'http.response.status_code', body.status_code);
  put(attrs, 'network.protocol', body.protocol);
  if (typeof body.server_ip === 'string') put(attrs, 'server.address', serverAddress(body.server_ip));
  put(attrs, 'nel.phase', body.phase);
  put(attrs, 'nel.sampling_fraction', body.sampling_fraction);
  put(attrs, 'nel.type', body.type);
  return {
    timestamp: (receivedAt - age) / 1000,
    level: 'info',
    body: description(type, body.status_code),
    attributes: attrs,
  };
}

/** A Reporting API body (an array of reports, or one report) as Sentry logs; 400 when it is no JSON. */
export function nelLogs(body: Uint8Array, receivedAt: number): Record<string, unknown>[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body).toString('utf8'));
  } catch (error) {
    throw new NelReportError(`the body is not JSON: ${(error as Error).message}`);
  }
  const reports = Array.isArray(parsed) ? parsed : [parsed];
  return reports.flatMap((report) => {
    const log = isObject(report) ? nelLog(report, receivedAt) : undefined;
    return log ? [log] : [];
  });
}
