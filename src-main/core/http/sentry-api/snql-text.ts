/**
 * Sentry's Discover-backed endpoints written as SnQL on the `events` entity and run through the
 * console's own executor (`snql.query`, in the pipeline worker), as Sentry's query builder sends
 * SnQL to Snuba. Values are written as SnQL string literals, escaped as Snuba's parser reads them.
 */
import type { SnqlRow } from '../../../../src-shared/snql-api.ts';
import type { CoreContext } from '../../context.ts';
import { callCore, SentryApiError } from './request.ts';
import type { TimeRange } from './time-range.ts';

/** A SnQL string literal: Snuba reads `\\` as a backslash and `\'` as a quote. */
export function snqlString(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

function dateTime(ms: number): string {
  return `toDateTime('${new Date(ms).toISOString().slice(0, 19)}')`;
}

/** The conditions every query of these endpoints carries: its projects and time range (whole seconds). */
export function scopeConditions(projectIds: readonly number[], range: TimeRange): string[] {
  return [
    `project_id IN tuple(${projectIds.join(', ')})`,
    `timestamp >= ${dateTime(Math.floor(range.start / 1000) * 1000)}`,
    `timestamp < ${dateTime(Math.ceil(range.end / 1000) * 1000 + 1000)}`,
  ];
}

/**
 * The rows of a query; a query the engine refuses or that fails is Sentry's 400 (its query errors
 * are `ParseError`s), a timeout Sentry's timeout text.
 */
export async function snqlRows(ctx: CoreContext, query: string): Promise<SnqlRow[]> {
  const response = await callCore(ctx, 'snql.query', { query });
  if ('error' in response) {
    if (response.error.type === 'timeout')
      throw new SentryApiError(400, 'Query timeout. Please try with a smaller date range or fewer projects.');
    throw new SentryApiError(400, `Invalid query. ${response.error.message}`);
  }
  return response.data;
}
