/**
 * Sentry's "Unhandled" mark of an issue (`isUnhandled` of its group serializer): whether the
 * issue's latest event in a recent window has an exception whose mechanism says `handled: false`
 * (Snuba's `argMax(has(exception_stacks.mechanism_handled, 0), timestamp)`). The window is
 * Sentry's: from a day before the oldest last-seen of the issues shown, but at least the last 14
 * days and at most the last 90.
 */
import type { IssueSummary } from '../../../../src-shared/issues-api.ts';
import { indexWhere } from './index-conditions.ts';

const DAY_MS = 86_400_000;

/** Where Sentry starts looking for the latest event of these issues. */
function unhandledSince(lastSeens: readonly number[], now: number): number {
  if (lastSeens.length === 0) return now - 30 * DAY_MS;
  const oldest = Math.min(...lastSeens);
  return Math.max(Math.min(oldest - DAY_MS, now - 14 * DAY_MS), now - 90 * DAY_MS);
}

/** The DuckDB query (on `errors`) answering, per group, whether its latest event is unhandled. */
export function unhandledQuery(
  projectId: number,
  groupIds: readonly number[],
  since: number,
): { sql: string; params: Record<string, string | number> } {
  const where = indexWhere(projectId, since, []);
  const ids = groupIds.map((id) => Math.trunc(id)).join(', ');
  return {
    sql: `SELECT group_id, arg_max(coalesce(list_contains("exception_stacks.mechanism_handled", 0), false), "timestamp")
          FROM errors WHERE ${where.sql} AND group_id IN (${ids}) GROUP BY group_id`,
    params: where.params,
  };
}

/** A pipeline call that answers `unhandledQuery` (the worker owns DuckDB). */
export type UnhandledLookup = (args: {
  projectId: number;
  groupIds: number[];
  since: number;
}) => Promise<{ unhandled: number[] }>;

/** The issues with `isUnhandled` set, as Sentry's stream and issue page show it. */
export async function markUnhandled<T extends IssueSummary>(
  issues: T[],
  now: number,
  lookup: UnhandledLookup,
): Promise<T[]> {
  const first = issues[0];
  if (!first) return issues;
  const { unhandled } = await lookup({
    projectId: first.projectId,
    groupIds: issues.map((issue) => issue.id),
    since: unhandledSince(
      issues.map((issue) => Date.parse(issue.lastSeen)),
      now,
    ),
  });
  const marked = new Set(unhandled);
  return issues.map((issue) => ({ ...issue, isUnhandled: marked.has(issue.id) }));
}
