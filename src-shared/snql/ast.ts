/**
 * The SnQL abstract syntax tree, as Snuba's `SnQLVisitor` builds it (snuba/query/snql/parser.py),
 * plus the source span of every node so the console can underline what an error points at.
 *
 * Operators are already function calls here, as in Snuba (`a = 1` is `equals(a, 1)`,
 * `a + b` is `plus(a, b)`, `AND` is `and`). One difference: `and`/`or` keep all their operands
 * in one flat call instead of Snuba's two-at-a-time nesting, so a 500-branch OR stays shallow.
 */

/** Where a node sits in the query text: `offset`/`end` are 0-based UTF-16 offsets, line/column 1-based. */
export interface Span {
  readonly offset: number;
  readonly end: number;
  readonly line: number;
  readonly column: number;
}

export type LiteralValue =
  | { readonly type: 'string'; readonly value: string }
  /** Integers stay exact: ids like 17913370561998816659 do not fit a double. */
  | { readonly type: 'int'; readonly value: bigint }
  | { readonly type: 'float'; readonly value: number }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'null' }
  /** A `toDateTime('…')` literal after `_parse_datetime_literals`: naive UTC, seconds precision. */
  | { readonly type: 'datetime'; readonly value: string; readonly epochSeconds: number };

interface NodeBase {
  readonly span: Span;
  /** The `AS` alias written in the query (functions carry their own; see grammar). */
  readonly alias?: string;
}

export interface Literal extends NodeBase {
  readonly kind: 'literal';
  readonly literal: LiteralValue;
}

/** A column as written: `title`, `exception_stacks.type`, `e.event_id`, or `tags[a b]` when not a valid subscript. */
export interface Column extends NodeBase {
  readonly kind: 'column';
  /** The join alias (`e` in `e.event_id`), set once the query is known to be a join. */
  readonly entityAlias?: string;
  readonly name: string;
}

/** `tags[key]`, `contexts[trace.span_id]`, `flags[name]` (Snuba's SubscriptableReference). */
export interface Subscript extends NodeBase {
  readonly kind: 'subscript';
  readonly column: Column;
  readonly key: string;
}

export interface FunctionCall extends NodeBase {
  readonly kind: 'function';
  readonly name: string;
  readonly args: readonly Expression[];
  /** How it was written: `call` for `f(x)`, `operator` for `a = b`, `a + b`, `AND`, `IS NULL`. */
  readonly syntax: 'call' | 'operator';
}

/** `quantile(0.95)(duration)`: only one curried level exists in SnQL. */
export interface CurriedFunctionCall extends NodeBase {
  readonly kind: 'curried';
  readonly name: string;
  readonly initArgs: readonly Expression[];
  readonly args: readonly Expression[];
}

/** ``(`x`, `y`) -> f(`x`, `y`)``: the body is always a function call. */
export interface Lambda extends NodeBase {
  readonly kind: 'lambda';
  readonly params: readonly string[];
  readonly body: FunctionCall | CurriedFunctionCall;
}

/** A backticked lambda identifier used as a value: `` `x` ``. */
export interface LambdaArgument extends NodeBase {
  readonly kind: 'argument';
  readonly name: string;
}

export type Expression =
  | Literal
  | Column
  | Subscript
  | FunctionCall
  | CurriedFunctionCall
  | Lambda
  | LambdaArgument;

/** A SELECT or BY item: `name` is the output column (the alias, else the stripped source text). */
export interface SelectedExpression {
  readonly name: string;
  readonly expression: Expression;
  readonly span: Span;
}

export interface OrderBy {
  readonly expression: Expression;
  readonly direction: 'ASC' | 'DESC';
  readonly span: Span;
}

export interface EntityNode {
  readonly kind: 'entity';
  /** The entity key as written (`events`, `discover_events`, …). */
  readonly entity: string;
  /** Only inside a join: the `e` of `(e: events)`. */
  readonly alias?: string;
  readonly sample?: number;
  readonly span: Span;
}

export interface StorageSource {
  readonly kind: 'storage';
  readonly storage: string;
  readonly sample?: number;
  readonly span: Span;
}

export interface JoinRelationship {
  readonly lhs: EntityNode;
  readonly relationship: string;
  readonly rhs: EntityNode;
  readonly span: Span;
}

export interface JoinSource {
  readonly kind: 'join';
  readonly relationships: readonly JoinRelationship[];
  readonly span: Span;
}

export interface SubquerySource {
  readonly kind: 'subquery';
  readonly query: Query;
  readonly span: Span;
}

export type DataSource = EntityNode | StorageSource | JoinSource | SubquerySource;

export interface LimitBy {
  readonly limit: number;
  /** Columns as written; after alias expansion, what an alias among them stands for. */
  readonly columns: readonly Expression[];
  readonly span: Span;
}

export interface IntClause {
  readonly value: number;
  readonly span: Span;
}

/** One SnQL query, clause by clause, as written (BY is still separate from SELECT here). */
export interface Query {
  readonly kind: 'query';
  readonly from: DataSource;
  readonly select: readonly SelectedExpression[];
  readonly groupBy: readonly SelectedExpression[];
  readonly arrayJoin: readonly Expression[];
  readonly where: Expression | null;
  readonly having: Expression | null;
  readonly orderBy: readonly OrderBy[];
  readonly limitBy: LimitBy | null;
  readonly limit: IntClause | null;
  readonly offset: IntClause | null;
  readonly granularity: IntClause | null;
  readonly totals: boolean | null;
  readonly span: Span;
}
