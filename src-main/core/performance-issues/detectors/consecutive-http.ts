/**
 * Sentry's consecutive HTTP detector (`consecutive_http_detector.py`): at least
 * `consecutiveCountThreshold` `http.client` requests of `spanDurationThreshold` or more, one after
 * the other (none overlapping the one before, gaps under `maxDurationBetweenSpans`), that would
 * save `minTimeSaved` run in parallel (their summed duration less the longest). Not for browser
 * SDKs' transactions; requests to three or more hosts are no problem. Fingerprint: the requests'
 * parameterized paths.
 */
import { PERFORMANCE_GROUP_TYPES } from '../../../../src-shared/performance-issues.ts';
import { type PerformanceProblem, summedDuration } from '../problem.ts';
import { DETECTION_SETTINGS } from '../settings.ts';
import { type DetectorSpan, durationMs, type TransactionTree } from '../spans.ts';
import { fingerprintHttpSpans, parseUrl, urlOfSpan } from '../url.ts';

const TYPE = PERFORMANCE_GROUP_TYPES.consecutiveHttp;
const METHODS = ['GET', 'POST', 'DELETE', 'PUT', 'PATCH'];
const SKIPPED = ['_next/static/', '_next/data/', 'googleapis.com'];

/** Sentry's `is_event_from_browser_javascript_sdk`. */
export function isBrowserJavaScriptSdk(sdkName: string | null): boolean {
  return (
    sdkName !== null &&
    [
      'sentry.javascript.browser',
      'sentry.javascript.react',
      'sentry.javascript.gatsby',
      'sentry.javascript.ember',
      'sentry.javascript.vue',
      'sentry.javascript.angular',
      'sentry.javascript.angular-ivy',
      'sentry.javascript.nextjs',
      'sentry.javascript.nuxt',
      'sentry.javascript.electron',
      'sentry.javascript.remix',
      'sentry.javascript.svelte',
      'sentry.javascript.sveltekit',
      'sentry.javascript.react-native',
      'sentry.javascript.astro',
    ].includes(sdkName.toLowerCase())
  );
}

function eligible(span: DetectorSpan, genAiChatSpans: ReadonlySet<string>): boolean {
  const description = span.description ?? '';
  if (!span.op || !span.hash || !description) return false;
  if (!span.op.startsWith('http.client')) return false;
  if (span.parentSpanId !== null && genAiChatSpans.has(span.parentSpanId)) return false;
  const upper = description.trim().toUpperCase();
  if (!METHODS.some((method) => upper.startsWith(method))) return false;
  return !SKIPPED.some((part) => description.includes(part));
}

export function detectConsecutiveHttp(
  tree: TransactionTree,
  settings: {
    spanDurationThreshold: number;
    minTimeSaved: number;
    consecutiveCountThreshold: number;
    maxDurationBetweenSpans: number;
  } = DETECTION_SETTINGS.consecutiveHttp,
): PerformanceProblem[] {
  if (isBrowserJavaScriptSdk(tree.sdkName)) return [];
  const genAiChat = new Set(
    tree.spans.filter((span) => span.op === 'gen_ai.chat').map((span) => span.spanId),
  );
  const problems = new Map<string, PerformanceProblem>();
  let run: DetectorSpan[] = [];
  const store = () => {
    const first = run[0];
    if (!first || run.length < settings.consecutiveCountThreshold) return;
    const longest = Math.max(...run.map(durationMs));
    if (summedDuration(run) - longest < settings.minTimeSaved) return;
    for (let i = 1; i < run.length; i++) {
      const gap = (run[i] as DetectorSpan).start - (run[i - 1] as DetectorSpan).end;
      if (gap >= settings.maxDurationBetweenSpans) return;
    }
    const hosts = new Set(run.map((span) => parseUrl(urlOfSpan(span)).host));
    if (hosts.size >= 3) return;
    const fingerprint = `1-${TYPE.typeId}-${fingerprintHttpSpans(run)}`;
    problems.set(fingerprint, {
      type: TYPE,
      fingerprint,
      op: 'http',
      description: first.description ?? '',
      parentSpanIds: [],
      causeSpanIds: [],
      offenderSpanIds: run.map((span) => span.spanId),
    });
  };
  for (const span of tree.spans) {
    if (!eligible(span, genAiChat) || durationMs(span) < settings.spanDurationThreshold) continue;
    const last = run.at(-1);
    if (last && last.end > span.start) {
      store();
      run = [];
    }
    run.push(span);
  }
  store();
  return [...problems.values()];
}
