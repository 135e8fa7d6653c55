/** ClickHouse's operators and conditionals in DuckDB: arithmetic, comparison, IN, LIKE, logic, NULL handling. */
import type { FunctionArg, SqlExpr, SqlKind } from './dialect.ts';
import { INTEGER_FUNCTIONS, integerArithmetic } from './duckdb-fn-integers.ts';
import { asBool, e, fn, kindOf, num, type Renderer, sameAsFirst, sqlOf } from './duckdb-render.ts';

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
    const integral = op === '+' || op === '-' || op === '*' ? integerArithmetic(op, a, b) : undefined;
    if (integral) return integral;
    const kind: SqlKind = op === '/' || ka === 'float' || kb === 'float' ? 'float' : 'int';
    return e(`(${num(a)} ${op} ${num(b)})`, kind);
  };
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
  // ClickHouse compares a DateTime with a number as its unix time (`count() > toDateTime(…)`).
  if (left.kind === 'datetime' && numeric(right.kind)) return [`epoch(${left.sql})`, num(b)];
  if (right.kind === 'datetime' && numeric(left.kind)) return [num(a), `epoch(${right.sql})`];
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

/**
 * `IN tuple(…)` / `IN array(…)`: membership in the list's items; any other right side is an array
 * value. As in ClickHouse, a tuple on the left against a tuple of plain values is one element
 * (`tuple(a, b) IN tuple(1, 2)`), against a tuple of tuples a set of them.
 */
function membership(negate: boolean): Renderer {
  return ([a, b]) => {
    if (!a || !b) return e('NULL', 'null');
    const items = b.node.kind === 'function' && (b.node.name === 'tuple' || b.node.name === 'array');
    if (items && b.expr.items) {
      const single = a.expr.kind === 'struct' && !b.expr.items.some((i) => i.kind === 'struct');
      const left =
        b.expr.type === 'Array(UUID)' && a.expr.rawUuid
          ? a.expr.rawUuid
          : b.expr.type === 'Array(HexInt)' && a.expr.rawHexInt
            ? a.expr.rawHexInt
            : a.expr.sql;
      const list = single ? b.expr.sql : b.expr.items.map((i) => i.sql).join(', ');
      if (b.expr.items.length === 0) return e(negate ? 'TRUE' : 'FALSE', 'bool');
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

/** Operators, comparisons, logic and conditionals. */
export const OPERATOR_FUNCTIONS: Readonly<Record<string, Renderer>> = {
  ...INTEGER_FUNCTIONS,
  plus: arith('+'),
  minus: arith('-'),
  multiply: arith('*'),
  divide: arith('/'),
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
};
