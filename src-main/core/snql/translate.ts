/**
 * A validated SnQL query → one parameterized SQL statement (plus one for TOTALS), through a
 * dialect. The shape follows Snuba's storage query: mandatory conditions on every relation,
 * BY expressions first in the output, ARRAY JOIN and `arrayJoin(…)` hoisted into the relation
 * (ClickHouse expands rows there), LIMIT BY after ORDER BY, LIMIT/OFFSET on the outer query.
 * Output columns get positional SQL names (`c0`, `c1`, …) that map back to the SnQL names, so
 * no alias the user wrote reaches the SQL text.
 */
import type { Column, Expression, Subscript } from '../../../src-shared/snql/ast.ts';
import { SnqlError } from '../../../src-shared/snql/errors.ts';
import type { BoundEntity, TimeRange, ValidatedQuery } from '../../../src-shared/snql/validatedQuery.ts';
import { checkAggregation, keyOf } from './aggregation.ts';
import { ColumnTranslator, type EntityScope } from './columns.ts';
import {
  mayBeNull,
  type ParamSink,
  type SqlDialect,
  type SqlExpr,
  type SqlKind,
  type SqlParam,
} from './dialect.ts';
import { duckdbDialect } from './duckdb-dialect.ts';
import { ExpressionTranslator, type Resolver } from './expressions.ts';
import { type ArrayJoinPlan, planArrayJoins } from './hoist.ts';
import { nullableType } from './nullability.ts';

export interface OutputColumn {
  /** The SnQL output name (alias, or the expression's text). */
  readonly name: string;
  /** The positional SQL name. */
  readonly sqlName: string;
  readonly kind: SqlKind;
  /** ClickHouse type when known before running; execution fills the rest from the engine. */
  readonly type?: string;
  /** Whether the value may be NULL (an outer query's aggregates over it default otherwise). */
  readonly nullable?: boolean;
}

export interface Translation {
  readonly dialect: string;
  readonly sql: string;
  readonly params: readonly SqlParam[];
  /** Response columns, BY first then SELECT, duplicate names dropped (as Snuba's `meta`). */
  readonly columns: readonly OutputColumn[];
  /** The TOTALS row query, when asked for, and its parameters. */
  readonly totalsSql?: string;
  readonly totalsParams?: readonly SqlParam[];
  /** Storages the statement reads (so callers can prepare per-query relations such as outcomes). */
  readonly storages: readonly string[];
  readonly timeRanges: readonly TimeRange[];
  /** The outer query's LIMIT: the statement returns no more rows than this. */
  readonly limit: number | null;
}

class Params implements ParamSink {
  readonly list: SqlParam[] = [];
  readonly #index = new Map<string, string>();
  readonly #dialect: SqlDialect;

  constructor(dialect: SqlDialect) {
    this.#dialect = dialect;
  }

  add(param: SqlParam): string {
    const key = `${param.type}:${String(param.value)}:${param.type === 'int' ? (param.columnType ?? '') : ''}`;
    const existing = this.#index.get(key);
    if (existing) return existing;
    this.list.push(param);
    const placeholder = this.#dialect.placeholder(this.list.length, param);
    this.#index.set(key, placeholder);
    return placeholder;
  }
}

/**
 * What Snuba's subscription framework adds to a subscription query (`add_conditions` in
 * snuba/subscriptions/data.py): the project and the window, on every entity with a time column.
 */
export interface SubscriptionWindow {
  readonly projectId: number;
  /** Naive UTC `YYYY-MM-DDTHH:MM:SS`, inclusive. */
  readonly from: string;
  /** Exclusive. */
  readonly to: string;
}

export interface TranslateOptions {
  readonly dialect?: SqlDialect;
  readonly subscription?: SubscriptionWindow;
}

export function translate(query: ValidatedQuery, options: TranslateOptions = {}): Translation {
  const dialect = options.dialect ?? duckdbDialect;
  const params = new Params(dialect);
  const storages = new Set<string>();
  const level = translateLevel(query, dialect, params, storages, true, options.subscription);
  // A literal can be rendered and then not used (`has(…) = 1` becomes the condition itself).
  const main = usedParams(level.sql, params.list, dialect);
  return {
    dialect: dialect.name,
    sql: main.sql,
    params: main.params,
    columns: level.columns,
    ...(level.totalsSql ? totalsOf(level.totalsSql, params.list, dialect) : {}),
    storages: [...storages],
    timeRanges: query.timeRanges,
    limit: query.limit,
  };
}

function usedParams(
  sql: string,
  params: readonly SqlParam[],
  dialect: SqlDialect,
): { sql: string; params: SqlParam[] } {
  const kept = dialect.keepUsedParams(sql);
  return {
    sql: kept.sql,
    params: kept.used.map((n) => params[n - 1]).filter((p): p is SqlParam => p !== undefined),
  };
}

function totalsOf(
  sql: string,
  params: readonly SqlParam[],
  dialect: SqlDialect,
): { totalsSql: string; totalsParams: SqlParam[] } {
  const kept = usedParams(sql, params, dialect);
  return { totalsSql: kept.sql, totalsParams: kept.params };
}

interface Level {
  sql: string;
  totalsSql?: string;
  /** Every selected expression, in order (duplicates kept: inner queries reference them by name). */
  all: OutputColumn[];
  columns: OutputColumn[];
}

function translateLevel(
  q: ValidatedQuery,
  dialect: SqlDialect,
  params: Params,
  storages: Set<string>,
  outermost: boolean,
  subscription?: SubscriptionWindow,
): Level {
  checkAggregation(q);
  const columns = new ColumnTranslator(dialect, params, q.granularity);
  const from = sourceOf(q, dialect, params, storages, columns);
  const plan: ArrayJoinPlan | null = from.single ? planArrayJoins(q, from.single, columns, dialect) : null;
  const resolver: Resolver = {
    column: (node) => from.column(node),
    subscript: (node) => from.subscript(node),
    tagEquals: (node, value) => from.tagEquals?.(node, value),
    hoisted: (node) => plan?.lookup(node),
  };
  const expressions = new ExpressionTranslator(dialect, params, resolver);
  plan?.render(expressions);

  const selected = q.selected.map((s, i) => {
    const expr = expressions.render(s.expression);
    return { name: s.name, sqlName: `c${i}`, expr, key: keyOf(s.expression) };
  });
  const selectList = selected.map((s) => `${outputSql(s.expr, dialect)} AS ${dialect.ident(s.sqlName)}`);
  const relation = plan ? plan.wrap(from.sql) : from.sql;

  const conditions = [...from.mandatory, ...(q.where ? [dialect.asBool(expressions.render(q.where))] : [])];
  if (subscription) conditions.push(...from.window(subscription, params));
  const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
  const groupKeys = q.groupBy.map((g) => dialect.groupingKey(expressions.render(g)));
  const groupBy = groupKeys.length > 0 ? ` GROUP BY ${groupKeys.join(', ')}` : '';
  const having = q.having ? ` HAVING ${dialect.asBool(expressions.render(q.having))}` : '';
  const orderItems = q.orderBy.map(
    (o) => `${dialect.groupingKey(expressions.render(o.expression))} ${o.direction}`,
  );
  const orderBy = orderItems.length > 0 ? ` ORDER BY ${orderItems.join(', ')}` : '';
  const limitBy = q.limitBy
    ? ` ${dialect.limitBy(
        q.limitBy.limit,
        q.limitBy.columns.map((c) => expressions.render(c).sql),
        orderItems.join(', '),
      )}`
    : '';
  const limit = q.limit !== null ? ` LIMIT ${Math.trunc(q.limit).toString()}` : '';
  const offset = q.offset ? ` OFFSET ${Math.trunc(q.offset).toString()}` : '';
  const sql = `SELECT ${selectList.join(', ')} FROM ${relation}${where}${groupBy}${having}${limitBy}${orderBy}${limit}${offset}`;

  const all: OutputColumn[] = selected.map((s) => ({
    name: s.name,
    sqlName: s.sqlName,
    kind: s.expr.kind === 'bool' ? 'int' : s.expr.kind,
    ...typeOf(s.expr),
    nullable: mayBeNull(s.expr),
  }));
  const seen = new Set<string>();
  const deduped = all.filter((c) => !seen.has(c.name) && seen.add(c.name));

  let totalsSql: string | undefined;
  if (outermost && q.totals) {
    // ClickHouse WITH TOTALS: the aggregates over the rows of the groups that pass HAVING
    // (totals_mode's default, after_having_exclusive), the grouping keys at their type's default.
    const keys = new Set(q.groupBy.map(keyOf));
    const totalsList = selected.map((s) => {
      const value = keys.has(s.key)
        ? ((mayBeNull(s.expr) ? null : dialect.typeDefault(s.expr)) ?? 'NULL')
        : outputSql(s.expr, dialect);
      return `${value} AS ${dialect.ident(s.sqlName)}`;
    });
    const passing = having ? havingGroups(groupKeys, `${relation}${where}${groupBy}${having}`, dialect) : '';
    totalsSql = `SELECT ${totalsList.join(', ')} FROM ${relation}${where}${passing ? `${where ? ' AND' : ' WHERE'} ${passing}` : ''}`;
  }
  return { sql, all, columns: deduped, ...(totalsSql ? { totalsSql } : {}) };
}

/** The ClickHouse type of an output column when the translator knows it, `Nullable` when it may be NULL. */
function typeOf(expr: SqlExpr): { type?: string } {
  const type = expr.type ?? (expr.kind === 'bool' ? 'UInt8' : undefined);
  return type === undefined ? {} : { type: nullableType(type, mayBeNull(expr)) };
}

function outputSql(expr: SqlExpr, dialect: SqlDialect): string {
  return expr.kind === 'bool' ? dialect.boolOut(expr.sql) : expr.sql;
}

/**
 * The condition that keeps only the rows of the groups passing HAVING: the grouped query (its
 * keys as `h0`, `h1`, …) must hold a group equal to the row's keys, NULL keys included.
 */
function havingGroups(groupKeys: readonly string[], grouped: string, dialect: SqlDialect): string {
  const h = (i: number): string => dialect.ident(`h${i}`);
  const select = groupKeys.length > 0 ? groupKeys.map((k, i) => `${k} AS ${h(i)}`).join(', ') : '1';
  const match = groupKeys.map((k, i) => `${dialect.ident('g')}.${h(i)} IS NOT DISTINCT FROM ${k}`);
  const on = match.length > 0 ? ` WHERE ${match.join(' AND ')}` : '';
  return `EXISTS (SELECT 1 FROM (SELECT ${select} FROM ${grouped}) AS ${dialect.ident('g')}${on})`;
}

interface Source {
  sql: string;
  /** Mandatory storage conditions left to the query's own WHERE (a single entity read directly). */
  mandatory: string[];
  /** The entity scope when the query reads one entity (array joins are hoisted only then). */
  single: EntityScope | null;
  column(node: Column): SqlExpr;
  subscript(node: Subscript): SqlExpr;
  tagEquals?(node: Subscript, value: string): SqlExpr | undefined;
  /** The subscription window's conditions on every entity with a required time column. */
  window(w: SubscriptionWindow, params: ParamSink): string[];
}

function windowConditions(
  entities: ReadonlyArray<readonly [BoundEntity, EntityScope]>,
  columns: ColumnTranslator,
  w: SubscriptionWindow,
  params: ParamSink,
): string[] {
  const out: string[] = [];
  for (const [entity, scope] of entities) {
    const time = entity.schema.requiredTimeColumn;
    if (!time) continue;
    const column = (name: string): string => columns.physical(scope, name);
    const projectId = { type: 'int', value: BigInt(w.projectId), columnType: 'UInt64' } as const;
    out.push(`${column('project_id')} = ${params.add(projectId)}`);
    out.push(`${column(time)} >= ${params.add({ type: 'timestamp', value: w.from })}`);
    out.push(`${column(time)} < ${params.add({ type: 'timestamp', value: w.to })}`);
  }
  return out;
}

function relationSql(entity: BoundEntity, dialect: SqlDialect, storages: Set<string>): string {
  const relation = dialect.relation(entity.schema);
  storages.add(entity.schema.storage);
  const sample = entity.sample === undefined ? '' : dialect.sample(entity.sample);
  const where = relation.mandatory.length > 0 ? ` WHERE ${relation.mandatory.join(' AND ')}` : '';
  return `(SELECT * FROM ${dialect.ident(relation.table)}${sample}${where})`;
}

function sourceOf(
  q: ValidatedQuery,
  dialect: SqlDialect,
  params: Params,
  storages: Set<string>,
  columns: ColumnTranslator,
): Source {
  const source = q.source;
  switch (source.kind) {
    case 'entity': {
      const scope: EntityScope = { schema: source.entity.schema, qualifier: '' };
      // One entity reads its table directly, the mandatory conditions joining the query's WHERE:
      // a `SELECT *` subquery costs the engine a bind of every column on each query.
      const direct = source.entity.sample === undefined;
      const relation = dialect.relation(source.entity.schema);
      if (direct) storages.add(source.entity.schema.storage);
      return {
        sql: direct
          ? `${dialect.ident(relation.table)} AS ${dialect.ident('t0')}`
          : `${relationSql(source.entity, dialect, storages)} AS ${dialect.ident('t0')}`,
        mandatory: direct ? [...relation.mandatory] : [],
        single: scope,
        column: (node) => columns.column(scope, node.name, node),
        subscript: (node) => columns.subscript(scope, node.column.name, node.key),
        tagEquals: (node, value) => columns.tagEquals(scope, node.column.name, node.key, value),
        window: (w, sink) => windowConditions([[source.entity, scope]], columns, w, sink),
      };
    }
    case 'join': {
      const scopes = new Map<string, EntityScope>();
      source.entities.forEach((entity, i) => {
        scopes.set(entity.alias ?? '', { schema: entity.schema, qualifier: `${dialect.ident(`t${i}`)}.` });
      });
      const scopeOf = (node: Column): EntityScope => {
        const scope = scopes.get(node.entityAlias ?? '');
        if (!scope) {
          throw new SnqlError(
            'ParsingException',
            'unqualified_column',
            `column ${node.name} must be qualified in a join query`,
            node.span,
          );
        }
        return scope;
      };
      const ref = (entity: BoundEntity, i: number): string =>
        `${relationSql(entity, dialect, storages)} AS ${dialect.ident(`t${i}`)}`;
      const index = (alias: string): number => source.entities.findIndex((e) => (e.alias ?? '') === alias);
      const first = source.entities[0];
      if (!first) throw new Error('a join without entities');
      let sql = ref(first, 0);
      const joined = new Set([first.alias ?? '']);
      for (const join of source.joins) {
        const lhs = scopes.get(join.lhs);
        const rhs = scopes.get(join.rhs);
        const rhsEntity = source.entities[index(join.rhs)];
        if (!lhs || !rhs || !rhsEntity || joined.has(join.rhs)) continue;
        joined.add(join.rhs);
        const on = join.definition.columns
          .map(([l, r]) => `${columns.physical(lhs, l)} = ${columns.physical(rhs, r)}`)
          .join(' AND ');
        const type = join.definition.joinType === 'left' ? 'LEFT JOIN' : 'INNER JOIN';
        sql += ` ${type} ${ref(rhsEntity, index(join.rhs))} ON ${on}`;
      }
      return {
        sql,
        mandatory: [],
        single: null,
        column: (node) => columns.column(scopeOf(node), node.name, node),
        subscript: (node) => columns.subscript(scopeOf(node.column), node.column.name, node.key),
        tagEquals: (node, value) =>
          columns.tagEquals(scopeOf(node.column), node.column.name, node.key, value),
        window: (w, sink) =>
          windowConditions(
            source.entities.map((e) => [e, scopes.get(e.alias ?? '') as EntityScope] as const),
            columns,
            w,
            sink,
          ),
      };
    }
    case 'subquery': {
      const inner = translateLevel(source.query, dialect, params, storages, false);
      const byName = new Map<string, OutputColumn>();
      for (const c of inner.all) if (!byName.has(c.name)) byName.set(c.name, c);
      const resolve = (name: string, node: Expression): SqlExpr => {
        const c = byName.get(name);
        if (!c) {
          throw new SnqlError(
            'ValidationException',
            'unknown_column',
            `column ${name} is not an output of the subquery`,
            node.span,
          );
        }
        return {
          sql: `${dialect.ident('s0')}.${dialect.ident(c.sqlName)}`,
          kind: c.kind,
          ...(c.type ? { type: c.type } : {}),
          ...(c.nullable !== undefined ? { nullable: c.nullable } : {}),
        };
      };
      return {
        sql: `(${inner.sql}) AS ${dialect.ident('s0')}`,
        mandatory: [],
        single: null,
        column: (node) => resolve(node.name, node),
        subscript: (node) => resolve(`${node.column.name}[${node.key}]`, node),
        window: () => [],
      };
    }
  }
}
