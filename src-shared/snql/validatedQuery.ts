/**
 * What validation hands to a translator: the query after Snuba's parse-time post-processing
 * (aliases expanded inline, `toDateTime('…')` folded to datetime literals, join columns qualified,
 * array-column conditions rewritten) with its sources resolved to entity schemas.
 */
import type { Expression, LimitBy, OrderBy, SelectedExpression, Span } from './ast.ts';
import type { EntitySchema, JoinRelationshipDef } from './entities/schema.ts';

export interface BoundEntity {
  /** The join alias (`e`), or null for a single-entity query. */
  readonly alias: string | null;
  /** The entity key as written (`discover` stays `discover` in messages). */
  readonly key: string;
  readonly schema: EntitySchema;
  readonly sample?: number;
  readonly span: Span;
}

export interface BoundJoin {
  readonly lhs: string;
  readonly relationship: string;
  readonly rhs: string;
  readonly definition: JoinRelationshipDef;
}

export type ValidatedSource =
  | { readonly kind: 'entity'; readonly entity: BoundEntity }
  | { readonly kind: 'join'; readonly entities: readonly BoundEntity[]; readonly joins: readonly BoundJoin[] }
  | { readonly kind: 'subquery'; readonly query: ValidatedQuery };

/** The narrowest `[from, to)` of an entity's required time column (naive UTC, seconds). */
export interface TimeRange {
  readonly entityAlias: string | null;
  readonly entity: string;
  readonly column: string;
  readonly from: string;
  readonly to: string;
}

export interface ValidatedQuery {
  readonly kind: 'validated_query';
  readonly source: ValidatedSource;
  /** BY expressions first, then SELECT: the order of the response columns. */
  readonly selected: readonly SelectedExpression[];
  readonly groupBy: readonly Expression[];
  readonly arrayJoin: readonly Expression[];
  readonly where: Expression | null;
  readonly having: Expression | null;
  readonly orderBy: readonly OrderBy[];
  readonly limitBy: LimitBy | null;
  /** Defaults (1000 / 0) apply to the outermost query only; inner queries keep null when unset. */
  readonly limit: number | null;
  readonly offset: number | null;
  readonly granularity: number | null;
  readonly totals: boolean;
  readonly timeRanges: readonly TimeRange[];
}

export interface ValidationOptions {
  /**
   * Validate as a subscription query: the subscription framework injects `project_id` and the
   * time window, so those are not required, but Snuba's subscription rules apply instead.
   */
  readonly subscription?: boolean;
}
