/**
 * Sentry's N+1 DB query detector (`n_plus_one_db_span_detector.py`): under one parent span, a
 * source query followed by at least `count` DB spans with one same hash, different from the
 * source's, taking `durationThreshold` together. Any non-DB span breaks the run and may be a parent.
 * The fingerprint is the parent's op and hash and the source's and repeated spans' hashes.
 */
import { PERFORMANCE_GROUP_TYPES } from '../../../../src-shared/performance-issues.ts';
import { type PerformanceProblem, totalSpanTime } from '../problem.ts';
import { DETECTION_SETTINGS } from '../settings.ts';
import type { DetectorSpan, TransactionTree } from '../spans.ts';
import { sha1 } from '../url.ts';

const TYPE = PERFORMANCE_GROUP_TYPES.nPlusOneDbQueries;

const isDbOp = (op: string) => op.startsWith('db') && !op.startsWith('db.redis');

interface Run {
  source: DetectorSpan | null;
  repeatedHash: string | null;
  repeated: DetectorSpan[];
}

export function detectNPlusOneDb(
  tree: TransactionTree,
  settings: { count: number; durationThreshold: number } = DETECTION_SETTINGS.nPlusOneDb,
): PerformanceProblem[] {
  const parents = new Map<string, DetectorSpan>([[tree.root.spanId, tree.root]]);
  const problems = new Map<string, PerformanceProblem>();
  let run: Run = { source: null, repeatedHash: null, repeated: [] };

  const trySource = (span: DetectorSpan) => {
    if (span.parentSpanId !== null && parents.has(span.parentSpanId)) run.source = span;
  };
  const continues = (span: DetectorSpan): boolean => {
    const { source } = run;
    if (!source || span.parentSpanId === null || span.parentSpanId !== source.parentSpanId) return false;
    if (!span.hash || span.hash === source.hash) return false;
    if (run.repeatedHash === null) {
      run.repeatedHash = span.hash;
      return true;
    }
    return span.hash === run.repeatedHash;
  };
  const store = () => {
    const { source, repeated } = run;
    const first = repeated[0];
    if (!source || !first || repeated.length < settings.count) return;
    if (totalSpanTime(repeated) < settings.durationThreshold) return;
    const parent = source.parentSpanId === null ? undefined : parents.get(source.parentSpanId);
    if (!parent) return;
    // A truncated repeated query may hide a difference; a query without a space is no SQL (Mongo, Prisma).
    if (!source.description || !first.description || first.description.endsWith('...')) return;
    if (!first.description.includes(' ')) return;
    const fingerprint = `1-GroupType.PERFORMANCE_N_PLUS_ONE_DB_QUERIES-${sha1(
      `${parent.op ?? 'None'}${parent.hash ?? 'None'}${source.hash ?? 'None'}${first.hash ?? 'None'}`,
    )}`;
    if (problems.has(fingerprint)) return;
    problems.set(fingerprint, {
      type: TYPE,
      fingerprint,
      op: 'db',
      description: first.description,
      parentSpanIds: [parent.spanId],
      causeSpanIds: [source.spanId],
      offenderSpanIds: repeated.map((span) => span.spanId),
    });
  };
  const reset = () => {
    run = { source: null, repeatedHash: null, repeated: [] };
  };

  for (const span of tree.spans) {
    if (!span.op) continue;
    if (!isDbOp(span.op)) {
      store();
      reset();
      if (span.parentSpanId !== null) parents.set(span.spanId, span);
      continue;
    }
    if (!run.source) {
      trySource(span);
      continue;
    }
    if (continues(span)) {
      run.repeated.push(span);
      continue;
    }
    const previous = run.repeated.at(-1);
    store();
    reset();
    // This DB span may start a new N+1, with the previous repeated span as its source.
    if (previous) trySource(previous);
    if (run.source && continues(span)) run.repeated.push(span);
    else {
      run.source = null;
      trySource(span);
    }
  }
  store();
  return [...problems.values()];
}
