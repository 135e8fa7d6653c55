/**
 * Faultline's projects as Sentry's project endpoints show them (`ProjectSummarySerializer`, and the
 * detailed `ProjectSerializer` with its organization), found by slug or id as Sentry's
 * `{project_id_or_slug}` is.
 */
import type { Project } from '../../../../src-shared/api.ts';
import type { CoreContext } from '../../context.ts';
import { assertOrganization, organizationJson } from './organization.ts';
import { pageHeaders, pageOf } from './pagination.ts';
import { type Endpoint, NOT_FOUND, numericId, ok, SentryApiError } from './request.ts';

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

export function projectJson(project: Project) {
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
    environments: [],
    team: null,
    teams: [],
    latestRelease: null,
    access: ['project:read', 'project:write', 'event:read', 'event:write'],
  };
}

function detailedProjectJson(ctx: CoreContext, project: Project) {
  return { ...projectJson(project), organization: organizationJson(ctx) };
}

export const projectEndpoints: Record<string, Endpoint> = {
  /** `/organizations/{org}/projects/`: paged as sentry-cli pages it. */
  ofOrganization: ({ ctx, params, query, url }) => {
    assertOrganization(params.org);
    const all = ctx.projects.list();
    const page = pageOf(query);
    const rows = all.slice(page.offset, page.offset + page.limit).map(projectJson);
    return ok(rows, pageHeaders(url, page, all.length));
  },
  /** `/projects/`: every project the token sees, each with its organization. */
  list: ({ ctx, query, url }) => {
    const all = ctx.projects.list();
    const page = pageOf(query);
    const rows = all.slice(page.offset, page.offset + page.limit).map((p) => detailedProjectJson(ctx, p));
    return ok(rows, pageHeaders(url, page, all.length));
  },
  details: ({ ctx, params }) => ok(detailedProjectJson(ctx, resolveProject(ctx, params.org, params.project))),
};
