/**
 * Issue widgets' data, as Sentry's issues dataset config reads it: a table is the organization's
 * issue stream (`/organizations/{org}/issues/`, read here through the same `organizationList` over the
 * core's `issues.list`: the same search, sorts and counts as the issue list), each group made a row as
 * `transformIssuesResponseToTable` makes it; a chart is Sentry's issues-timeseries — the issues first
 * seen (`count(new_issues)`) or resolved (`count(resolved_issues)`) in each bucket of the range.
 */
import type {
  IssueSeries,
  IssueSeriesQuery,
  IssueWidgetQuery,
  IssueWidgetRow,
  IssueWidgetTable,
} from '../../../src-shared/dashboards-api.ts';
import { FaultlineError } from '../../../src-shared/errors.ts';
import { type IssueSummary, STATS_PERIODS, type StatsPeriod } from '../../../src-shared/issues-api.ts';
import type { CoreContext } from '../context.ts';
import { organizationList, streamProjects } from '../http/sentry-api/issues.ts';
import { SentryApiError } from '../http/sentry-api/request.ts';
import { bucketsOf, rollupOf } from '../http/sentry-api/stats-buckets.ts';
import { type TimeRange, timeRangeOf } from '../http/sentry-api/time-range.ts';
import { GroupStatus } from '../issues/types.ts';
import { stmt } from '../store/statements.ts';

/** The page filters as the organization endpoints' parameters. */
function filterSearch(params: Omit<IssueWidgetQuery, 'query' | 'sort' | 'limit'>): URLSearchParams {
  const search = new URLSearchParams();
  for (const id of params.project ?? []) search.append('project', String(id));
  if (params.statsPeriod) search.set('statsPeriod', params.statsPeriod);
  if (params.start) search.set('start', params.start);
  if (params.end) search.set('end', params.end);
  return search;
}

/** The issue list's period for the page's: one of its own, else an absolute range over the same time. */
function listTime(
  params: IssueWidgetQuery,
  now: number,
): { period: StatsPeriod; start?: string; end?: string } {
  const period = STATS_PERIODS.find((p) => p === params.statsPeriod);
  if (period) return { period };
  const range = rangeOf(params, now);
  return {
    period: '14d',
    start: new Date(range.start).toISOString(),
    end: new Date(range.end).toISOString(),
  };
}

/** The page's projects (all when none), each the organization's, else Sentry's 403. */
function projectsOf(ctx: CoreContext, params: Omit<IssueWidgetQuery, 'query' | 'sort' | 'limit'>) {
  try {
    return streamProjects(ctx, filterSearch(params));
  } catch (error) {
    if (error instanceof SentryApiError) throw new FaultlineError('forbidden', error.message);
    throw error;
  }
}

function rangeOf(params: Omit<IssueWidgetQuery, 'query' | 'sort' | 'limit'>, now: number): TimeRange {
  try {
    return timeRangeOf(filterSearch(params), now);
  } catch (error) {
    if (error instanceof SentryApiError) throw new FaultlineError('invalid_query', error.message);
    throw error;
  }
}

/** A group as an issue table's row (Sentry's `transformIssuesResponseToTable`). */
export function issueRow(issue: IssueSummary): IssueWidgetRow {
  return {
    id: String(issue.id),
    projectId: issue.projectId,
    issue: issue.shortId,
    assignee: null,
    title: issue.title,
    level: issue.level,
    status: issue.status,
    platform: issue.platform,
    isBookmarked: issue.isBookmarked,
    isHandled: issue.isUnhandled !== true,
    lastSeen: issue.periodLastSeen ?? issue.lastSeen,
    firstSeen: issue.firstSeen,
    events: issue.filtered?.count ?? issue.count,
    users: issue.filtered?.userCount ?? issue.userCount,
    lifetimeEvents: issue.lifetime?.count ?? issue.count,
    lifetimeUsers: issue.lifetime?.userCount ?? issue.userCount,
    project: issue.projectSlug,
    links: '',
  };
}

/** An issue table: the stream's first `limit` issues for the search and sort, under the page's filters. */
export async function issueWidgetTable(
  ctx: CoreContext,
  params: IssueWidgetQuery,
  now = Date.now(),
): Promise<IssueWidgetTable> {
  const projects = projectsOf(ctx, params);
  const list = await organizationList(
    ctx,
    projects,
    {
      query: params.query,
      sort: params.sort,
      ...listTime(params, now),
      environments: params.environment ?? [],
      filteredStats: false,
    },
    { offset: 0, limit: params.limit, page: 0 },
  );
  // A direct hit (a short id or event id as the search) is the one issue, as the stream answers it.
  return { data: list.issues.map(issueRow), total: list.total };
}

const AXIS_COLUMN = {
  'count(new_issues)': { column: 'first_seen', where: '' },
  'count(resolved_issues)': { column: 'resolved_at', where: `AND status = ${GroupStatus.RESOLVED}` },
} as const;

/**
 * Sentry's issues-timeseries: for each Y-axis, the issues of the page's projects whose first seen
 * (new) or resolution (resolved, still resolved) falls in each bucket, every bucket of the range
 * answered, zero when none. The environments are not applied: a group here keeps no first seen per
 * environment.
 */
export function issueSeries(ctx: CoreContext, params: IssueSeriesQuery, now = Date.now()): IssueSeries {
  const range = rangeOf(params, now);
  const rollup = rollupOf(params.interval ?? null, range, 0);
  const { keys } = bucketsOf(range, rollup, true);
  const projects = projectsOf(ctx, params).map((p) => p.id);
  const timeSeries = params.yAxis.map((axis) => {
    const { column, where } = AXIS_COLUMN[axis];
    const rows = stmt(
      ctx.db,
      `SELECT (${column} / 1000 / CAST(? AS INTEGER)) * CAST(? AS INTEGER) AS bucket, count(*) AS n FROM groups
         WHERE project_id IN (SELECT value FROM json_each(?)) AND ${column} >= ? AND ${column} <= ? ${where}
         GROUP BY bucket`,
    ).all(rollup, rollup, JSON.stringify(projects), range.start, range.end) as {
      bucket: number;
      n: number;
    }[];
    const counts = new Map(rows.map((row) => [row.bucket, row.n]));
    return {
      yAxis: axis,
      values: keys.map((key) => ({
        timestamp: key * 1000,
        value: counts.get(key) ?? 0,
        incomplete: false as const,
      })),
      meta: { interval: rollup * 1000, valueType: 'integer' as const, valueUnit: null },
    };
  });
  return { timeSeries, meta: { dataset: 'issue', start: range.start, end: range.end } };
}
