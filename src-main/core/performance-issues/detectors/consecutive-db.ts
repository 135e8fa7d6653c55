/**
 * Sentry's consecutive DB queries detector (`consecutive_db_detector.py`): `SELECT` spans run one
 * after the other (none overlapping the one before), of which those after the first that depend on
 * nothing (no `WHERE`, no value, not truncated) could run in parallel. A problem when there are at
 * least `consecutiveCountThreshold` queries, every independent one takes over `spanDurationThreshold`,
 * and running them in parallel would save `minTimeSaved` and `minTimeSavedRatio` of their time.
 * Not for PHP SDKs or GraphQL requests. Fingerprint: the hashes of the span before the first
 * independent one and of the independent ones.
 */
import { PERFORMANCE_GROUP_TYPES } from '../../../../src-shared/performance-issues.ts';
import { obj, text } from '../../store/item-json.ts';
import { type PerformanceProblem, summedDuration } from '../problem.ts';
import { DETECTION_SETTINGS } from '../settings.ts';
import { type DetectorSpan, durationMs, type TransactionTree } from '../spans.ts';
import { sha1 } from '../url.ts';

const TYPE = PERFORMANCE_GROUP_TYPES.consecutiveDbQueries;

/** Strings, booleans, numbers and placeholders: a query that has one depends on a value. */
const CONTAINS_PARAMETER =
  /'(?:[^']|'')*?(?:\\'.*|'(?!'))|\b(?:true|false)\b|-?\b(?:[0-9]+\.)?[0-9]+(?:[eE][+-]?[0-9]+)?\b|\?|\$1|%s/i;

const isDbQuery = (span: DetectorSpan) =>
  (span.op === 'db' || (span.op?.startsWith('db.sql') ?? false)) &&
  (span.description ?? '').trim().toUpperCase().startsWith('SELECT');

function independent(spans: readonly DetectorSpan[]): DetectorSpan[] {
  return spans.slice(1).filter((span) => {
    const query = span.description ?? '';
    return (
      query !== '' &&
      !query.endsWith('...') &&
      !query.toUpperCase().includes('WHERE') &&
      !CONTAINS_PARAMETER.test(query)
    );
  });
}

function eligibleTransaction(tree: TransactionTree): boolean {
  if ((tree.sdkName ?? '').toLowerCase().includes('php')) return false;
  const request = obj(tree.json.request);
  const url = text(request?.url) ?? '';
  const method = (text(request?.method) ?? '').toLowerCase();
  return !(url.endsWith('/graphql') && (method === 'post' || method === 'get'));
}

export function detectConsecutiveDb(
  tree: TransactionTree,
  settings: {
    minTimeSaved: number;
    minTimeSavedRatio: number;
    spanDurationThreshold: number;
    consecutiveCountThreshold: number;
  } = DETECTION_SETTINGS.consecutiveDb,
): PerformanceProblem[] {
  if (!eligibleTransaction(tree)) return [];
  const problems = new Map<string, PerformanceProblem>();
  let run: DetectorSpan[] = [];
  const store = () => {
    const parallel = independent(run);
    const firstIndependent = parallel[0];
    if (!firstIndependent || run.length < settings.consecutiveCountThreshold) return;
    if (!parallel.every((span) => durationMs(span) > settings.spanDurationThreshold)) return;
    const total = summedDuration(run);
    const dependent = summedDuration(run.filter((span) => !parallel.includes(span)));
    const saved = total - Math.max(Math.max(...parallel.map(durationMs)), dependent);
    if (saved < settings.minTimeSaved || total <= 0 || saved / total < settings.minTimeSavedRatio) return;
    const prior = run[run.indexOf(firstIndependent) - 1] as DetectorSpan;
    const fingerprint = `1-${TYPE.typeId}-${sha1([prior, ...parallel].map((span) => span.hash ?? '').join('-'))}`;
    problems.set(fingerprint, {
      type: TYPE,
      fingerprint,
      op: 'db',
      description: firstIndependent.description ?? '',
      parentSpanIds: [],
      causeSpanIds: run.map((span) => span.spanId),
      offenderSpanIds: parallel.map((span) => span.spanId),
    });
  };
  for (const span of tree.spans) {
    const last = run.at(-1);
    if (!isDbQuery(span) || (last !== undefined && last.end > span.start)) {
      store();
      run = [];
      continue;
    }
    run.push(span);
  }
  store();
  return [...problems.values()];
}
