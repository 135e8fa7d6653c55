/**
 * The data points of one stored `trace_metric` item: Sentry's container (`{"version": 2, "items":
 * [{timestamp, trace_id, span_id, name, type, unit, value, attributes: {key: {value, type}}}]}`),
 * stored as received (`pipeline/other-items.ts`), so nothing here trusts its shape. Each data point
 * is checked and normalized as Relay's trace metric processing does: a timestamp, a trace id, a name
 * and a value are required and the type must be counter, gauge or distribution (else the point is
 * skipped, with the reason); runs of characters other than ASCII letters, digits, `_` and `.` in the
 * name become `_`; a unit Relay does not know (a custom one) becomes none.
 */
import {
  METRIC_TYPES,
  type MetricAttributeValue,
  type MetricRecord,
  type MetricType,
} from '../../../src-shared/metrics-api.ts';
import { epochMillis, type Json, obj, text } from '../store/item-json.ts';

/** Relay's metric unit families: duration, information and fraction (`MetricUnit`). */
const KNOWN_UNITS = new Set([
  'nanosecond',
  'microsecond',
  'millisecond',
  'second',
  'minute',
  'hour',
  'day',
  'week',
  'bit',
  'byte',
  'kilobyte',
  'kibibyte',
  'megabyte',
  'mebibyte',
  'gigabyte',
  'gibibyte',
  'terabyte',
  'tebibyte',
  'petabyte',
  'pebibyte',
  'exabyte',
  'exbibyte',
  'ratio',
  'percent',
]);

const TRACE_ID = /^[0-9a-f]{32}$/;

export interface DecodedMetrics {
  /** Newest first. */
  records: MetricRecord[];
  /** Why each data point (or the whole item) was not read, one entry per data point. */
  skipped: string[];
}

function scalar(value: unknown): MetricAttributeValue {
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  return value === undefined ? null : JSON.stringify(value);
}

export function normalizeMetricName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_.]+/g, '_');
}

function unitOf(value: unknown): string | null {
  const unit = text(value)?.toLowerCase() ?? null;
  return unit !== null && KNOWN_UNITS.has(unit) ? unit : null;
}

function isMetricType(value: unknown): value is MetricType {
  return typeof value === 'string' && (METRIC_TYPES as readonly string[]).includes(value);
}

/** A number, or an integer / double attribute written as a string (Relay's `Value` read as a number). */
function numberOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** One data point, or why it is skipped. */
export function metricRecord(projectId: number, json: Json): MetricRecord | string {
  const name = typeof json.name === 'string' ? json.name : null;
  if (name === null || name.trim() === '') return 'no name';
  if (!isMetricType(json.type))
    return json.type === undefined
      ? `${name}: no type`
      : `${name}: type ${JSON.stringify(json.type)} is not counter, gauge or distribution`;
  const timestamp = epochMillis(json.timestamp);
  if (timestamp === null) return `${name}: no timestamp`;
  const value = numberOf(json.value);
  if (value === null) return `${name}: value ${JSON.stringify(json.value) ?? 'missing'} is not a number`;
  const traceId = text(json.trace_id)?.replaceAll('-', '').toLowerCase() ?? null;
  if (traceId === null || !TRACE_ID.test(traceId)) return `${name}: no trace_id`;
  const attributes: Record<string, MetricAttributeValue> = {};
  for (const [key, attribute] of Object.entries(obj(json.attributes) ?? {}))
    attributes[key] = scalar(obj(attribute)?.value ?? attribute);
  return {
    projectId,
    timestamp,
    name: normalizeMetricName(name),
    type: json.type,
    unit: unitOf(json.unit),
    value,
    traceId,
    spanId: text(json.span_id)?.toLowerCase() ?? null,
    attributes,
  };
}

/** The data points of one stored item (its decoded `{headers, body}`). */
export function metricRecordsOf(projectId: number, stored: unknown): DecodedMetrics {
  const body = obj(obj(stored)?.body);
  if (!body) return { records: [], skipped: ['the item is not a JSON object'] };
  if (!Array.isArray(body.items)) return { records: [], skipped: ['the item has no "items" list'] };
  const records: MetricRecord[] = [];
  const skipped: string[] = [];
  for (const item of body.items) {
    const json = obj(item);
    const record = json ? metricRecord(projectId, json) : 'a data point is not a JSON object';
    if (typeof record === 'string') skipped.push(record);
    else records.push(record);
  }
  // Stable: points stamped alike keep the SDK's order, reversed.
  return { records: records.reverse().sort((a, b) => b.timestamp - a.timestamp), skipped };
}
