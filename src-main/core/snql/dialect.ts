/**
 * The seam between SnQL translation and a SQL engine. `translate.ts` walks a validated query and
 * decides the shape (relations, hoisted array joins, grouping, ordering); a `SqlDialect` decides
 * the engine's spelling: identifiers, placeholders, storage relations, column mappers (Snuba's
 * entity → storage translation), time buckets and the ClickHouse function set. DuckDB is the one
 * engine today (duckdb-dialect.ts); another engine is another object of this type.
 */
import type { Expression } from '../../../src-shared/snql/ast.ts';
import type { EntitySchema } from '../../../src-shared/snql/entities/schema.ts';

/** What the translator knows about an expression's value, coarse enough for every engine. */
export type SqlKind =
  | 'bool'
  | 'int'
  | 'float'
  | 'string'
  | 'datetime'
  | 'uuid'
  | 'array'
  | 'struct'
  | 'null'
  | 'any';

export interface SqlExpr {
  readonly sql: string;
  readonly kind: SqlKind;
  /** The ClickHouse type Snuba would report in `meta`, when the translator knows it. */
  readonly type?: string;
  /** For UUID columns: the raw column, for conditions (Snuba's UUIDColumnProcessor). */
  readonly rawUuid?: string;
  /** For `span_id`: the raw integer column, for conditions (HexIntColumnProcessor). */
  readonly rawHexInt?: string;
  /** Whether the value may be NULL (ClickHouse's Nullable); when unset, read from `type`. */
  readonly nullable?: boolean;
  /**
   * For `tuple(…)` and `array(…)`: the rendered elements, so that `x IN tuple(1, 2)` can test
   * membership in them whatever the engine makes of the whole (a tuple is a struct).
   */
  readonly items?: readonly SqlExpr[];
}

/**
 * Whether a value is Nullable in ClickHouse's terms. It decides what an aggregate over no rows
 * gives (a non-Nullable argument gives its type's default, not NULL) and what TOTALS shows for a
 * grouping key.
 */
export function mayBeNull(e: SqlExpr): boolean {
  if (e.nullable !== undefined) return e.nullable;
  if (e.kind === 'null') return true;
  return e.type !== undefined && /^(?:LowCardinality\()?Nullable\(/.test(e.type);
}

/** A bound parameter: every literal of the query travels as one, never as SQL text. */
export type SqlParam =
  | { readonly type: 'string'; readonly value: string }
  | {
      readonly type: 'int';
      readonly value: bigint;
      /**
       * The ClickHouse integer type of the column the literal is compared with (`UInt64`), so an
       * engine can bind it as that type: the column is then compared as stored, not cast per row.
       */
      readonly columnType?: string;
    }
  | { readonly type: 'float'; readonly value: number }
  | { readonly type: 'bool'; readonly value: boolean }
  /** Naive UTC `YYYY-MM-DDTHH:MM:SS`. */
  | { readonly type: 'timestamp'; readonly value: string }
  /** Canonical dashed UUID text. */
  | { readonly type: 'uuid'; readonly value: string };

/** Collects parameters; equal values share one placeholder so repeated expressions stay identical. */
export interface ParamSink {
  add(param: SqlParam): string;
}

export interface FunctionArg {
  readonly expr: SqlExpr;
  readonly node: Expression;
}

/** What a function renderer may ask of the translator. */
export interface CallContext {
  readonly params: ParamSink;
  /** Renders a lambda argument over arrays (ClickHouse `arrayMap((x, y) -> …, a, b)`). */
  lambda(index: number): LambdaRender | undefined;
}

export interface LambdaRender {
  readonly params: readonly string[];
  /** The lambda's body rendered with its first parameter bound to an element of `arrays[0]`. */
  render(arrays: readonly SqlExpr[]): { sql: string; kind: SqlKind };
}

/** How a logical entity reads its storage (mandatory conditions included). */
export interface RelationSpec {
  readonly table: string;
  /** Snuba's mandatory storage conditions (`deleted = 0`), already in SQL. */
  readonly mandatory: readonly string[];
}

export interface SqlDialect {
  readonly name: string;
  ident(name: string): string;
  /** The SQL for a placeholder of parameter number `index` (1-based). */
  placeholder(index: number, param: SqlParam): string;
  relation(entity: EntitySchema): RelationSpec;
  /** `FROM` suffix for Snuba's SAMPLE: a ratio (0..1] or a row count (> 1). */
  sample(rate: number): string;
  /** `tags[k]`: the value at the key's index, `''` (or NULL) when the key is missing. */
  subscript(keys: string, values: string, key: string, nullIfMissing: boolean): string;
  /** Whether the hash list (`_tags_hash_map`) holds the hash: Snuba's `has(_tags_hash_map, h)`. */
  hashListHas(hashes: string, hash: string): string;
  uuidOut(column: string): string;
  hexIntOut(column: string): string;
  /** Snuba's UserColumnProcessor: an empty user reads as NULL. */
  userOut(column: string): string;
  ipAddress(v4: string, v6: string): string;
  /** Snuba's TimeSeriesProcessor: the bucket of a time column for a GRANULARITY in seconds. */
  timeBucket(column: string, granularitySeconds: number): string;
  arrayOf(value: string): string;
  /** Nested columns read whole (`tags`): an array of (key, value) tuples. */
  nested(subColumns: readonly string[]): string;
  unnest(array: string): string;
  /** One ClickHouse function call; throws SnqlError when the engine cannot express it. */
  call(name: string, args: readonly FunctionArg[], ctx: CallContext, node: Expression): SqlExpr;
  curried(
    name: string,
    initArgs: readonly FunctionArg[],
    args: readonly FunctionArg[],
    ctx: CallContext,
    node: Expression,
  ): SqlExpr;
  lambda(params: readonly string[], body: string): string;
  /** An expression used where a condition is needed (ClickHouse conditions are UInt8). */
  asBool(e: SqlExpr): string;
  /** A boolean in an output column reads as UInt8 0/1, as ClickHouse returns it. */
  boolOut(sql: string): string;
  /** A boolean used as a number (`equals(a, b) = 1`). */
  boolToInt(sql: string): string;
  /**
   * ClickHouse's default value of a non-Nullable expression's type (0, '', 1970-01-01 00:00:00,
   * []), as SQL, or null when the type has none the engine can spell.
   */
  typeDefault(e: SqlExpr): string | null;
  /** A GROUP BY / ORDER BY item: a bare constant (a parameter) must still be a valid key. */
  groupingKey(e: SqlExpr): string;
  /**
   * The parameters a statement actually uses, renumbered from 1 in order (a literal may be
   * rendered and then dropped, the TOTALS statement drops HAVING, ORDER BY and LIMIT BY, and an
   * engine may refuse a parameter it does not use).
   */
  keepUsedParams(sql: string): { sql: string; used: number[] };
  /** ClickHouse `LIMIT n BY cols` (after ORDER BY). */
  limitBy(limit: number, partition: readonly string[], orderBy: string): string;
}
