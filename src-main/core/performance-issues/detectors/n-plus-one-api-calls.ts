/**
 * Sentry's N+1 API calls detector (`n_plus_one_api_calls_detector.py`): at least `count` `GET`
 * `http.client` spans under one parent, each starting within `concurrencyThreshold` of the one
 * before, to one parameterized URL, taking `totalDuration` summed. Only in a browser's page load,
 * navigation or UI transaction (or one without an op), as Sentry's. A URL with nothing to
 * parameterize gets no fingerprint (it would fingerprint every URL apart).
 */
import { PERFORMANCE_GROUP_TYPES } from '../../../../src-shared/performance-issues.ts';
import { type PerformanceProblem, summedDuration } from '../problem.ts';
import { DETECTION_SETTINGS } from '../settings.ts';
import type { DetectorSpan, TransactionTree } from '../spans.ts';
import { fingerprintHttpSpans, parameterizeUrl, parseUrl, urlOfSpan } from '../url.ts';

const TYPE = PERFORMANCE_GROUP_TYPES.nPlusOneApiCalls;
const ELIGIBLE_TRANSACTION_OPS = new Set(['navigation', 'pageload', 'ui.load', 'ui.action']);
const ASSET_EXTENSIONS = new Set(['.js', '.css', '.svg', '.png', '.mp3', '.jpg', '.jpeg']);
const SKIPPED_URL_PARTS = [
  'graphql',
  '_next/data',
  '__nextjs_original-stack-frame',
  'https://app.launchdarkly.com/sdk/',
];

function eligible(span: DetectorSpan): boolean {
  if (!span.op || !span.hash || !span.description) return false;
  if (span.description.trim().slice(0, 3).toUpperCase() !== 'GET') return false;
  const url = urlOfSpan(span);
  if (!url || SKIPPED_URL_PARTS.some((part) => url.includes(part))) return false;
  const extension = /\.[^./]*$/.exec(parseUrl(url).path)?.[0];
  if (extension !== undefined && ASSET_EXTENSIONS.has(extension)) return false;
  return span.data?.['http.request.prefetch'] !== true;
}

export function detectNPlusOneApiCalls(
  tree: TransactionTree,
  settings: {
    totalDuration: number;
    concurrencyThreshold: number;
    count: number;
  } = DETECTION_SETTINGS.nPlusOneApiCalls,
): PerformanceProblem[] {
  if (tree.root.op && !ELIGIBLE_TRANSACTION_OPS.has(tree.root.op)) return [];
  const problems = new Map<string, PerformanceProblem>();
  let run: DetectorSpan[] = [];
  const similar = (a: DetectorSpan, b: DetectorSpan) =>
    Math.abs(a.start - b.start) < settings.concurrencyThreshold &&
    parameterizeUrl(urlOfSpan(a)) === parameterizeUrl(urlOfSpan(b)) &&
    a.parentSpanId === b.parentSpanId;
  const store = () => {
    const first = run[0];
    const last = run.at(-1);
    if (!first || !last || run.length < settings.count) return;
    if (summedDuration(run) < settings.totalDuration) return;
    const url = urlOfSpan(first);
    const parameterized = parameterizeUrl(url);
    if (parameterized === url) return;
    const fingerprint = `1-${TYPE.typeId}-${fingerprintHttpSpans([first])}`;
    if (problems.has(fingerprint)) return;
    problems.set(fingerprint, {
      type: TYPE,
      fingerprint,
      op: last.op ?? 'http.client',
      description: parameterized,
      parentSpanIds: last.parentSpanId ? [last.parentSpanId] : [],
      causeSpanIds: [],
      offenderSpanIds: run.map((span) => span.spanId),
    });
  };
  for (const span of tree.spans) {
    if (!eligible(span) || span.op !== 'http.client') continue;
    const previous = run.at(-1);
    if (!previous || similar(previous, span)) run.push(span);
    else {
      store();
      run = [span];
    }
  }
  store();
  return [...problems.values()];
}
