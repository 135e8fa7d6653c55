/**
 * The counting functions of Sentry's discover on the `transactions` dataset that take a condition:
 * `count_web_vitals(measurements.x, good|meh|poor|any)` — how many transactions rate so by Sentry's
 * `VITAL_THRESHOLDS` (good below `meh`, meh below `poor`, any: every one that has the vital) — and
 * `count_if(column, condition, value)`, with Sentry's conditions and its reading of the value (a
 * duration with its unit for `transaction.duration` and measurements, a status name for
 * `transaction.status`, else text). Arguments are refused with Sentry's texts.
 */
import { VITAL_THRESHOLDS } from '../../../../src-shared/web-vitals-score.ts';
import { MEASUREMENT_FIELD } from '../../performance/measurements.ts';
import { aggregate, asNumber, type Cell, type FunctionCall, type TableField } from './explore-table.ts';
import type { TransactionRow } from './explore-transactions.ts';
import { SentryApiError } from './request.ts';

type Call = FunctionCall<TransactionRow>;
type Field = TableField<TransactionRow>;

const QUALITIES = ['good', 'meh', 'poor', 'any'] as const;
/** Sentry's `ConditionArg.VALID_CONDITIONS`, in its order (its refusal lists them so). */
const CONDITIONS = ['equals', 'notEquals', 'lessOrEquals', 'greaterOrEquals', 'less', 'greater'] as const;
type Condition = (typeof CONDITIONS)[number];
/** The statuses a span may have (Relay's `SpanStatus` names), which `transaction.status` compares. */
const SPAN_STATUSES = new Set([
  'ok',
  'cancelled',
  'unknown',
  'unknown_error',
  'invalid_argument',
  'deadline_exceeded',
  'not_found',
  'already_exists',
  'permission_denied',
  'resource_exhausted',
  'failed_precondition',
  'aborted',
  'out_of_range',
  'unimplemented',
  'internal_error',
  'unavailable',
  'data_loss',
  'unauthenticated',
]);
const DURATION_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  w: 604_800_000,
  wk: 604_800_000,
};

/** The arguments, split at commas outside double quotes (Sentry's `parse_arguments` for `count_if`). */
function splitArguments(text: string): string[] {
  const args: string[] = [];
  let current = '';
  let quoted = false;
  let escaped = false;
  for (const char of text) {
    if (quoted && escaped) escaped = false;
    else if (quoted && char === '\\') escaped = true;
    else if (char === '"' && (quoted || current.trim() === '')) quoted = !quoted;
    else if (char === ',' && !quoted) {
      args.push(current.trim());
      current = '';
      continue;
    }
    current += char;
  }
  args.push(current.trim());
  return args.filter((arg) => arg !== '');
}

function expectArguments(call: Call, args: string[], count: number): void {
  if (args.length === count) return;
  const fn = call.name.replace(/\(.*$/, '');
  throw new SentryApiError(400, `${fn}: expected ${count} argument(s) but got ${args.length} argument(s)`);
}

const invalid = (call: Call, argument: string, reason: string) =>
  new SentryApiError(400, `${call.name}: ${argument} argument invalid: ${reason}`);

function countWebVitals(call: Call): Field {
  const args = splitArguments(call.arg);
  expectArguments(call, args, 2);
  const [name = '', quality = ''] = args;
  const column = call.column(name);
  if (!['integer', 'number', 'duration', 'percentage'].includes(column.type))
    throw invalid(call, 'column', `${name} is not a numeric column`);
  if (!(QUALITIES as readonly string[]).includes(quality))
    throw invalid(call, 'quality', `string must be one of ${QUALITIES.map((q) => `'${q}'`).join(', ')}`);
  const vital = MEASUREMENT_FIELD.exec(name)?.[1]?.toLowerCase();
  if (vital === undefined) throw new SentryApiError(400, 'count_web_vitals only supports measurements');
  const thresholds = VITAL_THRESHOLDS[vital];
  if (!thresholds) throw new SentryApiError(400, `count_web_vitals doesn't support ${vital}`);
  const rated = (value: number) =>
    quality === 'good'
      ? value < thresholds.meh
      : quality === 'meh'
        ? value >= thresholds.meh && value < thresholds.poor
        : quality === 'poor'
          ? value >= thresholds.poor
          : value >= 0;
  return aggregate(call.name, 'integer', null, (rows) =>
    rows.reduce((count, row) => {
      const value = asNumber(column.get(row));
      return value !== null && rated(value) ? count + 1 : count;
    }, 0),
  );
}

/** `count_if`'s value as Sentry normalizes it for the column (`normalize_count_if_value`). */
function countIfValue(column: string, raw: string): number | string {
  const value =
    raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1).replace(/\\"/g, '"') : raw;
  if (column === 'transaction.duration' || MEASUREMENT_FIELD.test(column)) {
    const duration = /^(\d+(?:\.\d+)?)([a-z]{1,3})$/.exec(value);
    if (duration) {
      const unit = DURATION_MS[duration[2] ?? ''];
      if (unit === undefined) throw new SentryApiError(400, `${duration[2]} is not a valid duration type`);
      return Number(duration[1]) * unit;
    }
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n))
      throw new SentryApiError(400, `${raw} is not a valid value to compare with ${column}`);
    return n;
  }
  if (column === 'transaction.status' && !SPAN_STATUSES.has(value))
    throw new SentryApiError(400, `${raw} is not a valid value for transaction.status`);
  return value;
}

function holds(condition: Condition, actual: number | string, wanted: number | string): boolean {
  switch (condition) {
    case 'equals':
      return actual === wanted;
    case 'notEquals':
      return actual !== wanted;
    case 'less':
      return actual < wanted;
    case 'lessOrEquals':
      return actual <= wanted;
    case 'greater':
      return actual > wanted;
    case 'greaterOrEquals':
      return actual >= wanted;
  }
}

function countIf(call: Call): Field {
  const args = splitArguments(call.arg);
  expectArguments(call, args, 3);
  const [name = '', condition = '', raw = ''] = args;
  const column = call.column(name);
  if (!(CONDITIONS as readonly string[]).includes(condition))
    throw invalid(
      call,
      'condition',
      `${condition} is not a valid condition, the only supported conditions are: ${CONDITIONS.join(',')}`,
    );
  const wanted = countIfValue(name, raw);
  // A missing number compares to nothing; a missing tag is the empty string, as in Snuba.
  const actualOf = (cell: Cell): number | string | null =>
    typeof wanted === 'number' ? asNumber(cell) : cell === null ? '' : String(cell);
  return aggregate(call.name, 'integer', null, (rows) =>
    rows.reduce((count, row) => {
      const actual = actualOf(column.get(row));
      return actual !== null && holds(condition as Condition, actual, wanted) ? count + 1 : count;
    }, 0),
  );
}

export const VITAL_FUNCTIONS: Record<string, (call: Call) => Field> = {
  count_web_vitals: countWebVitals,
  count_if: countIf,
};
