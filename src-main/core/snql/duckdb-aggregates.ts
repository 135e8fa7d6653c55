/**
 * ClickHouse aggregates in DuckDB: plain ones, the `If` combinator as a FILTER clause, and the
 * curried ones (`quantile(p)(x)`, `quantiles(…)(x)`, `topK(n)(x)`). Snuba's `uniq` is an exact
 * DISTINCT count here (ClickHouse's uniq is exact below 65536 values too).
 */
import type { Expression } from '../../../src-shared/snql/ast.ts';
import { type FunctionArg, mayBeNull, type SqlExpr, type SqlKind } from './dialect.ts';
import { asBool, e, kindOf, num, sqlOf, typeDefault, unsupported } from './duckdb-render.ts';

const AGGREGATE_SIMPLE: Readonly<Record<string, [string, SqlKind | 'first']>> = {
  min: ['min', 'first'],
  max: ['max', 'first'],
  sum: ['sum', 'first'],
  avg: ['avg', 'float'],
  any: ['any_value', 'first'],
  anyLast: ['last', 'first'],
  anyHeavy: ['mode', 'first'],
  median: ['median', 'float'],
  stddev: ['stddev_samp', 'float'],
  stddevSamp: ['stddev_samp', 'float'],
  stddevPop: ['stddev_pop', 'float'],
  variance: ['var_samp', 'float'],
  varSamp: ['var_samp', 'float'],
  varPop: ['var_pop', 'float'],
  groupBitAnd: ['bit_and', 'int'],
  groupBitOr: ['bit_or', 'int'],
  groupBitXor: ['bit_xor', 'int'],
  argMin: ['arg_min', 'first'],
  argMax: ['arg_max', 'first'],
  corr: ['corr', 'float'],
  covarSamp: ['covar_samp', 'float'],
  covarPop: ['covar_pop', 'float'],
  skewSamp: ['skewness', 'float'],
  kurtSamp: ['kurtosis', 'float'],
  entropy: ['entropy', 'float'],
  last_value: ['last', 'first'],
  first_value: ['first', 'first'],
};

/** Aggregates that ClickHouse answers with nan over no rows (of a non-Nullable argument). */
const NAN_WHEN_EMPTY = new Set([
  'avg',
  'median',
  'stddev',
  'stddevSamp',
  'stddevPop',
  'variance',
  'varSamp',
  'varPop',
  'corr',
  'covarSamp',
  'covarPop',
  'skewSamp',
  'kurtSamp',
]);

/** Aggregates whose result has their argument's type (so its default over no rows). */
const ARGUMENT_TYPED = new Set([
  'min',
  'max',
  'any',
  'anyLast',
  'anyHeavy',
  'argMin',
  'argMax',
  'last_value',
  'first_value',
]);

const NAN = "CAST('nan' AS DOUBLE)";
const withoutLowCardinality = (type: string): string => type.replace(/^LowCardinality\((.*)\)$/, '$1');
const nullableIf = (nullable: boolean, type: string): string => (nullable ? `Nullable(${type})` : type);

/** ClickHouse's `sum` widens: UInt* to UInt64, Int* to Int64, Float* to Float64. */
function sumType(arg: SqlExpr): string {
  const inner = withoutLowCardinality(arg.type ?? '').replace(/^Nullable\((.*)\)$/, '$1');
  const type = arg.kind === 'float' ? 'Float64' : /^UInt/.test(inner) ? 'UInt64' : 'Int64';
  return nullableIf(mayBeNull(arg), type);
}

/**
 * ClickHouse over no rows (an empty result, or an `If` condition no row meets): an aggregate of
 * a Nullable argument gives NULL, of any other its type's default (0, '', 1970-01-01 00:00:00),
 * and the statistical ones nan. DuckDB gives NULL for all of them.
 */
function overNoRows(name: string, sql: string, arg: SqlExpr | undefined, result: SqlExpr): SqlExpr {
  if (!arg || mayBeNull(arg)) return result;
  const fallback = NAN_WHEN_EMPTY.has(name)
    ? NAN
    : ARGUMENT_TYPED.has(name) || name === 'sum' || name.startsWith('groupBit')
      ? typeDefault(result)
      : null;
  return fallback === null ? result : { ...result, sql: `coalesce(${sql}, ${fallback})` };
}

/** The FILTER of an aggregate that leaves NULLs out (as ClickHouse's do), with its `If` condition if any. */
function nonNullRows(x: string, cond: FunctionArg | undefined): string {
  return `FILTER (WHERE ${x} IS NOT NULL${cond ? ` AND ${asBool(cond.expr)}` : ''})`;
}

/** One aggregate, with an optional `If` condition (ClickHouse's combinator) as a FILTER. */
function aggregate(
  name: string,
  args: readonly FunctionArg[],
  cond: FunctionArg | undefined,
  node: Expression,
): SqlExpr {
  const filter = cond ? ` FILTER (WHERE ${asBool(cond.expr)})` : '';
  const simple = AGGREGATE_SIMPLE[name];
  if (simple) {
    const [sqlName, kind] = simple;
    const first = args[0];
    // A condition is a UInt8 in ClickHouse: median(equals(…)) is a number, not DuckDB's BOOLEAN.
    const sql = `${sqlName}(${args.map((a) => num(a)).join(', ')})${filter}`;
    const resultKind = kind === 'first' ? (first?.expr.kind === 'bool' ? 'int' : kindOf(first)) : kind;
    const type =
      first === undefined
        ? undefined
        : name === 'sum'
          ? sumType(first.expr)
          : ARGUMENT_TYPED.has(name) && first.expr.type !== undefined
            ? withoutLowCardinality(first.expr.type)
            : NAN_WHEN_EMPTY.has(name)
              ? nullableIf(mayBeNull(first.expr), 'Float64')
              : undefined;
    return overNoRows(name, sql, first?.expr, e(sql, resultKind, type));
  }
  switch (name) {
    case 'groupArray': {
      const x = sqlOf(args[0]);
      return e(`coalesce(list(${x}) ${nonNullRows(x, cond)}, [])`, 'array');
    }
    case 'count':
      return args.length === 0 || cond
        ? e(`count(${args.length === 0 ? '*' : sqlOf(args[0])})${filter}`, 'int', 'UInt64')
        : e(`count(${sqlOf(args[0])})`, 'int', 'UInt64');
    case 'uniq':
    case 'uniqExact':
    case 'uniqCombined':
    case 'uniqCombined64':
    case 'uniqHLL12':
      // ClickHouse's uniq is exact below 65536 values; an exact DISTINCT count matches it there.
      if (args.length <= 1) return e(`count(DISTINCT ${sqlOf(args[0])})${filter}`, 'int', 'UInt64');
      return distinctTuples(args, cond);
    case 'groupUniqArray': {
      // ClickHouse leaves NULLs out of the array, and gives [] over no rows.
      const x = sqlOf(args[0]);
      return e(`coalesce(list(DISTINCT ${x}) ${nonNullRows(x, cond)}, [])`, 'array');
    }
    default:
      throw unsupported(name, node);
  }
}

/**
 * `uniq(a, b)` counts distinct (a, b) tuples. As every ClickHouse aggregate of several Nullable
 * arguments, it skips a row where any of them is NULL (a row of DuckDB's would count).
 */
function distinctTuples(args: readonly FunctionArg[], cond: FunctionArg | undefined): SqlExpr {
  const tuple = `row(${args.map((a) => num(a)).join(', ')})`;
  const nullable = args.filter((a) => mayBeNull(a.expr)).map((a) => `${a.expr.sql} IS NOT NULL`);
  const conditions = [...nullable, ...(cond ? [asBool(cond.expr)] : [])];
  const filter = conditions.length > 0 ? ` FILTER (WHERE ${conditions.join(' AND ')})` : '';
  return e(`count(DISTINCT ${tuple})${filter}`, 'int', 'UInt64');
}

const AGGREGATE_NAMES = new Set([
  ...Object.keys(AGGREGATE_SIMPLE),
  'groupArray',
  'count',
  'uniq',
  'uniqExact',
  'uniqCombined',
  'uniqCombined64',
  'uniqHLL12',
  'groupUniqArray',
]);

/** `sumIf`, `countIf`, `uniqIf`: the base aggregate with its last argument as the condition. */
export function aggregateCall(
  name: string,
  args: readonly FunctionArg[],
  node: Expression,
): SqlExpr | undefined {
  if (AGGREGATE_NAMES.has(name)) return aggregate(name, args, undefined, node);
  if (name.endsWith('If') && AGGREGATE_NAMES.has(name.slice(0, -2))) {
    if (args.length === 0) throw unsupported(name, node, 'needs a condition');
    return aggregate(name.slice(0, -2), args.slice(0, -1), args[args.length - 1], node);
  }
  return undefined;
}

/** `quantile(0.95)(x)`, `quantiles(0.5, 0.9)(x)`, `topK(5)(x)`: curried aggregates. */
export function curriedCall(
  name: string,
  initArgs: readonly FunctionArg[],
  args: readonly FunctionArg[],
  node: Expression,
): SqlExpr {
  const base = name.endsWith('If') && name !== 'If' ? name.slice(0, -2) : name;
  const cond = base !== name ? args[args.length - 1] : undefined;
  const values = base !== name ? args.slice(0, -1) : args;
  const filter = cond ? ` FILTER (WHERE ${asBool(cond.expr)})` : '';
  const x = values[0];
  const levels = initArgs.map((a) => a.expr.sql);
  // Non-numeric values (ClickHouse computes quantiles of strings too) take a discrete quantile.
  const quantile =
    kindOf(x) === 'int' || kindOf(x) === 'float' || kindOf(x) === 'bool' ? 'quantile_cont' : 'quantile_disc';
  // quantileExact takes the value at position floor(level * n) of the sorted values, without
  // interpolating (ClickHouse: quantileExact(0.5) over 0..9 is 5, quantile's is 4.5).
  const sorted = `list_sort(list(${sqlOf(x)}) ${nonNullRows(sqlOf(x), cond)})`;
  const at = (level: string): string =>
    `list_extract(${sorted}, least(CAST(floor(${level} * len(${sorted})) AS BIGINT), len(${sorted}) - 1) + 1)`;
  // Over no rows ClickHouse's quantiles of a non-Nullable number are nan.
  const nanWhenEmpty = quantile === 'quantile_cont' && x !== undefined && !mayBeNull(x.expr);
  switch (base) {
    case 'quantileExact':
      return e(at(levels[0] ?? '0.5'), kindOf(x), x?.expr.type);
    case 'quantilesExact':
      return e(`list_transform([${levels.join(', ')}], lambda __l: ${at('__l')})`, 'array');
    case 'quantile':
    case 'quantileTiming':
    case 'quantileTDigest':
    case 'quantileDeterministic': {
      const sql = `${quantile}(${num(x)}, ${levels[0] ?? '0.5'})${filter}`;
      return nanWhenEmpty
        ? e(`coalesce(${sql}, ${NAN})`, 'float', 'Float64')
        : e(sql, quantile === 'quantile_cont' ? 'float' : kindOf(x));
    }
    case 'quantiles':
    case 'quantilesTiming':
    case 'quantilesTDigest': {
      const sql = `${quantile}(${num(x)}, [${levels.join(', ')}])${filter}`;
      return nanWhenEmpty
        ? e(`coalesce(${sql}, [${levels.map(() => NAN).join(', ')}])`, 'array')
        : e(sql, 'array');
    }
    case 'topK':
    case 'top':
      return e(`approx_top_k(${sqlOf(x)}, ${levels[0] ?? '10'})${filter}`, 'array');
    default:
      throw unsupported(name, node);
  }
}
