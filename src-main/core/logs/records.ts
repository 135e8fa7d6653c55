/**
 * The log records of one stored item, as the Logs page lists them. A `log` item is Sentry's
 * container (`{"items": [{timestamp, level, body, trace_id, attributes: {key: {value, type}}}]}`);
 * an `otel_log` item is one OpenTelemetry log record (`timeUnixNano`, `severityText`, `body`
 * as an AnyValue, attributes as a key/value list). Both are stored as received (`pipeline/other-items.ts`),
 * so nothing here trusts their shape.
 */
import { LOG_LEVELS, type LogAttributeValue, type LogRecord } from '../../../src-shared/logs-api.ts';
import { epochMillis, type Json, obj, text } from '../store/item-json.ts';

function scalar(value: unknown): LogAttributeValue {
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  return value === undefined ? null : JSON.stringify(value);
}

/** The level of an OTel severity number (1–24, four per level), as Sentry maps it. */
function levelOfSeverity(severity: number | null): string {
  if (severity === null || severity < 1) return 'info';
  return LOG_LEVELS[Math.min(Math.floor((severity - 1) / 4), LOG_LEVELS.length - 1)] ?? 'info';
}

function level(value: unknown, severity: number | null): string {
  const name = text(value)?.toLowerCase();
  if (name === 'warning') return 'warn';
  if (name === 'critical') return 'fatal';
  return name ?? levelOfSeverity(severity);
}

function severityNumber(value: unknown): number | null {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) ? n : null;
}

function sentryRecord(projectId: number, json: Json, received: number): LogRecord {
  const severity = severityNumber(json.severity_number);
  const attributes: Record<string, LogAttributeValue> = {};
  for (const [key, attribute] of Object.entries(obj(json.attributes) ?? {}))
    attributes[key] = scalar(obj(attribute)?.value ?? attribute);
  return {
    projectId,
    timestamp: epochMillis(json.timestamp) ?? received,
    level: level(json.level, severity),
    severityNumber: severity,
    body:
      typeof json.body === 'string' ? json.body : json.body === undefined ? '' : JSON.stringify(json.body),
    traceId: text(json.trace_id)?.replaceAll('-', '').toLowerCase() ?? null,
    spanId: text(json.span_id),
    attributes,
  };
}

/** An OTel AnyValue (`{"stringValue": …}`, `{"intValue": "7"}` …), unwrapped. */
function anyValue(value: unknown): LogAttributeValue {
  const v = obj(value);
  if (!v) return scalar(value);
  if ('stringValue' in v) return scalar(v.stringValue);
  if ('boolValue' in v) return scalar(v.boolValue);
  if ('intValue' in v) return Number(v.intValue);
  if ('doubleValue' in v) return scalar(v.doubleValue);
  return JSON.stringify(v);
}

function otelRecord(projectId: number, json: Json, received: number): LogRecord {
  const severity = severityNumber(json.severityNumber);
  const attributes: Record<string, LogAttributeValue> = {};
  for (const entry of Array.isArray(json.attributes) ? json.attributes : []) {
    const key = text(obj(entry)?.key);
    if (key !== null) attributes[key] = anyValue(obj(entry)?.value);
  }
  const nanos = Number(json.timeUnixNano ?? json.observedTimeUnixNano);
  return {
    projectId,
    timestamp: Number.isFinite(nanos) && nanos > 0 ? Math.floor(nanos / 1e6) : received,
    level: level(json.severityText, severity),
    severityNumber: severity,
    body: String(anyValue(json.body) ?? ''),
    traceId: text(json.traceId)?.toLowerCase() ?? null,
    spanId: text(json.spanId),
    attributes,
  };
}

/** The records of one stored item (its decoded `{headers, body}`), newest first. */
export function logRecordsOf(
  projectId: number,
  type: string,
  stored: unknown,
  received: number,
): LogRecord[] {
  const body = obj(obj(stored)?.body);
  if (!body) return [];
  const records =
    type === 'otel_log'
      ? [otelRecord(projectId, body, received)]
      : (Array.isArray(body.items) ? body.items : [])
          .map(obj)
          .filter((item): item is Json => item !== undefined)
          .map((item) => sentryRecord(projectId, item, received));
  // Stable: records stamped alike keep the SDK's order, reversed.
  return records.reverse().sort((a, b) => b.timestamp - a.timestamp);
}
