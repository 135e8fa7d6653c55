/**
 * Sentry's render blocking asset detector (`render_blocking_asset_span_detector.py`): a script or
 * stylesheet link (`resource.script`, `resource.link`) that finished loading before the page's
 * first contentful paint and took more than `fcpRatioThreshold` of it, so it held the first paint
 * back. Only in transactions whose FCP (`measurements.fcp`, in milliseconds) lies in
 * [`fcpMinimumThreshold`, `fcpMaximumThreshold`): a fast page has nothing to fix, a very slow one
 * is slow for other reasons. The asset's encoded size (`http.response_content_length`) must lie in
 * [`minimumSizeBytes`, `maximumSizeBytes`], so an asset without a size is no problem. The browser
 * SDK's `resource.render_blocking_status` rules an asset out only when it says `non-blocking`;
 * browsers that do not report it leave every early asset a candidate. Fingerprint: the asset's URL
 * without its cache-busting tokens — for a streamed span, named by its domain alone, the URL of its
 * `url.full`, as Relay derives the description Sentry's detector reads.
 */
import { PERFORMANCE_GROUP_TYPES } from '../../../../src-shared/performance-issues.ts';
import { describedUrl } from '../../insights/resource-spans.ts';
import { assetProblem, type PerformanceProblem } from '../problem.ts';
import { DETECTION_SETTINGS } from '../settings.ts';
import { type DetectorSpan, durationMs, type TransactionTree } from '../spans.ts';
import { byteCount } from './large-http-payload.ts';

const TYPE = PERFORMANCE_GROUP_TYPES.renderBlockingAsset;
const ALLOWED_OPS = new Set(['resource.link', 'resource.script']);

type Settings = {
  fcpMinimumThreshold: number;
  fcpMaximumThreshold: number;
  fcpRatioThreshold: number;
  minimumSizeBytes: number;
  maximumSizeBytes: number;
};

/**
 * The encoded size under Sentry's key, its older sentence-style key, or the browser SDK's newer
 * `http.response.body.size` (the same attribute to Relay); 0 when none is given.
 */
function encodedSize(span: DetectorSpan): number {
  const data = span.data ?? {};
  return (
    byteCount(data['http.response_content_length']) ||
    byteCount(data['Encoded Body Size']) ||
    byteCount(data['http.response.body.size']) ||
    0
  );
}

function blocksRender(span: DetectorSpan, fcpMs: number, fcpAt: number, settings: Settings): boolean {
  if (span.data?.['resource.render_blocking_status'] === 'non-blocking') return false;
  if (span.end >= fcpAt) return false;
  const size = encodedSize(span);
  if (size < settings.minimumSizeBytes || size > settings.maximumSizeBytes) return false;
  return durationMs(span) / fcpMs > settings.fcpRatioThreshold;
}

export function detectRenderBlockingAsset(
  tree: TransactionTree,
  settings: Settings = DETECTION_SETTINGS.renderBlockingAsset,
): PerformanceProblem[] {
  const fcpMs = tree.fcpMs;
  if (fcpMs === null || fcpMs < settings.fcpMinimumThreshold || fcpMs >= settings.fcpMaximumThreshold) {
    return [];
  }
  const fcpAt = tree.root.start + fcpMs;
  const problems = new Map<string, PerformanceProblem>();
  // Spans come by start, so once one starts at the paint no later one can have ended before it.
  for (const span of tree.spans) {
    if (span.start >= fcpAt) break;
    if (!span.op || !ALLOWED_OPS.has(span.op) || !span.spanId) continue;
    if (!blocksRender(span, fcpMs, fcpAt, settings)) continue;
    const description = describedUrl({ name: span.description }, span.data) ?? span.description ?? '';
    const problem = assetProblem(TYPE, { ...span, op: span.op, spanId: span.spanId }, description);
    // As Sentry's, the last such asset of a URL is the one the issue shows.
    problems.set(problem.fingerprint, problem);
  }
  return [...problems.values()];
}
