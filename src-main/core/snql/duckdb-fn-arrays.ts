/**
 * ClickHouse's tuple and array functions in DuckDB, the higher-order ones (`arrayMap(x -> …, arr)`)
 * included, and Snuba's `isHandled`/`notHandled` over the exception stacks.
 */
import { type FunctionArg, mayBeNull, type SqlExpr, type SqlKind } from './dialect.ts';
import { integerTypeName } from './duckdb-fn-integers.ts';
import { range as sizedRange } from './duckdb-fn-sizes.ts';
import { e, fn, num, type Renderer, sqlOf, typeDefault, unsupported } from './duckdb-render.ts';
import { typeName } from './engine-types.ts';

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

/** An element's ClickHouse type, or undefined when only the engine will know it. */
function elementType(a: FunctionArg): string | undefined {
  const name = a.expr.kind === 'int' ? integerTypeName(a) : typeName(a.expr);
  return name === undefined || name === 'Unknown' ? undefined : name;
}

/**
 * `tuple(a, b)`: a struct with its fields named by position ("1", "2", …), as the nested columns'
 * tuples are (duckdb-dialect.ts `nested`), so its elements keep their own types (a list needs one
 * common type: `tuple(timestamp, level)` would not bind). Conditions are UInt8 in ClickHouse, so
 * a boolean element is one. `tuple()` is empty: nothing to pack, so an empty list stands for it.
 */
const tuple: Renderer = (args) => {
  const items = args.map((a) => a.expr);
  if (args.length === 0) return { sql: '[]', kind: 'struct', type: 'Tuple()', items, nullable: false };
  const fields = args.map(
    (a, i) => `"${i + 1}" := ${a.expr.kind === 'bool' ? `CAST(${a.expr.sql} AS UTINYINT)` : a.expr.sql}`,
  );
  const types = args.map(elementType);
  const known = types.every((t) => t !== undefined);
  return {
    sql: `struct_pack(${fields.join(', ')})`,
    kind: 'struct',
    ...(known ? { type: `Tuple(${types.join(', ')})` } : {}),
    items,
    nullable: false,
  };
};

/** The kinds of an array's ClickHouse element type (`Array(LowCardinality(Nullable(String)))` → string). */
const ELEMENT_KINDS: ReadonlyArray<readonly [RegExp, SqlKind]> = [
  [/^U?Int\d+$/, 'int'],
  [/^Float\d+$/, 'float'],
  [/^(?:Fixed)?String/, 'string'],
  [/^DateTime/, 'datetime'],
];

/** An array's element as far as the translation knows it: its kind, ClickHouse type, nullability. */
function elementOf(arr: SqlExpr | undefined): SqlExpr | undefined {
  const declared = /^Array\((.*)\)$/.exec(arr?.type ?? '')?.[1];
  if (declared !== undefined) {
    const inner = declared.replace(/^LowCardinality\((.*)\)$/, '$1');
    const nullable = inner.startsWith('Nullable(');
    const base = nullable ? inner.slice('Nullable('.length, -1) : inner;
    const kind = ELEMENT_KINDS.find(([re]) => re.test(base))?.[1];
    return kind ? { sql: '', kind, type: declared, nullable } : undefined;
  }
  const items = arr?.items;
  const kind = items?.find((x) => x.kind !== 'null')?.kind;
  if (!items || !kind || items.some((x) => x.kind !== kind && x.kind !== 'null')) return undefined;
  return { sql: '', kind, nullable: items.some(mayBeNull) };
}

/**
 * `arr[i]`: ClickHouse gives the element type's default ('' or 0) past either end and at 0, and
 * NULL there only for a Nullable element; DuckDB's list_extract gives NULL.
 */
function arrayElement(arr: FunctionArg | undefined, i: FunctionArg | undefined): SqlExpr {
  const sql = `list_extract(${sqlOf(arr)}, ${num(i)})`;
  const element = elementOf(arr?.expr);
  if (!element) return e(sql, 'any');
  const fallback = element.nullable ? null : typeDefault(element);
  const typed = element.type ? { type: element.type } : {};
  return {
    sql: fallback === null ? sql : `coalesce(${sql}, ${fallback})`,
    kind: element.kind,
    ...typed,
    nullable: element.nullable === true || (i !== undefined && mayBeNull(i.expr)),
  };
}

/** Tuples, arrays and the mechanism-handled tests. */
export const ARRAY_FUNCTIONS: Readonly<Record<string, Renderer>> = {
  tuple,
  array: (args) => ({
    ...e(`[${args.map((a) => a.expr.sql).join(', ')}]`, 'array'),
    items: args.map((a) => a.expr),
  }),
  tupleElement: ([t, i]) => {
    // Tuples (`tuple(…)`, an element of `tags`, `exception_stacks`) have their fields named by position.
    const index = i?.node.kind === 'literal' && i.node.literal.type === 'int' ? i.node.literal.value : null;
    if (!((t?.expr.kind === 'struct' || t?.expr.type?.startsWith('Tuple(')) && index !== null))
      return e(`list_extract(${sqlOf(t)}, ${sqlOf(i)})`, 'any');
    const sql = `struct_extract(${sqlOf(t)}, '${index.toString()}')`;
    // A tuple built in the query knows its elements' kinds and types.
    const item = t.expr.items?.[Number(index) - 1];
    return item ? { ...item, sql } : e(sql, 'any');
  },
  // ClickHouse's has(arr, NULL) looks for a NULL element; DuckDB's list_contains cannot.
  has: ([arr, x]) => {
    if (x?.expr.kind === 'null')
      return e(
        `coalesce(list_bool_or(list_transform(${sqlOf(arr)}, lambda __e: __e IS NULL)), FALSE)`,
        'bool',
      );
    // A string looked for among DateTimes is one's text (`has(array(timestamp), '2024-01-01 10:00:00')`).
    const dates =
      arr?.expr.items?.[0]?.kind === 'datetime' ||
      /^Array\((?:Nullable\()?DateTime/.test(arr?.expr.type ?? '');
    const needle = dates && x?.expr.kind === 'string' ? `CAST(${sqlOf(x)} AS TIMESTAMP)` : sqlOf(x);
    return e(`list_contains(${sqlOf(arr)}, ${needle})`, 'bool');
  },
  hasAny: fn('list_has_any', 'bool'),
  hasAll: fn('list_has_all', 'bool'),
  indexOf: ([arr, x]) => e(`coalesce(list_position(${sqlOf(arr)}, ${sqlOf(x)}), 0)`, 'int'),
  countEqual: ([arr, x]) => e(`len(list_filter(${sqlOf(arr)}, lambda __e: __e = ${sqlOf(x)}))`, 'int'),
  arrayElement: ([arr, i]) => arrayElement(arr, i),
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
  range: sizedRange,
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
