/**
 * The type rules ClickHouse applies when it runs what Snuba sends it. Snuba's validators let these
 * queries through and ClickHouse refuses them (`ClickhouseError`, HTTP 400 for TYPE_MISMATCH and
 * ILLEGAL_TYPE_OF_ARGUMENT): a constant string that does not convert to the type it is compared
 * with, or an aggregate/arithmetic function over a type it does not take. DuckDB is more lenient
 * (it casts, or `quantile_disc` takes strings), so the translation checks them itself, before any
 * dialect renders, and the whole path rejects what Snuba's whole pipeline rejects.
 */
import type { Expression, Literal } from '../../../src-shared/snql/ast.ts';
import { ClickhouseError } from '../../../src-shared/snql/errors.ts';
import type { SqlExpr, SqlKind } from './dialect.ts';

/** The ClickHouse type name of a translated expression, for the messages. */
export function typeName(expr: SqlExpr): string {
  if (expr.type) return expr.type;
  const byKind: Partial<Record<SqlKind, string>> = {
    int: 'Int64',
    float: 'Float64',
    string: 'String',
    datetime: 'DateTime',
    uuid: 'UUID',
    bool: 'UInt8',
    array: 'Array',
    struct: 'Tuple',
    null: 'Nullable(Nothing)',
  };
  return byKind[expr.kind] ?? 'Unknown';
}

function cannotConvert(text: string, type: string, node: Literal): ClickhouseError {
  return new ClickhouseError('TYPE_MISMATCH', `Cannot convert string '${text}' to type ${type}`, node.span);
}

/**
 * A constant string compared with a number: ClickHouse parses it as the number's type (`'1'`
 * works, `'one'` is TYPE_MISMATCH). Returns the number to bind instead of the string.
 */
export function stringAsNumber(text: string, left: SqlExpr, node: Literal): bigint | number {
  const trimmed = text.trim();
  if (left.kind === 'int' && /^[+-]?\d+$/.test(trimmed)) return BigInt(trimmed);
  if (left.kind === 'float' && trimmed !== '' && Number.isFinite(Number(trimmed))) return Number(trimmed);
  throw cannotConvert(text, typeName(left), node);
}

/**
 * A constant string converted to DateTime by ClickHouse itself (an `IN` list, where Snuba's
 * TimeSeriesProcessor does not parse it): the text form `YYYY-MM-DD[ hh:mm:ss]` (any one
 * separator before the time) or a unix timestamp. Anything else, an ISO zone offset included, is
 * TYPE_MISMATCH. Returns naive UTC `YYYY-MM-DDTHH:MM:SS`.
 */
export function stringAsDateTime(text: string, left: SqlExpr, node: Literal): string {
  if (/^\d{1,10}$/.test(text)) return new Date(Number(text) * 1000).toISOString().slice(0, 19);
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2}))?$/.exec(text);
  if (m) {
    const [year, month, day, hour = 0, minute = 0, second = 0] = m.slice(1).map((v) => Number(v ?? 0));
    const ms = Date.UTC(year ?? 0, (month ?? 1) - 1, day, hour, minute, second);
    const date = new Date(ms);
    const valid =
      date.getUTCMonth() === (month ?? 1) - 1 &&
      date.getUTCDate() === day &&
      hour < 24 &&
      minute < 60 &&
      second < 60;
    if (valid) return date.toISOString().slice(0, 19);
  }
  throw cannotConvert(text, typeName(left), node);
}

/** Aggregates over numbers (and DateTime for quantiles), by ClickHouse name without `If`. */
const NUMERIC_AGGREGATES = new Set([
  'sum',
  'avg',
  'stddev',
  'stddevSamp',
  'stddevPop',
  'variance',
  'varSamp',
  'varPop',
  'skewSamp',
  'kurtSamp',
]);
const QUANTILE_AGGREGATES = /^(median|quantiles?)(Exact|Timing|TDigest|Deterministic)?$/;
const ARITHMETIC = new Set(['plus', 'minus', 'multiply', 'divide', 'intDiv', 'intDivOrZero', 'modulo']);

/** Kinds no numeric function takes. `any`/`null` (unknown until run) are left to the engine. */
const NOT_NUMERIC = new Set<SqlKind>(['string', 'uuid', 'array', 'struct']);

function illegalArgument(fn: string, arg: SqlExpr, node: Expression, aggregate: boolean): ClickhouseError {
  const what = aggregate ? `aggregate function ${fn}` : `function ${fn}`;
  return new ClickhouseError(
    'ILLEGAL_TYPE_OF_ARGUMENT',
    `Illegal type ${typeName(arg)} of argument for ${what}`,
    node.span,
  );
}

/** The kinds of value that share a supertype in ClickHouse (numbers with numbers, …). */
const SUPERTYPE_FAMILY: Partial<Record<SqlKind, string>> = {
  int: 'number',
  float: 'number',
  bool: 'number',
  string: 'string',
  datetime: 'datetime',
  uuid: 'uuid',
  array: 'array',
  struct: 'tuple',
};

/** The arguments of a function that must have a common type (its possible results, an array's elements). */
function commonTypeArguments(name: string, values: readonly SqlExpr[]): readonly SqlExpr[] {
  switch (name) {
    case 'array':
    case 'coalesce':
    case 'ifNull':
    case 'greatest':
    case 'least':
      return values;
    case 'if':
      return values.slice(1);
    case 'multiIf':
      return values.filter((_, i) => i % 2 === 1 || i === values.length - 1);
    default:
      return [];
  }
}

/**
 * ClickHouse's NO_COMMON_TYPE: an array's elements, or the results `if` and `coalesce` choose
 * between, must have a supertype (`array(timestamp, level)` has none). DuckDB would cast some of
 * them to text instead, or fail with its own binder message; NULL and unknown kinds pass.
 */
function checkCommonType(name: string, values: readonly SqlExpr[], node: Expression): void {
  const typed = commonTypeArguments(name, values).filter((v) => SUPERTYPE_FAMILY[v.kind] !== undefined);
  const families = new Set(typed.map((v) => SUPERTYPE_FAMILY[v.kind]));
  if (families.size <= 1) return;
  const types = [...new Set(typed.map(typeName))].join(', ');
  throw new ClickhouseError('NO_COMMON_TYPE', `There is no supertype for types ${types}`, node.span);
}

/** The family of an array's elements, from its ClickHouse type or the elements built in the query. */
function elementFamily(array: SqlExpr): string | undefined {
  const fromItems = array.items?.map((i) => SUPERTYPE_FAMILY[i.kind]).find((f) => f !== undefined);
  if (fromItems) return fromItems;
  const element = /^Array\((?:LowCardinality\()?(?:Nullable\()?(\w+)/.exec(array.type ?? '')?.[1] ?? '';
  if (/^(U?Int\d+|Float\d+)$/.test(element)) return 'number';
  if (element === 'String' || element === 'FixedString') return 'string';
  if (element.startsWith('DateTime')) return 'datetime';
  if (element === 'UUID') return 'uuid';
  if (element === 'Tuple') return 'tuple';
  return undefined;
}

/**
 * `has(arr, x)`, `indexOf`, `countEqual`: ClickHouse wants `x` of the array's element type (up to
 * numbers and nullability); NULL is always allowed. DuckDB would fail with its own message.
 */
function checkElementType(name: string, values: readonly SqlExpr[], node: Expression): void {
  if (name !== 'has' && name !== 'indexOf' && name !== 'countEqual') return;
  const [array, needle] = values;
  if (!array || !needle) return;
  if (array.kind !== 'array' && SUPERTYPE_FAMILY[array.kind] !== undefined) {
    throw new ClickhouseError(
      'ILLEGAL_TYPE_OF_ARGUMENT',
      `First argument for function ${name} must be an array, got ${typeName(array)}`,
      node.span,
    );
  }
  if (array.kind !== 'array') return;
  const element = elementFamily(array);
  const wanted = SUPERTYPE_FAMILY[needle.kind];
  if (element === undefined || wanted === undefined || element === wanted) return;
  // A string for a UUID or DateTime element is that value's text; leave it to the conversion.
  if (wanted === 'string' && (element === 'uuid' || element === 'datetime')) return;
  throw new ClickhouseError(
    'ILLEGAL_TYPE_OF_ARGUMENT',
    `Types of array and 2nd argument of function \`${name}\` must be identical up to nullability, cardinality, numeric types, or Enum and numeric type. Passed: ${typeName(array)} and ${typeName(needle)}`,
    node.span,
  );
}

/** The argument types a ClickHouse function refuses; `values` are the (non-parameter) arguments. */
export function checkArgumentTypes(name: string, values: readonly SqlExpr[], node: Expression): void {
  checkCommonType(name, values, node);
  checkElementType(name, values, node);
  const base = name.length > 2 && name.endsWith('If') ? name.slice(0, -2) : name;
  const checked = base !== name ? values.slice(0, -1) : values;
  if (NUMERIC_AGGREGATES.has(base)) {
    for (const v of checked) {
      if (NOT_NUMERIC.has(v.kind) || v.kind === 'datetime') throw illegalArgument(name, v, node, true);
    }
  } else if (QUANTILE_AGGREGATES.test(base)) {
    for (const v of checked) if (NOT_NUMERIC.has(v.kind)) throw illegalArgument(name, v, node, true);
  } else if (ARITHMETIC.has(name)) {
    const bad = values.find((v) => NOT_NUMERIC.has(v.kind));
    if (bad) {
      const types = values.map(typeName).join(' and ');
      throw new ClickhouseError(
        'ILLEGAL_TYPE_OF_ARGUMENT',
        `Illegal types ${types} of arguments of function ${name}`,
        node.span,
      );
    }
  }
}
