/**
 * ClickHouse functions, as SnQL names them, spelled in DuckDB (spec §2.4). Snuba's function
 * processors for the errors storage apply here too: `uniq` is `ifNull(uniq(x), 0)`, `log` is
 * `ifNotFinite(log(x), 0)`, `emptyIfNull`, `isHandled`, `notHandled`, `top` → `topK`.
 * Every name resolves to SQL written here; nothing of the query's text is pasted.
 */
import type { Expression } from '../../../src-shared/snql/ast.ts';
import { SnqlError } from '../../../src-shared/snql/errors.ts';
import type { CallContext, FunctionArg, SqlExpr, SqlKind } from './dialect.ts';

export type Renderer = (args: readonly FunctionArg[], ctx: CallContext, node: Expression) => SqlExpr;

export const e = (sql: string, kind: SqlKind, type?: string): SqlExpr =>
  type ? { sql, kind, type } : { sql, kind };
export const sqlOf = (a: FunctionArg | undefined): string => a?.expr.sql ?? 'NULL';
export const kindOf = (a: FunctionArg | undefined): SqlKind => a?.expr.kind ?? 'null';

export function unsupported(name: string, node: Expression, why = 'is not supported'): SnqlError {
  return new SnqlError(
    'InvalidExpressionException',
    'invalid_function',
    `function ${name} ${why} by Faultline's DuckDB translation`,
    node.span,
  );
}

/** A condition operand: ClickHouse conditions are UInt8, DuckDB's are BOOLEAN. */
export function asBool(x: SqlExpr): string {
  if (x.kind === 'bool' || x.kind === 'null') return x.sql;
  return `(CAST(${x.sql} AS BOOLEAN))`;
}

/** ClickHouse's default value of a non-Nullable type, by kind; null when the kind has none here. */
export function typeDefault(x: SqlExpr): string | null {
  switch (x.kind) {
    case 'int':
    case 'bool':
      return '0';
    case 'float':
      return 'CAST(0 AS DOUBLE)';
    case 'string':
      return "''";
    case 'datetime':
      return "TIMESTAMP '1970-01-01 00:00:00'";
    case 'array':
      return '[]';
    default:
      return null;
  }
}

/** A number operand: booleans count as 0/1, as ClickHouse's UInt8 conditions do. */
export function num(a: FunctionArg | undefined): string {
  if (!a) return 'NULL';
  return a.expr.kind === 'bool' ? `CAST(${a.expr.sql} AS INTEGER)` : a.expr.sql;
}

function arith(op: string): Renderer {
  return ([a, b]) => {
    const ka = kindOf(a);
    const kb = kindOf(b);
    // DateTime arithmetic is in seconds in ClickHouse.
    if (ka === 'datetime' && kb === 'datetime' && op === '-')
      return e(`(epoch(${sqlOf(a)}) - epoch(${sqlOf(b)}))`, 'float');
    if (ka === 'datetime' && (op === '+' || op === '-'))
      return e(`(${sqlOf(a)} ${op} to_seconds(${num(b)}))`, 'datetime');
    if (kb === 'datetime' && op === '+') return e(`(${sqlOf(b)} + to_seconds(${num(a)}))`, 'datetime');
    const kind: SqlKind = op === '/' || ka === 'float' || kb === 'float' ? 'float' : 'int';
    return e(`(${num(a)} ${op} ${num(b)})`, kind);
  };
}

/** ClickHouse refuses an integer division by zero (ILLEGAL_DIVISION) where DuckDB gives NULL. */
const DIVISION_BY_ZERO = "error('Division by zero')";

/** intDiv's quotient, an integer rounded toward zero also for Float arguments (DuckDB's // is not). */
function quotient(a: FunctionArg | undefined, b: FunctionArg | undefined): string {
  const integral = (x: FunctionArg | undefined): boolean => kindOf(x) === 'int' || kindOf(x) === 'bool';
  return integral(a) && integral(b)
    ? `${num(a)} // ${num(b)}`
    : `CAST(trunc(${num(a)} / ${num(b)}) AS BIGINT)`;
}

/** Comparison operands: UUID and hex-int columns compare raw; booleans against numbers as 0/1. */
function operands(a: FunctionArg | undefined, b: FunctionArg | undefined): [string, string] {
  const left = a?.expr;
  const right = b?.expr;
  if (!left || !right) return [sqlOf(a), sqlOf(b)];
  if (left.rawUuid && right.kind === 'uuid') return [left.rawUuid, right.sql];
  if (right.rawUuid && left.kind === 'uuid') return [left.sql, right.rawUuid];
  if (left.rawHexInt && right.kind === 'int') return [left.rawHexInt, right.sql];
  // A string against a number compares numerically (tag values are strings: `tags[n] > 1`).
  const numeric = (k: SqlKind): boolean => k === 'int' || k === 'float';
  if (left.kind === 'string' && numeric(right.kind)) return [`TRY_CAST(${left.sql} AS DOUBLE)`, right.sql];
  if (right.kind === 'string' && numeric(left.kind)) return [left.sql, `TRY_CAST(${right.sql} AS DOUBLE)`];
  if (left.kind === 'bool' && right.kind !== 'bool' && right.kind !== 'null')
    return [`CAST(${left.sql} AS INTEGER)`, right.sql];
  if (right.kind === 'bool' && left.kind !== 'bool' && left.kind !== 'null')
    return [left.sql, `CAST(${right.sql} AS INTEGER)`];
  return [left.sql, right.sql];
}

/**
 * `cond = 1` / `cond = 0` (SnQL's way to use a function as a condition, `has(…) = 1`): the
 * condition itself or its negation, not a per-row cast of the boolean to a number.
 */
function truthTest(op: string, a: FunctionArg | undefined, b: FunctionArg | undefined): SqlExpr | null {
  if (a?.expr.kind !== 'bool' || (op !== '=' && op !== '!=')) return null;
  const lit = b?.node.kind === 'literal' ? b.node.literal : null;
  if (lit?.type !== 'int' || (lit.value !== 0n && lit.value !== 1n)) return null;
  return (lit.value === 1n) === (op === '=') ? a.expr : e(`(NOT ${a.expr.sql})`, 'bool');
}

function compare(op: string): Renderer {
  return ([a, b]) => {
    const truth = truthTest(op, a, b);
    if (truth) return truth;
    const [l, r] = operands(a, b);
    return e(`(${l} ${op} ${r})`, 'bool');
  };
}

/** `IN tuple(…)` / `IN array(…)`: the list's items; any other right side is an array value. */
function membership(negate: boolean): Renderer {
  return ([a, b]) => {
    if (!a || !b) return e('NULL', 'null');
    const items = b.node.kind === 'function' && (b.node.name === 'tuple' || b.node.name === 'array');
    if (items && b.expr.sql.startsWith('[')) {
      const left =
        b.expr.type === 'Array(UUID)' && a.expr.rawUuid
          ? a.expr.rawUuid
          : b.expr.type === 'Array(HexInt)' && a.expr.rawHexInt
            ? a.expr.rawHexInt
            : a.expr.sql;
      const list = b.expr.sql.slice(1, -1);
      if (list.trim() === '') return e(negate ? 'TRUE' : 'FALSE', 'bool');
      return e(`(${left} ${negate ? 'NOT IN' : 'IN'} (${list}))`, 'bool');
    }
    const test = `list_contains(${b.expr.sql}, ${a.expr.sql})`;
    return e(negate ? `(NOT ${test})` : test, 'bool');
  };
}

function like(negate: boolean, insensitive = false): Renderer {
  return ([a, b]) => {
    const op = `${negate ? 'NOT ' : ''}${insensitive ? 'ILIKE' : 'LIKE'}`;
    // ClickHouse LIKE escapes with a backslash; DuckDB needs it said.
    return e(`(${sqlOf(a)} ${op} ${sqlOf(b)} ESCAPE '\\')`, 'bool');
  };
}

function logic(op: 'AND' | 'OR'): Renderer {
  return (args) => e(`(${args.map((a) => asBool(a.expr)).join(` ${op} `)})`, 'bool');
}

const fn =
  (name: string, kind: SqlKind | ((args: readonly FunctionArg[]) => SqlKind)): Renderer =>
  (args) =>
    e(`${name}(${args.map((a) => a.expr.sql).join(', ')})`, typeof kind === 'function' ? kind(args) : kind);

const sameAsFirst = (args: readonly FunctionArg[]): SqlKind => kindOf(args[0]);
const cast =
  (type: string, kind: SqlKind): Renderer =>
  ([a]) => {
    if (kind === 'int' && kindOf(a) === 'datetime')
      return e(`CAST(floor(epoch(${sqlOf(a)})) AS ${type})`, kind);
    if (kind === 'int' && kindOf(a) === 'float') return e(`CAST(trunc(${sqlOf(a)}) AS ${type})`, kind);
    if (kind === 'int' && kindOf(a) === 'string')
      return e(`CAST(trunc(CAST(${sqlOf(a)} AS DOUBLE)) AS ${type})`, kind);
    return e(`CAST(${num(a)} AS ${type})`, kind);
  };

/** `ifNotFinite(log(x), 0)`: DuckDB raises on log(0), ClickHouse gives -inf that Snuba zeroes. */
const logarithm =
  (name: string): Renderer =>
  ([a]) =>
    e(`(CASE WHEN ${num(a)} > 0 THEN ${name}(${num(a)}) ELSE 0 END)`, 'float');

const datetimeTrunc =
  (part: string): Renderer =>
  ([a]) =>
    e(`date_trunc('${part}', ${toTimestamp(a)})`, 'datetime', 'DateTime');

const minutesBucket =
  (minutes: number): Renderer =>
  ([a]) =>
    e(
      `time_bucket(INTERVAL ${minutes} MINUTE, ${toTimestamp(a)}, TIMESTAMP '1970-01-01 00:00:00')`,
      'datetime',
      'DateTime',
    );

function toTimestamp(a: FunctionArg | undefined): string {
  switch (kindOf(a)) {
    case 'datetime':
    case 'null':
      return sqlOf(a);
    case 'int':
    case 'float':
      return `make_timestamp(CAST(${sqlOf(a)} AS BIGINT) * 1000000)`;
    default:
      return `CAST(${sqlOf(a)} AS TIMESTAMP)`;
  }
}

const datePart =
  (part: string): Renderer =>
  ([a]) =>
    e(`${part}(${toTimestamp(a)})`, 'int');

const lengthOf = (a: FunctionArg | undefined): string =>
  kindOf(a) === 'array'
    ? `len(${sqlOf(a)})`
    : kindOf(a) === 'string'
      ? `strlen(${sqlOf(a)})`
      : `length(${sqlOf(a)})`;

/** `arrayExists(x -> cond, arr)` and friends: the lambda first, then one array per parameter. */
function higherOrder(
  build: (list: string, lambda: string, kind: SqlKind) => SqlExpr,
  name: string,
): Renderer {
  return (args, ctx, node) => {
    const lambda = ctx.lambda(0);
    if (!lambda) {
      if (name === 'arrayExists' || name === 'arrayAll' || name === 'arrayCount') {
        // Without a lambda the array itself is tested element by element.
        const arr = sqlOf(args[0]);
        return build(arr, 'lambda __e: __e', 'bool');
      }
      throw unsupported(name, node, 'needs a lambda as its first argument');
    }
    // After ARRAY JOIN an array column reads as its element: test that one element.
    const scalar = new Set<SqlKind>(['string', 'int', 'float', 'datetime', 'bool', 'uuid']);
    const arrays = args
      .slice(1)
      .map((a) =>
        scalar.has(a.expr.kind) ? { ...a.expr, sql: `[${a.expr.sql}]`, kind: 'array' as const } : a.expr,
      );
    if (arrays.length === 0) throw unsupported(name, node, 'needs an array argument');
    const body = lambda.render(arrays);
    return build(arrays[0]?.sql ?? 'NULL', body.sql, body.kind);
  };
}

const stringOf: Renderer = ([a]) =>
  e(
    kindOf(a) === 'datetime' ? `strftime(${sqlOf(a)}, '%Y-%m-%d %H:%M:%S')` : `CAST(${num(a)} AS VARCHAR)`,
    'string',
    'String',
  );

/** `arrayReduce('sum', arr)`: the aggregate's name comes from this table, not the query. */
const LIST_AGGREGATES: Readonly<Record<string, string>> = {
  sum: 'sum',
  min: 'min',
  max: 'max',
  avg: 'avg',
  count: 'count',
  any: 'any_value',
  uniq: 'count_distinct',
  uniqExact: 'count_distinct',
  median: 'median',
};

export const FUNCTIONS: Readonly<Record<string, Renderer>> = {
  plus: arith('+'),
  minus: arith('-'),
  multiply: arith('*'),
  divide: arith('/'),
  intDiv: ([a, b]) =>
    e(`(CASE WHEN ${num(b)} = 0 THEN ${DIVISION_BY_ZERO} ELSE ${quotient(a, b)} END)`, 'int'),
  intDivOrZero: ([a, b]) => e(`(CASE WHEN ${num(b)} = 0 THEN 0 ELSE ${quotient(a, b)} END)`, 'int'),
  modulo: ([a, b]) =>
    e(
      `(CASE WHEN ${num(b)} = 0 THEN ${DIVISION_BY_ZERO} ELSE ${num(a)} % ${num(b)} END)`,
      kindOf(a) === 'float' || kindOf(b) === 'float' ? 'float' : 'int',
    ),
  negate: ([a]) => e(`(-${num(a)})`, kindOf(a)),
  abs: fn('abs', sameAsFirst),
  equals: compare('='),
  notEquals: compare('!='),
  less: compare('<'),
  greater: compare('>'),
  lessOrEquals: compare('<='),
  greaterOrEquals: compare('>='),
  in: membership(false),
  notIn: membership(true),
  like: like(false),
  notLike: like(true),
  ilike: like(false, true),
  notILike: like(true, true),
  and: logic('AND'),
  or: logic('OR'),
  not: ([a]) => e(`(NOT ${a ? asBool(a.expr) : 'NULL'})`, 'bool'),
  xor: ([a, b]) => e(`(${a ? asBool(a.expr) : 'NULL'} != ${b ? asBool(b.expr) : 'NULL'})`, 'bool'),
  isNull: ([a]) => e(`(${sqlOf(a)} IS NULL)`, 'bool'),
  isNotNull: ([a]) => e(`(${sqlOf(a)} IS NOT NULL)`, 'bool'),
  ifNull: (args) => e(`coalesce(${args.map((a) => a.expr.sql).join(', ')})`, kindOf(args[0])),
  coalesce: (args) =>
    e(
      `coalesce(${args.map((a) => a.expr.sql).join(', ')})`,
      kindOf(args.find((a) => a.expr.kind !== 'null')),
    ),
  nullIf: fn('nullif', sameAsFirst),
  assumeNotNull: ([a]) => a?.expr ?? e('NULL', 'null'),
  toNullable: ([a]) => a?.expr ?? e('NULL', 'null'),
  identity: ([a]) => a?.expr ?? e('NULL', 'null'),
  emptyIfNull: ([a]) => e(`coalesce(${sqlOf(a)}, '')`, 'string'),
  isFinite: ([a]) => e(`isfinite(${num(a)})`, 'bool'),
  isInfinite: ([a]) => e(`isinf(${num(a)})`, 'bool'),
  isNaN: ([a]) => e(`isnan(${num(a)})`, 'bool'),
  ifNotFinite: ([a, b]) => e(`(CASE WHEN isfinite(${num(a)}) THEN ${num(a)} ELSE ${num(b)} END)`, 'float'),
  if: ([c, a, b]) =>
    e(`(CASE WHEN ${c ? asBool(c.expr) : 'NULL'} THEN ${sqlOf(a)} ELSE ${sqlOf(b)} END)`, kindOf(a)),
  multiIf: (args) => {
    const parts: string[] = [];
    for (let i = 0; i + 1 < args.length; i += 2) {
      const cond = args[i] as FunctionArg;
      parts.push(`WHEN ${asBool(cond.expr)} THEN ${sqlOf(args[i + 1])}`);
    }
    const otherwise = args.length % 2 === 1 ? ` ELSE ${sqlOf(args[args.length - 1])}` : '';
    return e(`(CASE ${parts.join(' ')}${otherwise} END)`, kindOf(args[1]));
  },
  tuple: (args) => e(`[${args.map((a) => a.expr.sql).join(', ')}]`, 'array'),
  array: (args) => e(`[${args.map((a) => a.expr.sql).join(', ')}]`, 'array'),
  tupleElement: ([t, i]) => {
    // A stored tuple (an element of `tags`, `exception_stacks`) has its fields named by position.
    const index = i?.node.kind === 'literal' && i.node.literal.type === 'int' ? i.node.literal.value : null;
    return t?.expr.type?.startsWith('Tuple(') && index !== null
      ? e(`struct_extract(${sqlOf(t)}, '${index.toString()}')`, 'any')
      : e(`list_extract(${sqlOf(t)}, ${sqlOf(i)})`, 'any');
  },
  toString: stringOf,
  toUInt8: cast('UTINYINT', 'int'),
  toUInt16: cast('USMALLINT', 'int'),
  toUInt32: cast('UINTEGER', 'int'),
  toUInt64: cast('UBIGINT', 'int'),
  toInt8: cast('TINYINT', 'int'),
  toInt16: cast('SMALLINT', 'int'),
  toInt32: cast('INTEGER', 'int'),
  toInt64: cast('BIGINT', 'int'),
  toFloat32: cast('FLOAT', 'float'),
  toFloat64: cast('DOUBLE', 'float'),
  toUInt64OrZero: ([a]) => e(`coalesce(TRY_CAST(${sqlOf(a)} AS UBIGINT), 0)`, 'int'),
  toUInt64OrNull: ([a]) => e(`TRY_CAST(${sqlOf(a)} AS UBIGINT)`, 'int'),
  toInt64OrZero: ([a]) => e(`coalesce(TRY_CAST(${sqlOf(a)} AS BIGINT), 0)`, 'int'),
  toInt64OrNull: ([a]) => e(`TRY_CAST(${sqlOf(a)} AS BIGINT)`, 'int'),
  toFloat64OrZero: ([a]) => e(`coalesce(TRY_CAST(${sqlOf(a)} AS DOUBLE), 0)`, 'float'),
  toFloat64OrNull: ([a]) => e(`TRY_CAST(${sqlOf(a)} AS DOUBLE)`, 'float'),
  toDateTime: ([a]) => e(toTimestamp(a), 'datetime', 'DateTime'),
  toDate: ([a]) => e(`date_trunc('day', ${toTimestamp(a)})`, 'datetime', 'Date'),
  toStartOfHour: datetimeTrunc('hour'),
  toStartOfDay: datetimeTrunc('day'),
  toStartOfMinute: datetimeTrunc('minute'),
  toStartOfMonth: datetimeTrunc('month'),
  toStartOfQuarter: datetimeTrunc('quarter'),
  toStartOfYear: datetimeTrunc('year'),
  toMonday: datetimeTrunc('week'),
  toStartOfWeek: ([a]) =>
    // ClickHouse's default week starts on Sunday.
    e(`(date_trunc('week', ${toTimestamp(a)} + INTERVAL 1 DAY) - INTERVAL 1 DAY)`, 'datetime', 'DateTime'),
  toStartOfFiveMinute: minutesBucket(5),
  toStartOfFiveMinutes: minutesBucket(5),
  toStartOfTenMinutes: minutesBucket(10),
  toStartOfFifteenMinutes: minutesBucket(15),
  toYear: datePart('year'),
  toMonth: datePart('month'),
  toQuarter: datePart('quarter'),
  toDayOfMonth: datePart('day'),
  toDayOfYear: datePart('dayofyear'),
  toDayOfWeek: datePart('isodow'),
  toHour: datePart('hour'),
  toMinute: datePart('minute'),
  toSecond: datePart('second'),
  toUnixTimestamp: ([a]) => e(`CAST(floor(epoch(${toTimestamp(a)})) AS UINTEGER)`, 'int', 'UInt32'),
  now: () =>
    e('make_timestamp(CAST(floor(epoch_us(now()) / 1000000) AS BIGINT) * 1000000)', 'datetime', 'DateTime'),
  today: () => e(`date_trunc('day', make_timestamp(epoch_us(now())))`, 'datetime', 'Date'),
  formatDateTime: ([a, f]) => e(`strftime(${toTimestamp(a)}, ${sqlOf(f)})`, 'string', 'String'),
  dateDiff: ([unit, a, b]) => e(`date_diff(${sqlOf(unit)}, ${toTimestamp(a)}, ${toTimestamp(b)})`, 'int'),
  empty: ([a]) => e(`(${lengthOf(a)} = 0)`, 'bool'),
  notEmpty: ([a]) => e(`(${lengthOf(a)} > 0)`, 'bool'),
  length: ([a]) => e(lengthOf(a), 'int', 'UInt64'),
  lengthUTF8: ([a]) => e(`length(${sqlOf(a)})`, 'int', 'UInt64'),
  lower: fn('lower', 'string'),
  upper: fn('upper', 'string'),
  lowerUTF8: fn('lower', 'string'),
  upperUTF8: fn('upper', 'string'),
  reverse: fn('reverse', 'string'),
  concat: (args) => e(`concat(${args.map((a) => a.expr.sql).join(', ')})`, 'string', 'String'),
  substring: ([s, off, len]) =>
    e(
      len ? `substring(${sqlOf(s)}, ${num(off)}, ${num(len)})` : `substring(${sqlOf(s)}, ${num(off)})`,
      'string',
    ),
  substr: ([s, off, len]) =>
    e(
      len ? `substring(${sqlOf(s)}, ${num(off)}, ${num(len)})` : `substring(${sqlOf(s)}, ${num(off)})`,
      'string',
    ),
  trim: fn('trim', 'string'),
  trimBoth: fn('trim', 'string'),
  trimLeft: fn('ltrim', 'string'),
  trimRight: fn('rtrim', 'string'),
  startsWith: fn('starts_with', 'bool'),
  endsWith: fn('ends_with', 'bool'),
  position: ([h, n]) => e(`strpos(${sqlOf(h)}, ${sqlOf(n)})`, 'int'),
  positionCaseInsensitive: ([h, n]) => e(`strpos(lower(${sqlOf(h)}), lower(${sqlOf(n)}))`, 'int'),
  positionUTF8: ([h, n]) => e(`strpos(${sqlOf(h)}, ${sqlOf(n)})`, 'int'),
  positionCaseInsensitiveUTF8: ([h, n]) => e(`strpos(lower(${sqlOf(h)}), lower(${sqlOf(n)}))`, 'int'),
  match: ([s, p]) => e(`regexp_matches(${sqlOf(s)}, ${sqlOf(p)})`, 'bool'),
  extract: ([s, p]) => e(`regexp_extract(${sqlOf(s)}, ${sqlOf(p)})`, 'string'),
  replaceAll: fn('replace', 'string'),
  replaceOne: ([s, a, b]) =>
    e(
      `regexp_replace(${sqlOf(s)}, regexp_escape(${sqlOf(a)}), replace(${sqlOf(b)}, '\\', '\\\\'))`,
      'string',
    ),
  replaceRegexpAll: ([s, p, r]) => e(`regexp_replace(${sqlOf(s)}, ${sqlOf(p)}, ${sqlOf(r)}, 'g')`, 'string'),
  replaceRegexpOne: ([s, p, r]) => e(`regexp_replace(${sqlOf(s)}, ${sqlOf(p)}, ${sqlOf(r)})`, 'string'),
  splitByChar: ([sep, s]) => e(`string_split(${sqlOf(s)}, ${sqlOf(sep)})`, 'array'),
  splitByString: ([sep, s]) => e(`string_split(${sqlOf(s)}, ${sqlOf(sep)})`, 'array'),
  arrayStringConcat: ([arr, sep]) =>
    e(`array_to_string(${sqlOf(arr)}, ${sep ? sqlOf(sep) : "''"})`, 'string'),
  leftPad: fn('lpad', 'string'),
  rightPad: fn('rpad', 'string'),
  left: fn('left', 'string'),
  right: fn('right', 'string'),
  repeat: fn('repeat', 'string'),
  hex: fn('hex', 'string'),
  lowerCaseHex: ([a]) => e(`lower(hex(${sqlOf(a)}))`, 'string'),
  has: ([arr, x]) => e(`list_contains(${sqlOf(arr)}, ${sqlOf(x)})`, 'bool'),
  hasAny: fn('list_has_any', 'bool'),
  hasAll: fn('list_has_all', 'bool'),
  indexOf: ([arr, x]) => e(`coalesce(list_position(${sqlOf(arr)}, ${sqlOf(x)}), 0)`, 'int'),
  countEqual: ([arr, x]) => e(`len(list_filter(${sqlOf(arr)}, lambda __e: __e = ${sqlOf(x)}))`, 'int'),
  arrayElement: ([arr, i]) => e(`list_extract(${sqlOf(arr)}, ${num(i)})`, 'any'),
  arrayConcat: fn('list_concat', 'array'),
  arraySlice: ([arr, off, len]) =>
    e(
      len
        ? `list_slice(${sqlOf(arr)}, ${num(off)}, ${num(off)} + ${num(len)} - 1)`
        : `list_slice(${sqlOf(arr)}, ${num(off)}, len(${sqlOf(arr)}))`,
      'array',
    ),
  arrayPushBack: fn('list_append', 'array'),
  arrayPushFront: ([arr, x]) => e(`list_prepend(${sqlOf(x)}, ${sqlOf(arr)})`, 'array'),
  arrayDistinct: fn('list_distinct', 'array'),
  arrayUniq: ([arr]) => e(`len(list_distinct(${sqlOf(arr)}))`, 'int'),
  arrayReverse: fn('list_reverse', 'array'),
  arraySort: fn('list_sort', 'array'),
  arrayReverseSort: fn('list_reverse_sort', 'array'),
  arrayCompact: fn('list_distinct', 'array'),
  arrayFlatten: fn('flatten', 'array'),
  arraySum: fn('list_sum', 'float'),
  arrayAvg: fn('list_avg', 'float'),
  arrayMin: fn('list_min', 'any'),
  arrayMax: fn('list_max', 'any'),
  arrayEnumerate: ([arr]) => e(`range(1, len(${sqlOf(arr)}) + 1)`, 'array'),
  range: ([n]) => e(`range(${num(n)})`, 'array'),
  emptyArrayString: () => e('[]::VARCHAR[]', 'array'),
  emptyArrayUInt64: () => e('[]::UBIGINT[]', 'array'),
  arrayReduce: ([agg, arr], _ctx, node) => {
    const name =
      agg?.node.kind === 'literal' && agg.node.literal.type === 'string' ? agg.node.literal.value : '';
    const mapped = LIST_AGGREGATES[name];
    if (!mapped) throw unsupported(`arrayReduce('${name}')`, node);
    return e(`list_aggregate(${sqlOf(arr)}, '${mapped}')`, name === 'count' ? 'int' : 'any');
  },
  arrayMap: higherOrder(
    (list, lambda, kind) => e(`list_transform(${list}, ${lambda})`, kind === 'any' ? 'array' : 'array'),
    'arrayMap',
  ),
  arrayFilter: higherOrder((list, lambda) => e(`list_filter(${list}, ${lambda})`, 'array'), 'arrayFilter'),
  arrayExists: higherOrder(
    (list, lambda) => e(`coalesce(list_bool_or(list_transform(${list}, ${lambda})), FALSE)`, 'bool'),
    'arrayExists',
  ),
  arrayAll: higherOrder(
    (list, lambda) => e(`coalesce(list_bool_and(list_transform(${list}, ${lambda})), TRUE)`, 'bool'),
    'arrayAll',
  ),
  arrayCount: higherOrder((list, lambda) => e(`len(list_filter(${list}, ${lambda}))`, 'int'), 'arrayCount'),
  arrayFirst: higherOrder(
    (list, lambda) => e(`list_extract(list_filter(${list}, ${lambda}), 1)`, 'any'),
    'arrayFirst',
  ),
  round: (args) => e(`round(${args.map((a) => num(a)).join(', ')})`, 'float'),
  floor: fn('floor', 'float'),
  ceil: fn('ceil', 'float'),
  trunc: fn('trunc', 'float'),
  sqrt: fn('sqrt', 'float'),
  cbrt: fn('cbrt', 'float'),
  exp: fn('exp', 'float'),
  log: logarithm('ln'),
  ln: logarithm('ln'),
  log2: logarithm('log2'),
  log10: logarithm('log10'),
  pow: ([a, b]) => e(`pow(${num(a)}, ${num(b)})`, 'float'),
  power: ([a, b]) => e(`pow(${num(a)}, ${num(b)})`, 'float'),
  sign: fn('sign', 'int'),
  least: fn('least', sameAsFirst),
  greatest: fn('greatest', sameAsFirst),
  pi: () => e('pi()', 'float'),
  e: () => e('exp(1)', 'float'),
  cityHash64: (args) => e(`hash(${args.map((a) => a.expr.sql).join(', ')})`, 'int', 'UInt64'),
  sipHash64: (args) => e(`hash(${args.map((a) => a.expr.sql).join(', ')})`, 'int', 'UInt64'),
  xxHash64: (args) => e(`hash(${args.map((a) => a.expr.sql).join(', ')})`, 'int', 'UInt64'),
  MD5: ([a]) => e(`md5(${sqlOf(a)})`, 'string'),
  // The ip columns are already text in Faultline's storage.
  IPv4NumToString: ([a]) => a?.expr ?? e('NULL', 'null'),
  IPv6NumToString: ([a]) => a?.expr ?? e('NULL', 'null'),
  toTypeName: ([a]) => e(`typeof(${sqlOf(a)})`, 'string'),
  bitAnd: ([a, b]) => e(`(${num(a)} & ${num(b)})`, 'int'),
  bitOr: ([a, b]) => e(`(${num(a)} | ${num(b)})`, 'int'),
  bitXor: ([a, b]) => e(`xor(${num(a)}, ${num(b)})`, 'int'),
  isHandled: () =>
    e(
      `coalesce(list_bool_and(list_transform("exception_stacks.mechanism_handled", lambda __h: __h IS NULL OR __h != 0)), TRUE)`,
      'bool',
    ),
  notHandled: () =>
    e(
      `coalesce(list_bool_or(list_transform("exception_stacks.mechanism_handled", lambda __h: __h IS NOT NULL AND __h = 0)), FALSE)`,
      'bool',
    ),
};
