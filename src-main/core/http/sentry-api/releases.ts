/**
 * Releases through Sentry's web API (`/organizations/{org}/releases/`, `/projects/{org}/{project}/releases/`):
 * the releases an event named (the `releases` table), one per version across projects as Sentry's
 * organization-level releases are, newest first, `query` a case-insensitive substring of the version,
 * paged with Sentry's cursors. In Sentry's `ReleaseSerializer` shape: `firstEvent` is when an event first
 * named it, `lastEvent` the latest such event in the index, `newGroups` the issues it is the first release of.
 */
import type { Project } from '../../../../src-shared/api.ts';
import type { CoreContext } from '../../context.ts';
import { streamProjects } from './issues.ts';
import { assertOrganization } from './organization.ts';
import { type Page, pageHeaders, pageOf } from './pagination.ts';
import { resolveProject } from './projects.ts';
import { type ApiReply, type ApiRequest, type Endpoint, ok } from './request.ts';
import { scopeConditions, snqlRows, snqlString } from './snql-text.ts';

interface ReleaseRow {
  id: number;
  project_id: number;
  version: string;
  date_added: number;
}

interface Release {
  id: number;
  version: string;
  dateCreated: number;
  projectIds: number[];
}

/** Every version of these projects matching `query`, newest first, each with the projects that have it. */
function releasesOf(ctx: CoreContext, projectIds: number[], query: string): Release[] {
  const rows = ctx.db
    .prepare<unknown[], ReleaseRow>(
      `SELECT id, project_id, version, date_added FROM releases
       WHERE project_id IN (${projectIds.map(() => '?').join(', ')}) AND instr(lower(version), lower(?)) > 0
       ORDER BY date_added DESC, id DESC`,
    )
    .all(...projectIds, query);
  const byVersion = new Map<string, Release>();
  for (const row of rows) {
    const release = byVersion.get(row.version);
    if (release) {
      release.projectIds.push(row.project_id);
      release.dateCreated = Math.min(release.dateCreated, row.date_added);
    } else
      byVersion.set(row.version, {
        id: row.id,
        version: row.version,
        dateCreated: row.date_added,
        projectIds: [row.project_id],
      });
  }
  return [...byVersion.values()];
}

/** Issues first seen in each (project, version): Sentry's `ReleaseProject.new_groups`. */
function newGroups(ctx: CoreContext, releases: Release[]): Map<string, number> {
  const out = new Map<string, number>();
  if (releases.length === 0) return out;
  const versions = releases.map((r) => r.version);
  const rows = ctx.db
    .prepare<string[], { project_id: number; first_release: string; n: number }>(
      `SELECT project_id, first_release, count(*) AS n FROM groups
       WHERE first_release IN (${versions.map(() => '?').join(', ')}) GROUP BY project_id, first_release`,
    )
    .all(...versions);
  for (const row of rows) out.set(`${row.project_id}\u0000${row.first_release}`, row.n);
  return out;
}

/** The latest event of each version in the event index, within the releases' own span of time. */
async function lastEvents(ctx: CoreContext, projectIds: number[], releases: Release[]) {
  const out = new Map<string, string>();
  if (releases.length === 0) return out;
  const start = Math.min(...releases.map((r) => r.dateCreated));
  const where = [
    ...scopeConditions(projectIds, { start, end: Date.now() }),
    `release IN tuple(${releases.map((r) => snqlString(r.version)).join(', ')})`,
  ];
  const rows = await snqlRows(
    ctx,
    `MATCH (events) SELECT max(timestamp) AS last BY release WHERE ${where.join(' AND ')}`,
  );
  for (const row of rows) out.set(String(row.release), new Date(String(row.last)).toISOString());
  return out;
}

function releaseJson(
  release: Release,
  projects: Map<number, Project>,
  groups: Map<string, number>,
  lastEvent: string | undefined,
) {
  const created = new Date(release.dateCreated).toISOString();
  const perProject = release.projectIds.map((id) => groups.get(`${id}\u0000${release.version}`) ?? 0);
  return {
    id: release.id,
    version: release.version,
    shortVersion: release.version,
    status: 'open',
    ref: null,
    url: null,
    dateReleased: null,
    dateCreated: created,
    data: {},
    newGroups: perProject.reduce((sum, n) => sum + n, 0),
    owner: null,
    commitCount: 0,
    lastCommit: null,
    deployCount: 0,
    lastDeploy: null,
    authors: [],
    firstEvent: created,
    lastEvent: lastEvent ?? created,
    currentProjectMeta: {},
    userAgent: null,
    projects: release.projectIds.flatMap((id, i) => {
      const project = projects.get(id);
      if (!project) return [];
      return [
        {
          id: project.id,
          slug: project.slug,
          name: project.name,
          newGroups: perProject[i] ?? 0,
          platform: null,
          platforms: [],
          hasHealthData: false,
        },
      ];
    }),
  };
}

async function releasePage(
  ctx: CoreContext,
  projects: Project[],
  query: URLSearchParams,
  page: Page,
  url: URL,
) {
  const all =
    projects.length === 0
      ? []
      : releasesOf(
          ctx,
          projects.map((p) => p.id),
          query.get('query') ?? '',
        );
  const shown = all.slice(page.offset, page.offset + page.limit);
  const groups = newGroups(ctx, shown);
  const last = await lastEvents(
    ctx,
    projects.map((p) => p.id),
    shown,
  );
  const byId = new Map(ctx.projects.list().map((p) => [p.id, p]));
  const body = shown.map((release) => releaseJson(release, byId, groups, last.get(release.version)));
  return ok(body, pageHeaders(url, page, all.length));
}

async function organizationReleases({ ctx, params, query, url }: ApiRequest): Promise<ApiReply> {
  assertOrganization(params.org);
  return releasePage(ctx, streamProjects(ctx, query), query, pageOf(query), url);
}

async function projectReleases({ ctx, params, query, url }: ApiRequest): Promise<ApiReply> {
  const project = resolveProject(ctx, params.org, params.project);
  return releasePage(ctx, [project], query, pageOf(query), url);
}

export const releaseEndpoints: Record<string, Endpoint> = { organizationReleases, projectReleases };
