/**
 * Faultline's projects as Sentry's project endpoints show them (`ProjectSummarySerializer`, and the
 * detailed `ProjectSerializer` with its organization), found by slug or id as Sentry's
 * `{project_id_or_slug}` is.
 */
import type { Project } from '../../../../src-shared/api.ts';
import type { CoreContext } from '../../context.ts';
import { listProjectEnvironments } from '../../environments/store.ts';
import { groupingRulesProblems } from '../../settings/grouping-rules.ts';
import { assertOrganization, organizationJson } from './organization.ts';
import { pageHeaders, pageOf } from './pagination.ts';
import { callCore, type Endpoint, NOT_FOUND, numericId, ok, SentryApiError } from './request.ts';

/** The project a path names in Faultline's organization; 404 otherwise. */
export function resolveProject(
  ctx: CoreContext,
  org: string | undefined,
  slugOrId: string | undefined,
): Project {
  assertOrganization(org);
  const id = numericId(slugOrId ?? '');
  const project = ctx.projects.list().find((p) => p.slug === slugOrId || p.id === id);
  if (!project) throw new SentryApiError(404, NOT_FOUND);
  return project;
}

export function projectRef(project: Project) {
  return { id: String(project.id), name: project.name, slug: project.slug, platform: null };
}

/** Sentry's project summary; its `environments` are the visible ones' names, as its serializer lists them. */
export function projectJson(ctx: CoreContext, project: Project) {
  return {
    ...projectRef(project),
    dateCreated: project.createdAt,
    isBookmarked: false,
    isMember: true,
    hasAccess: true,
    isPublic: false,
    isInternal: false,
    status: 'active',
    features: [],
    firstEvent: project.firstEvent,
    firstTransactionEvent: false,
    hasMinifiedStackTrace: false,
    environments: listProjectEnvironments(ctx.db, project.id).map(({ name }) => name),
    team: null,
    teams: [],
    latestRelease: null,
    access: ['project:read', 'project:write', 'event:read', 'event:write'],
  };
}

function detailedProjectJson(ctx: CoreContext, project: Project) {
  return { ...projectJson(ctx, project), organization: organizationJson(ctx) };
}

/**
 * A project's details (Sentry's `DetailedProjectSerializer`), with the options Faultline keeps
 * among Sentry's: the grouping rules (`sentry:fingerprinting_rules`, `sentry:grouping_enhancements`).
 */
async function projectDetailsJson(ctx: CoreContext, project: Project) {
  const rules = await callCore(ctx, 'projects.getGroupingRules', { projectId: project.id });
  return {
    ...detailedProjectJson(ctx, project),
    fingerprintingRules: rules.fingerprintingRules,
    groupingEnhancements: rules.groupingEnhancements,
  };
}

/** The grouping rules a PUT body sets; a field of another type is Sentry's field error. */
function groupingRulesOf(body: unknown): { fingerprintingRules?: string; groupingEnhancements?: string } {
  const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {};
  const change: { fingerprintingRules?: string; groupingEnhancements?: string } = {};
  for (const key of ['fingerprintingRules', 'groupingEnhancements'] as const) {
    const value = (fields as Record<string, unknown>)[key];
    if (value === undefined) continue;
    // Sentry's serializer reads null as an empty text (no rules).
    if (value !== null && typeof value !== 'string')
      throw new SentryApiError(400, { [key]: ['Not a valid string.'] });
    change[key] = value ?? '';
  }
  return change;
}

/**
 * `PUT /projects/{org}/{project}/`: the grouping rules, refused with Sentry's field error (400,
 * `{"fingerprintingRules": ["Invalid syntax near …"]}`) when a text does not parse. Other fields
 * are ignored: Faultline's other project settings have their own pages.
 */
async function updateProject({ ctx, params, body }: Parameters<Endpoint>[0]) {
  const project = resolveProject(ctx, params.org, params.project);
  const change = groupingRulesOf(body);
  const problems = Object.entries(groupingRulesProblems(change));
  if (problems.length > 0)
    throw new SentryApiError(400, Object.fromEntries(problems.map(([key, problem]) => [key, [problem]])));
  if (Object.keys(change).length > 0)
    await callCore(ctx, 'projects.setGroupingRules', { projectId: project.id, ...change });
  return ok(await projectDetailsJson(ctx, project));
}

export const projectEndpoints: Record<string, Endpoint> = {
  /** `/organizations/{org}/projects/`: paged as sentry-cli pages it. */
  ofOrganization: ({ ctx, params, query, url }) => {
    assertOrganization(params.org);
    const all = ctx.projects.list();
    const page = pageOf(query);
    const rows = all.slice(page.offset, page.offset + page.limit).map((project) => projectJson(ctx, project));
    return ok(rows, pageHeaders(url, page, all.length));
  },
  /** `/projects/`: every project the token sees, each with its organization. */
  list: ({ ctx, query, url }) => {
    const all = ctx.projects.list();
    const page = pageOf(query);
    const rows = all.slice(page.offset, page.offset + page.limit).map((p) => detailedProjectJson(ctx, p));
    return ok(rows, pageHeaders(url, page, all.length));
  },
  details: async ({ ctx, params }) =>
    ok(await projectDetailsJson(ctx, resolveProject(ctx, params.org, params.project))),
  update: updateProject,
};
