/**
 * Sentry's functions on performance scores in the `transactions` dataset, over the score measurements
 * each transaction gets from its web vitals (`measurements.score.*`, computed as Relay does):
 * `performance_score(measurements.score.<vital>)` — the scores' sum over the weights' sum, within 0 and
 * 1 (0 without any weight) — and of `score.total` each vital's so weighted by Sentry's fixed weights;
 * `opportunity_score(…)` — the weights' sum less the scores' sum (for `score.total`, the count less the
 * sum); `count_scores(…)` — the transactions that have the score. As Sentry's metrics dataset, which
 * the Web Vitals module asks, they take `lcp`, `fcp`, `fid`, `inp`, `cls`, `ttfb` and `total`; any other
 * column is refused with Sentry's text.
 */
import {
  fixedWeightTotal,
  SCORE_MEASUREMENTS,
  SCORED_VITALS,
  type ScoredVital,
} from '../../../../src-shared/web-vitals-score.ts';
import { MEASUREMENT_FIELD } from '../../performance/measurements.ts';
import {
  aggregate,
  asNumber,
  type ExploreColumn,
  type FunctionCall,
  type TableField,
} from './explore-table.ts';
import type { TransactionRow } from './explore-transactions.ts';
import { SentryApiError } from './request.ts';

type Call = FunctionCall<TransactionRow>;
type Field = TableField<TransactionRow>;
type ScoreKey = (typeof SCORE_MEASUREMENTS)[number];

const NUMERIC_TYPES = new Set(['integer', 'number', 'duration', 'percentage']);

/** The one argument, a numeric column naming a score measurement; which one. */
function scoreArgument(call: Call): ScoreKey {
  const fn = call.name.replace(/\(.*$/, '');
  const args = call.arg === '' ? [] : call.arg.split(',').map((arg) => arg.trim());
  if (args.length !== 1)
    throw new SentryApiError(400, `${fn}: expected 1 argument(s) but got ${args.length} argument(s)`);
  const name = args[0] ?? '';
  if (!NUMERIC_TYPES.has(call.column(name).type))
    throw new SentryApiError(400, `${call.name}: column argument invalid: ${name} is not a numeric column`);
  const key = MEASUREMENT_FIELD.exec(name)?.[1]?.toLowerCase() ?? '';
  const score = SCORE_MEASUREMENTS.find((vital) => key === `score.${vital}`);
  if (score === undefined)
    throw new SentryApiError(400, `${fn} only supports performance score measurements`);
  return score;
}

function sum(rows: TransactionRow[], column: ExploreColumn<TransactionRow>): number {
  return rows.reduce((total, row) => total + (asNumber(column.get(row)) ?? 0), 0);
}

const scoreColumn = (call: Call, key: string) => call.column(`measurements.score.${key}`);
const weightColumn = (call: Call, vital: string) => call.column(`measurements.score.weight.${vital}`);

/** One vital's `performance_score`: within 0 and 1, 0 when no transaction weighs it. */
function vitalPerformance(call: Call, vital: string) {
  const score = scoreColumn(call, vital);
  const weight = weightColumn(call, vital);
  return (rows: TransactionRow[]) => {
    const weights = sum(rows, weight);
    return weights > 0 ? Math.min(1, Math.max(0, sum(rows, score) / weights)) : 0;
  };
}

function performanceScore(call: Call): Field {
  const key = scoreArgument(call);
  if (key !== 'total') return aggregate(call.name, 'number', null, vitalPerformance(call, key));
  const byVital = SCORED_VITALS.map((vital) => [vital, vitalPerformance(call, vital)] as const);
  return aggregate(call.name, 'number', null, (rows) =>
    fixedWeightTotal(
      Object.fromEntries(byVital.map(([vital, of]) => [vital, of(rows)])) as Record<ScoredVital, number>,
    ),
  );
}

function opportunityScore(call: Call): Field {
  const key = scoreArgument(call);
  const score = scoreColumn(call, key);
  if (key === 'total')
    return aggregate(call.name, 'number', null, (rows) =>
      rows.reduce((total, row) => {
        const value = asNumber(score.get(row));
        return value === null ? total : total + 1 - Math.min(1, value);
      }, 0),
    );
  const weight = weightColumn(call, key);
  return aggregate(call.name, 'number', null, (rows) => sum(rows, weight) - sum(rows, score));
}

function countScores(call: Call): Field {
  const score = scoreColumn(call, scoreArgument(call));
  return aggregate(
    call.name,
    'integer',
    null,
    (rows) => rows.filter((row) => score.get(row) !== null).length,
  );
}

export const SCORE_FUNCTIONS: Record<string, (call: Call) => Field> = {
  performance_score: performanceScore,
  opportunity_score: opportunityScore,
  count_scores: countScores,
};
