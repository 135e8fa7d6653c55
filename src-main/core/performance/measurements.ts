/**
 * A transaction's measurements (Sentry's `measurements.*` fields): a `transaction` item's own
 * `measurements` (any name, lowercased as Relay does, with its unit), or, for a segment SDK 11 streamed,
 * the web vitals of the segment and of the spans the SDK made for it in the same segment (LCP, CLS,
 * INP) — `traces/web-vitals.ts` reads both shapes. Also Sentry's meta type of each measurement.
 */
import type { WebVitals } from '../../../src-shared/trace-api.ts';
import { type Json, obj, text } from '../store/item-json.ts';

export interface Measurement {
  value: number;
  unit: string | null;
}

export type Measurements = Record<string, Measurement>;

/** A measurement name as Sentry's `MEASUREMENTS_KEY_RE` takes it (`measurements.lcp`). */
export const MEASUREMENT_FIELD = /^measurements\.([a-zA-Z0-9-_.]+)$/;

/** The web vitals in milliseconds; CLS has no unit. */
const vitalUnit = (name: string) => (name === 'cls' ? null : 'millisecond');

/** The measurements of a transaction item; `{}` when it has none. */
export function itemMeasurements(item: Json): Measurements {
  const out: Measurements = {};
  for (const [name, raw] of Object.entries(obj(item.measurements) ?? {})) {
    const value = obj(raw)?.value;
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    out[name.toLowerCase()] = { value, unit: text(obj(raw)?.unit) ?? vitalUnit(name.toLowerCase()) };
  }
  return out;
}

/** The measurements of a streamed segment: its web vitals and its spans', its own first. */
export function segmentMeasurements(
  own: WebVitals | null,
  ofSpans: ReadonlyArray<WebVitals | null>,
): Measurements {
  const vitals: WebVitals = {};
  for (const found of ofSpans) Object.assign(vitals, found);
  Object.assign(vitals, own);
  const out: Measurements = {};
  for (const [name, value] of Object.entries(vitals)) out[name] = { value, unit: vitalUnit(name) };
  return out;
}

/** Sentry's `is_duration_measurement` names. */
const DURATIONS = new Set([
  'fp',
  'fcp',
  'lcp',
  'fid',
  'ttfb',
  'ttfb.requesttime',
  'app_start_cold',
  'app_start_warm',
  'time_to_full_display',
  'time_to_initial_display',
  'inp',
  'messaging.message.receive.latency',
  'stall_longest_time',
  'stall_total_time',
]);
/** Sentry's `is_percentage_measurement` names; its `is_numeric_measurement` ones (cls, frames_* …) are numbers. */
const PERCENTAGES = new Set(['frames_slow_rate', 'frames_frozen_rate', 'stall_percentage']);

/**
 * Sentry's meta type and unit of `measurements.<name>`, by Sentry's lists of known names (durations
 * in milliseconds); any other (a custom measurement) is a number, whatever unit its events gave it.
 */
export function measurementType(name: string): { type: string; unit: string | null } {
  if (DURATIONS.has(name)) return { type: 'duration', unit: 'millisecond' };
  if (PERCENTAGES.has(name)) return { type: 'percentage', unit: null };
  return { type: 'number', unit: null };
}
