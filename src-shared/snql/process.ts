/**
 * Snuba's parse-time post-processing (`parse_snql_query` after the grammar): bind the MATCH to
 * entity schemas, check the LIMIT, validate and expand aliases, fold datetime literals, check
 * lambda identifiers, qualify join columns, rewrite array-column conditions and require the time
 * range. Each stage lives in its own file; this is the list of steps.
 */

import { expandAliases } from './aliases.ts';
import { rewriteArrayConditions } from './arrayConditions.ts';
import type { Column, Query } from './ast.ts';
import { parseDatetimeLiterals } from './datetimeLiterals.ts';
import { SnqlError } from './errors.ts';
import { qualifyJoinColumns } from './joins.ts';
import { validateLambdaIdentifiers } from './lambdas.ts';
import { partsOf } from './queryParts.ts';
import { bindEntity, bindJoin, bindStorage } from './sources.ts';
import { requireTimeRange } from './timeRange.ts';
import type {
  BoundEntity,
  TimeRange,
  ValidatedQuery,
  ValidatedSource,
  ValidationOptions,
} from './validatedQuery.ts';

export const DEFAULT_LIMIT = 1000;
export const MAX_LIMIT = 10000;

export function processQuery(
  query: Query,
  options: ValidationOptions = {},
  outermost = true,
): ValidatedQuery {
  const source = bindSource(query, options);
  const entities = boundEntities(source);
  checkLimit(query);
  checkGranularity(query);

  let parts = partsOf(query);
  parts = expandAliases(parts);
  parts = parseDatetimeLiterals(parts);
  validateLambdaIdentifiers(parts);
  if (source.kind === 'join') parts = qualifyJoinColumns(parts, new Set(entities.map((e) => e.alias ?? '')));
  parts = rewriteArrayConditions(parts, (column: Column) => entityFor(entities, column)?.schema);

  const timeRanges: TimeRange[] = [];
  if (!options.subscription) {
    for (const entity of entities) {
      const range = requireTimeRange(parts.where, entity);
      if (range) timeRanges.push(range);
    }
  }
  return {
    kind: 'validated_query',
    source,
    ...parts,
    limit: query.limit?.value ?? (outermost ? DEFAULT_LIMIT : null),
    offset: query.offset?.value ?? (outermost ? 0 : null),
    granularity: query.granularity?.value ?? null,
    totals: query.totals ?? false,
    timeRanges,
  };
}

function bindSource(query: Query, options: ValidationOptions): ValidatedSource {
  const from = query.from;
  switch (from.kind) {
    case 'entity':
      return { kind: 'entity', entity: bindEntity(from) };
    case 'storage':
      return bindStorage(from);
    case 'join':
      return bindJoin(from);
    case 'subquery':
      return { kind: 'subquery', query: processQuery(from.query, options, false) };
  }
}

export function boundEntities(source: ValidatedSource): BoundEntity[] {
  switch (source.kind) {
    case 'entity':
      return [source.entity];
    case 'join':
      return [...source.entities];
    case 'subquery':
      return [];
  }
}

/** The entity a column belongs to: its join alias, or the only entity. */
export function entityFor(entities: readonly BoundEntity[], column: Column): BoundEntity | undefined {
  if (entities.length === 1 && column.entityAlias === undefined) return entities[0];
  return entities.find((e) => e.alias === (column.entityAlias ?? null));
}

function checkLimit(query: Query): void {
  if (query.limit !== null && query.limit.value > MAX_LIMIT) {
    throw new SnqlError(
      'ParsingException',
      'limit_too_high',
      `queries cannot have a limit higher than ${MAX_LIMIT}`,
      query.limit.span,
    );
  }
}

/**
 * GRANULARITY is a bucket size in seconds: 0 or less would divide the time column by nothing or
 * make buckets run backwards (Snuba's TimeSeriesProcessor divides by it, and ClickHouse refuses).
 */
function checkGranularity(query: Query): void {
  if (query.granularity !== null && query.granularity.value <= 0) {
    throw new SnqlError(
      'InvalidGranularityException',
      'invalid_granularity',
      `granularity must be a positive number of seconds, not ${query.granularity.value}`,
      query.granularity.span,
    );
  }
}
