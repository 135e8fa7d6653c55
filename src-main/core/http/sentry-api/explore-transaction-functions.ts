/**
 * The functions of the `transactions` dataset that Sentry's discover has and Explore's do not, or reads
 * otherwise: `pNN()` (of `transaction.duration` unless a column is given), `percentile(column, q)`,
 * `avg`/`min`/`max`/`sum`, `failure_count()`, `apdex(T)`, `count_miserable(user, T)`, `user_misery(T)`,
 * `last_seen()`, `tpm()`/`tps()` (Sentry's aliases of `epm()`/`eps()`), and `count_web_vitals` and
 * `count_if` (`explore-vital-functions.ts`), and `performance_score`, `opportunity_score` and
 * `count_scores` (`explore-score-functions.ts`). A bad argument is refused
 * with Sentry's text ("avg(transaction.op): column argument invalid: transaction.op is not a numeric
 * column"). Percentiles are Snuba's `quantile`, interpolated, as the Performance page's.
 */
import { APDEX_THRESHOLD_MS } from '../../../../src-shared/performance-api.ts';
import { apdex, isFailure } from '../../performance/figures.ts';
import { SCORE_FUNCTIONS } from './explore-score-functions.ts';
import {
  aggregate,
  type ExploreColumn,
  type FunctionCall,
  NUMERIC,
  numbers,
  quantileOf,
  type TableField,
} from './explore-table.ts';
import type { TransactionRow } from './explore-transactions.ts';
import { VITAL_FUNCTIONS } from './explore-vital-functions.ts';
import { SentryApiError } from './request.ts';

type Call = FunctionCall<TransactionRow>;
type Field = TableField<TransactionRow>;

/** Sentry's User Misery prior (a Beta distribution's alpha and beta). */
const MISERY_ALPHA = 5.8875;
const MISERY_BETA = 111.8625;
const NUMERIC_TYPES = new Set(['integer', 'number', 'duration', 'percentage']);
const DURATION = 'transaction.duration';

const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');

/** The call's arguments, checked against how many the function takes as Sentry counts them. */
function argumentsOf(call: Call, required: number, total: number): string[] {
  const fn = call.name.replace(/\(.*$/, '');
  const args = call.arg === '' ? [] : call.arg.split(',').map((arg) => arg.trim());
  const got = args.length;
  if (got >= required && got <= total) return args;
  const expected =
    required === total ? `${total}` : got < required ? `at least ${required}` : `at most ${total}`;
  throw new SentryApiError(400, `${fn}: expected ${expected} argument(s) but got ${got} argument(s)`);
}

const invalid = (call: Call, argument: string, reason: string) =>
  new SentryApiError(400, `${call.name}: ${argument} argument invalid: ${reason}`);

function numericColumn(call: Call, name: string): ExploreColumn<TransactionRow> {
  const column = call.column(name);
  if (!NUMERIC_TYPES.has(column.type)) throw invalid(call, 'column', `${name} is not a numeric column`);
  return column;
}

/** A number argument within [min, max]. */
function numberArgument(
  call: Call,
  argument: string,
  value: string,
  min: number,
  max: number | null,
): number {
  const n = Number(value);
  if (value === '' || !Number.isFinite(n)) throw invalid(call, argument, `${value} is not a number`);
  if (n < min) throw invalid(call, argument, `${n} must be greater than or equal to ${min}`);
  if (max !== null && n > max) throw invalid(call, argument, `${n} must be less than or equal to ${max}`);
  return n;
}

/** A function of one numeric column's values; an average or percentile of integers is a number. */
function ofColumn(call: Call, name: string, fn: string, value: (values: number[]) => number | null): Field {
  const column = numericColumn(call, name);
  const type =
    column.type === 'integer' && fn !== 'min' && fn !== 'max' && fn !== 'sum' ? 'number' : column.type;
  return aggregate(call.name, type, column.unit, (rows) => value(numbers(rows, column)));
}

const percentileField = (q: number) => (call: Call) => {
  const [column = DURATION] = argumentsOf(call, 0, 1);
  return ofColumn(call, column, 'percentile', (values) => quantileOf(values, q));
};

const numericField = (fn: string) => (call: Call) => {
  const [column = ''] = argumentsOf(call, 1, 1);
  return ofColumn(call, column, fn, NUMERIC[fn] ?? (() => null));
};

/** `T`, the satisfactory duration (ms): the argument, else Sentry's default project threshold. */
const thresholdOf = (call: Call, value: string | undefined) =>
  value === undefined ? APDEX_THRESHOLD_MS : numberArgument(call, 'satisfaction', value, 0, null);

/** How many distinct values of `column` the rows slower than 4T have (Sentry's `count_miserable`). */
function miserable(rows: TransactionRow[], column: ExploreColumn<TransactionRow>, threshold: number): number {
  const values = rows.filter((row) => row.durationMs > 4 * threshold).map(column.get);
  return new Set(values.filter((value) => value !== null)).size;
}

const rate = (call: Call, perSeconds: number, unit: string) =>
  aggregate<TransactionRow>(
    call.name,
    'rate',
    unit,
    (rows) => rows.length / (call.periodSeconds / perSeconds),
  );

export const TRANSACTION_FUNCTIONS: Record<string, (call: Call) => Field> = {
  p50: percentileField(0.5),
  p75: percentileField(0.75),
  p90: percentileField(0.9),
  p95: percentileField(0.95),
  p99: percentileField(0.99),
  p100: percentileField(1),
  percentile: (call) => {
    const [column = '', q = ''] = argumentsOf(call, 2, 2);
    const p = numberArgument(call, 'percentile', q, 0, 1);
    return ofColumn(call, column, 'percentile', (values) => quantileOf(values, p));
  },
  avg: numericField('avg'),
  min: numericField('min'),
  max: numericField('max'),
  sum: numericField('sum'),
  failure_count: (call) => {
    argumentsOf(call, 0, 0);
    return aggregate(
      call.name,
      'integer',
      null,
      (rows) => rows.filter((r) => isFailure(r.root.status)).length,
    );
  },
  apdex: (call) => {
    const [value] = argumentsOf(call, 0, 1);
    const threshold = thresholdOf(call, value);
    return aggregate(call.name, 'number', null, (rows) =>
      apdex(
        rows.map((row) => row.durationMs),
        threshold,
      ),
    );
  },
  count_miserable: (call) => {
    const [name = '', value] = argumentsOf(call, 1, 2);
    const column = call.column(name);
    const threshold = thresholdOf(call, value);
    return aggregate(call.name, 'integer', null, (rows) => miserable(rows, column, threshold));
  },
  user_misery: (call) => {
    const [value] = argumentsOf(call, 0, 1);
    const threshold = thresholdOf(call, value);
    const user = call.column('user');
    return aggregate(call.name, 'number', null, (rows) => {
      const users = new Set(rows.map(user.get).filter((u) => u !== null)).size;
      return (miserable(rows, user, threshold) + MISERY_ALPHA) / (users + MISERY_ALPHA + MISERY_BETA);
    });
  },
  last_seen: (call) => {
    argumentsOf(call, 0, 0);
    return aggregate(call.name, 'date', null, (rows) =>
      rows.length === 0 ? null : iso(Math.max(...rows.map((row) => row.root.end))),
    );
  },
  tpm: (call) => rate(call, 60, '1/minute'),
  tps: (call) => rate(call, 1, '1/second'),
  ...VITAL_FUNCTIONS,
  ...SCORE_FUNCTIONS,
};
