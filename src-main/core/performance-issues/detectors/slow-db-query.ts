/**
 * Sentry's slow DB query detector (`slow_db_query_detector.py`): a `db` span running a complete
 * `SELECT` for at least `durationThreshold`. One problem per query (op and description) in a
 * transaction; the fingerprint is the span's hash alone, so the query is one issue wherever it runs.
 */
import { PERFORMANCE_GROUP_TYPES } from '../../../../src-shared/performance-issues.ts';
import type { PerformanceProblem } from '../problem.ts';
import { DETECTION_SETTINGS } from '../settings.ts';
import { durationMs, type TransactionTree } from '../spans.ts';
import { sha1 } from '../url.ts';

const TYPE = PERFORMANCE_GROUP_TYPES.slowDbQuery;
/** Sentry truncates the evidence to this many characters. */
const MAX_EVIDENCE_LENGTH = 10_000;

export function detectSlowDbQuery(
  tree: TransactionTree,
  settings: { durationThreshold: number } = DETECTION_SETTINGS.slowDbQuery,
): PerformanceProblem[] {
  const problems = new Map<string, PerformanceProblem>();
  for (const span of tree.spans) {
    if (!span.op?.startsWith('db') || !span.description) continue;
    const description = span.description.trim();
    if (description.slice(0, 6).toUpperCase() !== 'SELECT' || description.endsWith('...')) continue;
    const key = `${span.op}\u0000${span.description}`;
    if (durationMs(span) < settings.durationThreshold || problems.has(key)) continue;
    problems.set(key, {
      type: TYPE,
      fingerprint: `1-${TYPE.typeId}-${sha1(span.hash ?? '')}`,
      op: span.op,
      description: description.slice(0, MAX_EVIDENCE_LENGTH),
      parentSpanIds: [],
      causeSpanIds: [],
      offenderSpanIds: [span.spanId],
    });
  }
  return [...problems.values()];
}
