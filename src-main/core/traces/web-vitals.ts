/**
 * The web vitals of a page load or navigation, as Sentry's trace view lists them for a transaction.
 * Two shapes carry them: a `transaction` item's `measurements` (`{"lcp": {"value": 180, "unit":
 * "millisecond"}}`, names in any case: Relay lowercases them), and, from SDKs that stream spans (SDK 11's
 * default), `browser.web_vital.<name>.value` attributes, on the segment (FCP, FP, TTFB) or on the spans
 * the SDK makes for the others in that segment (LCP, CLS, INP).
 */
import { WEB_VITALS, type WebVitalName, type WebVitals } from '../../../src-shared/trace-api.ts';
import { type Json, obj } from '../store/item-json.ts';

const finite = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** A transaction's web vitals from its `measurements`; null when it has none. */
export function measuredWebVitals(measurements: unknown): WebVitals | null {
  const all = obj(measurements);
  if (!all) return null;
  const vitals: WebVitals = {};
  for (const [name, measurement] of Object.entries(all)) {
    const key = name.toLowerCase() as WebVitalName;
    const value = finite(obj(measurement)?.value);
    if (WEB_VITALS.includes(key) && value !== undefined) vitals[key] = value;
  }
  return Object.keys(vitals).length > 0 ? vitals : null;
}

/** A streamed span's web vitals from its `browser.web_vital.<name>.value` attributes; null when none. */
export function attributeWebVitals(span: Json): WebVitals | null {
  const attributes = obj(span.attributes);
  if (!attributes) return null;
  const vitals: WebVitals = {};
  for (const name of WEB_VITALS) {
    const value = finite(obj(attributes[`browser.web_vital.${name}.value`])?.value);
    if (value !== undefined) vitals[name] = value;
  }
  return Object.keys(vitals).length > 0 ? vitals : null;
}

/** The vitals of a transaction and of its spans as one set, the transaction's own first. */
export function mergeWebVitals(own: WebVitals | null, ofSpans: Array<WebVitals | null>): WebVitals {
  const merged: WebVitals = {};
  for (const vitals of ofSpans) Object.assign(merged, vitals);
  return Object.assign(merged, own);
}
