/**
 * The issue streams of Sentry's web API: `GET /projects/{org}/{project}/issues/` and
 * `GET /organizations/{org}/issues/`, over the core's `issues.list` (the same search, sorts and
 * direct hit the UI uses), paged with Sentry's cursors.
 */
import type { Project } from '../../../../src-shared/api.ts';
import { valuesFilter } from '../../../../src-shared/issue-search/index.ts';
import {
  ISSUE_SORTS,
  type IssueList,
  type IssueSort,
  type IssueSummary,
  STATS_PERIODS,
  type StatsPeriod,
} from '../../../../src-shared/issues-api.ts';
import type { CoreContext } from '../../context.ts';
import { listEnvironments } from '../../environments/store.ts';
import { groupJson, groupStats, listStats } from './group-json.ts';
import { assertOrganization } from './organization.ts';
import { type Page, pageHeaders, pageOf } from './pagination.ts';
import { resolveProject } from './projects.ts';
import {
  type ApiReply,
  type ApiRequest,
  callCore,
  type Endpoint,
  NOT_FOUND,
  ok,
  SentryApiError,
} from './request.ts';
import { absoluteRangeOf, isoRange } from './time-range.ts';

/** The project stream's implied search, as its endpoint documents it. */
const PROJECT_DEFAULT_QUERY = 'is:unresolved';
/** The organization stream's (`DEFAULT_QUERY` of Sentry's group index helpers). */
const ORGANIZATION_DEFAULT_QUERY = 'is:unresolved issue.priority:[high, medium]';
/**
 * Sentry's project stream spans the retention; Faultline's longest period is Sentry's 90 days (with 30
 * it left out the issues last seen before, which a longer retention keeps).
 */
const PROJECT_LIST_PERIOD: StatsPeriod = '90d';
/** The cross-project merge reads at most this far (the core's largest page). */
const MAX_MERGED = 1000;

function sortOf(query: URLSearchParams): IssueSort {
  const sort = query.get('sort') ?? 'date';
  if (!(ISSUE_SORTS as readonly string[]).includes(sort))
    throw new SentryApiError(400, `Invalid sort: '${sort}' (Faultline sorts by ${ISSUE_SORTS.join(', ')})`);
  return sort as IssueSort;
}

/** The sparklines' period: `24h` unless given; `''` turns them off. */
function groupStatsPeriod(value: string | null): StatsPeriod | undefined {
  if (value === null) return '24h';
  if (value === '') return undefined;
  if (value !== '24h' && value !== '14d')
    throw new SentryApiError(400, "Invalid stats_period. Valid choices are '', '24h', and '14d'");
  return value;
}

function searchOf(query: URLSearchParams, fallback: string): string {
  const text = query.get('query');
  return text === null ? fallback : text.trim();
}

/**
 * The stream's rows; a project's stream counts all time, as Sentry's project stream does. Under
 * environments the graphs are the list's (asked in `stats`' buckets), of those environments' events.
 */
function rows(
  ctx: CoreContext,
  issues: IssueSummary[],
  stats: StatsPeriod | undefined,
  allTime: boolean,
  environments: readonly string[],
) {
  const statsById = !stats
    ? undefined
    : environments.length > 0
      ? listStats(issues, stats)
      : groupStats(
          ctx,
          issues.map((i) => i.id),
          [stats],
        );
  return issues.map((issue) => {
    const shown: IssueSummary =
      allTime && issue.lifetime ? { ...issue, ...issue.lifetime, filtered: issue.filtered ?? null } : issue;
    if (allTime) delete shown.lifetime;
    const statsOfIssue = statsById?.get(issue.id);
    return groupJson(ctx, shown, statsOfIssue && stats ? statsOfIssue : undefined);
  });
}

/**
 * A direct hit (the search is an event id, or with `shortIdLookup=1` a short id) answers that one
 * issue with `X-Sentry-Direct-Hit: 1`; a hit the endpoint does not look up finds nothing, as Sentry's
 * search for that text would.
 */
function directHitReply(
  ctx: CoreContext,
  list: IssueList,
  accept: (hit: NonNullable<IssueList['directHit']>) => boolean,
  stats: StatsPeriod | undefined,
  allTime: boolean,
  environments: readonly string[],
): ApiReply | undefined {
  const hit = list.directHit;
  if (!hit) return undefined;
  if (!accept(hit)) return ok([], { 'x-hits': '0' });
  const [row] = rows(ctx, list.issues, stats, allTime, environments);
  const body = row ? [{ ...row, ...(hit.eventId ? { matchingEventId: hit.eventId } : {}) }] : [];
  return ok(body, { 'x-sentry-direct-hit': '1' });
}

const environmentNames = (query: URLSearchParams) => [
  ...new Set(query.getAll('environment').filter((name) => name !== '')),
];

/**
 * The project stream's environment: one, the last given (Django's `request.GET.get`, as Sentry's
 * `_get_environment_from_request` reads it); one no event names lists nothing, as Sentry answers an
 * environment that does not exist there.
 */
function projectEnvironments(query: URLSearchParams): string[] {
  const last = environmentNames(query).at(-1);
  return last === undefined ? [] : [last];
}

/**
 * The organization stream's environments (Sentry's `get_environments`): every one given, each an
 * environment of the organization (named by an event, transaction, streamed span or check-in of one of
 * its projects: environments/store.ts), else 404.
 */
export async function organizationEnvironments(ctx: CoreContext, query: URLSearchParams): Promise<string[]> {
  const names = environmentNames(query);
  if (names.length === 0) return names;
  // Hidden ones too: hiding an environment keeps it out of the selectors, not out of searches.
  const known = new Set(listEnvironments(ctx.db, null, 'all').map(({ name }) => name));
  if (names.some((name) => !known.has(name))) throw new SentryApiError(404, NOT_FOUND);
  return names;
}

/**
 * Sentry's `environment` parameter where the endpoint's search narrows the same events: it joins the
 * search (`environment:[…]`), each an environment of the organization, else 404.
 */
export async function environmentAsSearch(ctx: CoreContext, query: URLSearchParams): Promise<void> {
  if (query.getAll('environment').every((name) => name === '')) return;
  const condition = valuesFilter('environment', await organizationEnvironments(ctx, query));
  query.set('query', `${query.get('query') ?? ''} ${condition}`.trim());
  query.delete('environment');
}

async function projectIssues({ ctx, params, query, url }: ApiRequest): Promise<ApiReply> {
  const project = resolveProject(ctx, params.org, params.project);
  const environments = projectEnvironments(query);
  const stats = groupStatsPeriod(query.get('statsPeriod'));
  const page = pageOf(query);
  const list = await callCore(ctx, 'issues.list', {
    projectId: project.id,
    query: searchOf(query, PROJECT_DEFAULT_QUERY),
    sort: sortOf(query),
    period: PROJECT_LIST_PERIOD,
    environments,
    ...(stats ? { graphPeriod: stats } : {}),
    // A range narrows the stream to the issues seen in it; the rows keep their all-time counts.
    ...rangeParams(query),
    offset: page.offset,
    limit: page.limit,
    // Sentry's group JSON carries the filtered counts, not the UI's per-bucket series.
    filteredStats: false,
  });
  const shortIds = query.get('shortIdLookup') === '1';
  const hit = directHitReply(
    ctx,
    list,
    (h) => h.projectId === project.id && (h.eventId !== undefined || shortIds),
    stats,
    true,
    environments,
  );
  return hit ?? ok(rows(ctx, list.issues, stats, true, environments), pageHeaders(url, page, list.total));
}

/**
 * The projects an organization endpoint covers: `project` ids, none or `-1` meaning all. A slug is
 * taken too (Sentry asks for ids; older clients of Sentry's MCP server send slugs).
 */
export function streamProjects(ctx: CoreContext, query: URLSearchParams): Project[] {
  const all = ctx.projects.list();
  const asked = query.getAll('project').filter((id) => id !== '' && id !== '-1');
  if (asked.length === 0) return all;
  return asked.map((id) => {
    const project = all.find((p) => String(p.id) === id || p.slug === id);
    if (!project) throw new SentryApiError(403, 'You do not have permission to perform this action.');
    return project;
  });
}

/** An absolute range as the core takes it (ISO instants). */
function rangeParams(query: URLSearchParams): { start: string; end: string } | Record<string, never> {
  const range = absoluteRangeOf(query);
  return range ? isoRange(range) : {};
}

/**
 * The organization stream's time: `statsPeriod`, else `start` and `end` (`get_date_range_from_params`,
 * where a period wins over a range), else 14 days.
 */
function listTime(query: URLSearchParams): { period: StatsPeriod; start?: string; end?: string } {
  const period = query.get('statsPeriod');
  return period ? { period: listPeriod(period) } : { period: '14d', ...rangeParams(query) };
}

function listPeriod(period: string): StatsPeriod {
  if (!(STATS_PERIODS as readonly string[]).includes(period))
    throw new SentryApiError(
      400,
      `Invalid statsPeriod: '${period}' (Faultline keeps ${STATS_PERIODS.join(', ')})`,
    );
  return period as StatsPeriod;
}

const SORT_VALUE: Record<IssueSort, (issue: IssueSummary) => number> = {
  date: (issue) => Date.parse(issue.periodLastSeen ?? issue.lastSeen),
  new: (issue) => Date.parse(issue.firstSeen),
  freq: (issue) => issue.filtered?.count ?? issue.count,
  user: (issue) => issue.filtered?.userCount ?? issue.userCount,
};

/**
 * One page over several projects: each project's list up to the page's end, merged by the sort
 * (ties newest id first, as each list orders them). Faultline's projects are few.
 */
async function mergedList(
  ctx: CoreContext,
  projects: Project[],
  input: {
    query: string;
    sort: IssueSort;
    period: StatsPeriod;
    start?: string;
    end?: string;
    environments: string[];
  },
  page: Page,
): Promise<IssueList> {
  const end = Math.min(page.offset + page.limit, MAX_MERGED);
  const lists = await Promise.all(
    projects.map((p) => callCore(ctx, 'issues.list', { ...input, projectId: p.id, offset: 0, limit: end })),
  );
  const hit = lists.find((list) => list.directHit);
  if (hit) return hit;
  const key = SORT_VALUE[input.sort];
  const merged = lists.flatMap((list) => list.issues).sort((a, b) => key(b) - key(a) || b.id - a.id);
  return {
    issues: merged.slice(page.offset, end),
    total: lists.reduce((sum, list) => sum + list.total, 0),
    offset: page.offset,
  };
}

/**
 * The organization stream's page over its projects: one project's list as it is, several merged by
 * the sort. Dashboards' issue widgets read it too, so they show what the stream shows.
 */
export async function organizationList(
  ctx: CoreContext,
  projects: Project[],
  input: Parameters<typeof mergedList>[2] & { graphPeriod?: StatsPeriod; filteredStats?: boolean },
  page: Page,
): Promise<IssueList> {
  const [only] = projects;
  return projects.length === 1 && only
    ? callCore(ctx, 'issues.list', { ...input, projectId: only.id, offset: page.offset, limit: page.limit })
    : mergedList(ctx, projects, input, page);
}

async function organizationIssues({ ctx, params, query, url }: ApiRequest): Promise<ApiReply> {
  assertOrganization(params.org);
  const projects = streamProjects(ctx, query);
  const stats = groupStatsPeriod(query.get('groupStatsPeriod'));
  const page = pageOf(query);
  const environments = await organizationEnvironments(ctx, query);
  const input = {
    query: searchOf(query, ORGANIZATION_DEFAULT_QUERY),
    sort: sortOf(query),
    ...listTime(query),
    environments,
    ...(stats ? { graphPeriod: stats } : {}),
    filteredStats: false,
  };
  const list = await organizationList(ctx, projects, input, page);
  const ids = new Set(projects.map((p) => p.id));
  const shortIds = query.get('shortIdLookup') === '1';
  const hit = directHitReply(
    ctx,
    list,
    (h) => ids.has(h.projectId) && (h.eventId !== undefined || shortIds),
    stats,
    false,
    environments,
  );
  return hit ?? ok(rows(ctx, list.issues, stats, false, environments), pageHeaders(url, page, list.total));
}

export const issueListEndpoints: Record<string, Endpoint> = { projectIssues, organizationIssues };
