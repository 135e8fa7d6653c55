/**
 * Sentry's uncompressed assets detector (`uncompressed_asset_detector.py`): a script or stylesheet
 * (`resource.script`, `resource.css`) fetched over the network whose encoded size equals its
 * decoded size — sent without compression — of at least `sizeThresholdBytes`, loading for more
 * than `durationThreshold`. Only in transactions from Chrome, Firefox, Safari or Edge (a browser
 * that asks for compression), and only when some other asset of the same transaction did arrive
 * compressed (so the server can compress). Assets served from cache (nothing transferred, or a 304
 * smaller than the body) and files other than JS, CSS or JSON are no problem. Fingerprint: the
 * asset's URL without its cache-busting tokens.
 */
import { PERFORMANCE_GROUP_TYPES } from '../../../../src-shared/performance-issues.ts';
import { assetProblem, type PerformanceProblem } from '../problem.ts';
import { DETECTION_SETTINGS } from '../settings.ts';
import { type DetectorSpan, durationMs, type TransactionTree } from '../spans.ts';
import { byteCount } from './large-http-payload.ts';

const TYPE = PERFORMANCE_GROUP_TYPES.uncompressedAssets;
const ALLOWED_OPS = new Set(['resource.css', 'resource.script']);
const BROWSERS = new Set(['chrome', 'firefox', 'safari', 'edge']);
const EXTENSION = /\.([a-zA-Z0-9]+)\/?(?!\/)(\?.*)?$/;
const ALLOWED_EXTENSIONS = ['CSS', 'JSON', 'JS'];

/**
 * A size by Sentry's key, its older sentence-style key, or the name the browser SDK sends today
 * (`http.response.size`, `http.response.body.size`, `http.response.body.decoded_size`), which
 * Relay maps to the same attribute. Zero counts as absent, as in Sentry's `or`.
 */
function size(span: DetectorSpan, keys: readonly string[]): number | null {
  for (const key of keys) {
    const value = byteCount(span.data?.[key]);
    if (value) return value;
  }
  return null;
}

const TRANSFER = ['http.response_transfer_size', 'Transfer Size', 'http.response.size'];
const ENCODED = ['http.response_content_length', 'Encoded Body Size', 'http.response.body.size'];
const DECODED = [
  'http.decoded_response_content_length',
  'Decoded Body Size',
  'http.response.body.decoded_size',
];

export function detectUncompressedAssets(
  tree: TransactionTree,
  settings: {
    sizeThresholdBytes: number;
    durationThreshold: number;
  } = DETECTION_SETTINGS.uncompressedAssets,
): PerformanceProblem[] {
  if (!BROWSERS.has((tree.browserName ?? '').toLowerCase())) return [];
  const problems = new Map<string, PerformanceProblem>();
  let anyCompressed = false;
  for (const span of tree.spans) {
    if (!span.op || !ALLOWED_OPS.has(span.op)) continue;
    const transfer = size(span, TRANSFER);
    const encoded = size(span, ENCODED);
    const decoded = size(span, DECODED);
    if (transfer === null || encoded === null || decoded === null) continue;
    if (transfer <= 0 || transfer < encoded) continue;
    if (encoded !== decoded) {
      anyCompressed = true;
      continue;
    }
    if (encoded < settings.sizeThresholdBytes) continue;
    const description = span.description ?? '';
    const extension = EXTENSION.exec(description.trim().toUpperCase())?.[1];
    if (extension !== undefined && !ALLOWED_EXTENSIONS.includes(extension)) continue;
    if (durationMs(span) <= settings.durationThreshold) continue;
    if (!span.spanId) continue;
    const problem = assetProblem(TYPE, { ...span, op: span.op, spanId: span.spanId }, description);
    if (!problems.has(problem.fingerprint)) problems.set(problem.fingerprint, problem);
  }
  return anyCompressed ? [...problems.values()] : [];
}
