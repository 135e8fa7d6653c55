/**
 * Sentry's HTTP/1.1 overhead detector (`http_overhead_detector.py`): a browser allows about six
 * HTTP/1.1 connections to a host, so further requests wait in its queue. For each `http.client`
 * span sent over HTTP/1.1 the delay is its request start (`http.request.request_start`, from the
 * browser's resource timing) less the span's start. Per location (the URL's host, or `/` for a
 * relative URL) spans form chains: a span joins the current chain when it overlaps the chain's
 * first span and waited at least as long as it, else it starts a new chain. A chain of 6 or more
 * whose last span waited over `requestDelayThreshold` is a problem (the one ending with the longest
 * delay, per location). Only the chain's spans that waited over 100 ms are its offenders; the last
 * of them names the issue. Fingerprint: the location itself, unhashed, as Sentry writes it.
 */
import { PERFORMANCE_GROUP_TYPES } from '../../../../src-shared/performance-issues.ts';
import type { PerformanceProblem } from '../problem.ts';
import { DETECTION_SETTINGS } from '../settings.ts';
import type { DetectorSpan, TransactionTree } from '../spans.ts';
import { parseUrl, urlOfSpan } from '../url.ts';

const TYPE = PERFORMANCE_GROUP_TYPES.httpOverhead;
/** Browsers queue past 4-6 connections to one host. */
const MIN_CHAIN_LENGTH = 6;
/** Not a threshold: spans that waited this long or less are left out of the evidence. */
const OFFENDER_DELAY = 100;
/** Sentry's `FILTERED_KEYWORDS`: a URL scrubbed by data scrubbing says nothing of its host. */
const FILTERED_KEYWORDS = [
  '[Filtered]',
  '[ip]',
  '[REDACTED]',
  '[id]',
  '[Filtered Email]',
  '[filtered]',
  '[Filtered email]',
  '[Email]',
];

interface Queued {
  span: DetectorSpan;
  /** Milliseconds between the span's start and the browser sending the request. */
  delay: number;
}

function eligible(span: DetectorSpan): boolean {
  if (span.op !== 'http.client' || !span.data || Object.keys(span.data).length === 0) return false;
  if (span.data['network.protocol.version'] !== '1.1') return false;
  const url = urlOfSpan(span);
  return !FILTERED_KEYWORDS.some((keyword) => url.includes(keyword));
}

/** The span's location and queueing delay, or null when its data cannot tell them. */
function queued(span: DetectorSpan): { location: string; delay: number } | null {
  const url = span.data?.url;
  const requestStart = span.data?.['http.request.request_start'];
  if (typeof url !== 'string' || !url || !span.start) return null;
  if (typeof requestStart !== 'number' || !requestStart) return null;
  const location = url.startsWith('/') ? '/' : parseUrl(url).host;
  const delay = requestStart * 1000 - span.start;
  // Browser-reported times; a request sent before its span began is noise.
  if (!location || delay < 0) return null;
  return { location, delay };
}

function chainsByLocation(spans: readonly DetectorSpan[]): Map<string, Queued[][]> {
  const chains = new Map<string, Queued[][]>();
  for (const span of spans) {
    if (!eligible(span)) continue;
    const found = queued(span);
    if (!found) continue;
    const forLocation = chains.get(found.location) ?? [[]];
    chains.set(found.location, forLocation);
    const current = forLocation.at(-1) as Queued[];
    const first = current[0];
    const joins = !first || (found.delay >= first.delay && first.span.end > span.start);
    const chain = joins ? current : [];
    if (!joins) forLocation.push(chain);
    chain.push({ span, delay: found.delay });
  }
  return chains;
}

export function detectHttpOverhead(
  tree: TransactionTree,
  settings: { requestDelayThreshold: number } = DETECTION_SETTINGS.httpOverhead,
): PerformanceProblem[] {
  const problems: PerformanceProblem[] = [];
  for (const [location, chains] of chainsByLocation(tree.spans)) {
    let worst: Queued[] | null = null;
    let maxDelay = -1;
    for (const chain of chains) {
      const last = chain.at(-1);
      if (chain.length < MIN_CHAIN_LENGTH || !last) continue;
      if (last.delay > settings.requestDelayThreshold && last.delay > maxDelay) {
        maxDelay = last.delay;
        worst = chain;
      }
    }
    if (!worst) continue;
    const offenders = worst.filter((entry) => entry.delay > OFFENDER_DELAY).map((entry) => entry.span);
    const example = offenders.at(-1) as DetectorSpan;
    problems.push({
      type: TYPE,
      fingerprint: `1-${TYPE.typeId}-${location}`,
      op: 'http',
      description: example.description ?? '',
      parentSpanIds: [],
      causeSpanIds: [],
      offenderSpanIds: offenders.map((span) => span.spanId),
      exampleSpanId: example.spanId,
    });
  }
  return problems;
}
