/**
 * Sentry's large HTTP payload detector (`large_http_payload_detector.py`): an HTTP span of at least
 * `minimumSpanDuration` whose response body (its encoded size, `http.response_content_length`, or
 * `http.response.body.size`, the newer name Relay treats as the same attribute) is over
 * `payloadSizeThreshold` bytes. Requests for files other than JSON, Next.js' static and data
 * routes and prefetches are no problem. Fingerprint: the request's parameterized path, so one
 * endpoint is one issue whatever its ids.
 */
import { PERFORMANCE_GROUP_TYPES } from '../../../../src-shared/performance-issues.ts';
import type { PerformanceProblem } from '../problem.ts';
import { DETECTION_SETTINGS } from '../settings.ts';
import { type DetectorSpan, durationMs, type TransactionTree } from '../spans.ts';
import { fingerprintHttpSpans } from '../url.ts';

const TYPE = PERFORMANCE_GROUP_TYPES.largeHttpPayload;
/** A file extension at the end of the description, a trailing slash and query string aside. */
const EXTENSION = /\.([a-zA-Z0-9]+)\/?(?!\/)(\?.*)?$/;
const ALLOWED_EXTENSIONS = ['JSON'];
const SKIPPED = ['_next/static/', '_next/data/'];

/** A byte count as SDKs send it: a number or a string of digits. */
export function byteCount(value: unknown): number | null {
  const number = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : null;
}

function eligible(span: DetectorSpan, minimumSpanDuration: number): boolean {
  const description = span.description ?? '';
  if (!span.spanId || !span.op || !span.hash || !description) return false;
  if (!span.op.startsWith('http')) return false;
  if (durationMs(span) < minimumSpanDuration) return false;
  const extension = EXTENSION.exec(description.trim().toUpperCase())?.[1];
  if (extension !== undefined && !ALLOWED_EXTENSIONS.includes(extension)) return false;
  if (SKIPPED.some((part) => description.includes(part))) return false;
  return !span.data?.['http.request.prefetch'];
}

export function detectLargeHttpPayload(
  tree: TransactionTree,
  settings: {
    payloadSizeThreshold: number;
    minimumSpanDuration: number;
  } = DETECTION_SETTINGS.largeHttpPayload,
): PerformanceProblem[] {
  const problems = new Map<string, PerformanceProblem>();
  for (const span of tree.spans) {
    if (!eligible(span, settings.minimumSpanDuration)) continue;
    const size =
      byteCount(span.data?.['http.response_content_length']) ??
      byteCount(span.data?.['http.response.body.size']);
    if (!size || size <= settings.payloadSizeThreshold) continue;
    const fingerprint = `1-${TYPE.typeId}-${fingerprintHttpSpans([span])}`;
    // As Sentry's, the last such request of an endpoint is the one the issue shows.
    problems.set(fingerprint, {
      type: TYPE,
      fingerprint,
      op: 'http',
      description: span.description ?? '',
      parentSpanIds: [],
      causeSpanIds: [],
      offenderSpanIds: [span.spanId],
    });
  }
  return [...problems.values()];
}
