/**
 * A performance problem one detector found in one transaction (Sentry's `PerformanceProblem`):
 * its group type, its fingerprint (the same problem in the same place gets the same one, so its
 * occurrences group into one issue), and the spans that show it.
 */
import type { GroupTypeInfo } from '../../../src-shared/performance-issues.ts';
import type { DetectorSpan } from './spans.ts';
import { fingerprintResourceSpan } from './url.ts';

export interface PerformanceProblem {
  type: GroupTypeInfo;
  /** `1-<type id>-<sha1>`, as Sentry writes it. */
  fingerprint: string;
  op: string;
  /** The offending spans' description, as the occurrence's subtitle. */
  description: string;
  parentSpanIds: string[];
  causeSpanIds: string[];
  offenderSpanIds: string[];
  /** The span the evidence's `repeating_spans` names, when not the first offender. */
  exampleSpanId?: string;
}

/**
 * A problem shown by one asset span alone (uncompressed and render blocking assets): its URL, with
 * the cache-busting tokens made alike, fingerprints it; no parent or cause spans.
 */
export function assetProblem(
  type: GroupTypeInfo,
  span: DetectorSpan & { op: string; spanId: string },
  description: string,
): PerformanceProblem {
  return {
    type,
    fingerprint: `1-${type.typeId}-${fingerprintResourceSpan({ ...span, description })}`,
    op: span.op,
    description,
    parentSpanIds: [],
    causeSpanIds: [],
    offenderSpanIds: [span.spanId],
  };
}

/** Sentry's `get_span_evidence_value`: `op - description`, or whichever of the two there is. */
export function spanEvidenceValue(span: DetectorSpan | undefined): string {
  if (!span) return 'no value';
  if (span.op && span.description) return `${span.op} - ${span.description}`;
  return span.description || span.op || 'no value';
}

/** Sentry's `total_span_time`: the union of the spans' intervals, in milliseconds. */
export function totalSpanTime(spans: readonly DetectorSpan[]): number {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let total = 0;
  let from = sorted[0]?.start ?? 0;
  let to = sorted[0]?.end ?? 0;
  for (const span of sorted.slice(1)) {
    if (span.start >= from && span.start <= to) to = Math.max(to, span.end);
    else {
      total += to - from;
      from = span.start;
      to = span.end;
    }
  }
  return total + (to - from);
}

/** The sum of the spans' durations, in milliseconds (`get_total_span_duration`). */
export const summedDuration = (spans: readonly DetectorSpan[]): number =>
  spans.reduce((sum, span) => sum + (span.end - span.start), 0);
