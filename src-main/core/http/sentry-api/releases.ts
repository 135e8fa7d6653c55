/**
 * Releases through Sentry's web API (`/organizations/{org}/releases/`, `/projects/{org}/{project}/releases/`):
 * the releases an event named (the `releases` table), one per version across projects as Sentry's
 * organization-level releases are, newest first, `query` a case-insensitive substring of the version,
 * paged with Sentry's cursors, or one by its version (`…/releases/{version}/`). In Sentry's `ReleaseSerializer`
 * shape: `dateCreated` is when it became known (its first event, or its creation through the API), `firstEvent`
 * when an event first named it and `lastEvent` the latest such event in the index, both to the millisecond and
 * null until an event names it; `newGroups` the issues it is the first release of; `dateReleased` and the
 * deploys as `release-changes.ts` set them.
 */
import type { Project } from '../../../../src-shared/api.ts';
import type { CoreContext } from '../../context.ts';
import { type Deploy, deploysOf, releaseDetails } from '../../releases/release-store.ts';
import { streamProjects } from './issues.ts';
import { assertOrganization } from './organization.ts';
import { type Page, pageHeaders, pageOf } from './pagination.ts';
import { resolveProject } from './projects.ts';
import { type ApiReply, type ApiRequest, type Endpoint, NOT_FOUND, ok, SentryApiError } from './request.ts';
import { scopeConditions, snqlRows, snqlString } from './snql-text.ts';

interface ReleaseRow {
  id: number;
  project_id: number;
  version: string;
  date_added: number;
  first_event: number | null;
}

export interface Release {
  id: number;
  version: string;
  dateCreated: number;
  firstEvent: number | null;
  projectIds: number[];
}

const earliest = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));

/** Rows of the same version (one per project, newest first) as one release with the projects that have it. */
function byVersion(rows: ReleaseRow[]): Release[] {
  const out = new Map<string, Release>();
  for (const row of rows) {
    const release = out.get(row.version);
    if (release) {
      release.projectIds.push(row.project_id);
      release.dateCreated = Math.min(release.dateCreated, row.date_added);
      release.firstEvent = earliest(release.firstEvent, row.first_event);
    } else
      out.set(row.version, {
        id: row.id,
        version: row.version,
        dateCreated: row.date_added,
        firstEvent: row.first_event,
        projectIds: [row.project_id],
      });
  }
  return [...out.values()];
}

const RELEASE_COLUMNS = 'id, project_id, version, date_added, first_event';

/** Every version of these projects matching `query`, newest first, each with the projects that have it. */
function releasesOf(ctx: CoreContext, projectIds: number[], query: string): Release[] {
  return byVersion(
    ctx.db
      .prepare<unknown[], ReleaseRow>(
        `SELECT ${RELEASE_COLUMNS} FROM releases
         WHERE project_id IN (${projectIds.map(() => '?').join(', ')}) AND instr(lower(version), lower(?)) > 0
         ORDER BY date_added DESC, id DESC`,
      )
      .all(...projectIds, query),
  );
}

/** One version in these projects (every project when none is given); 404 when none of them has it. */
export function releaseOf(ctx: CoreContext, version: string, projectId?: number): Release {
  const rows = ctx.db
    .prepare<unknown[], ReleaseRow>(
      `SELECT ${RELEASE_COLUMNS} FROM releases WHERE version = ? AND (? IS NULL OR project_id = ?)
       ORDER BY date_added DESC, id DESC`,
    )
    .all(version, projectId ?? null, projectId ?? null);
  const release = byVersion(rows)[0];
  if (!release) throw new SentryApiError(404, NOT_FOUND);
  return release;
}

/** Issues first seen in each (project, version): Sentry's `ReleaseProject.new_groups`. */
export function newGroups(ctx: CoreContext, releases: Release[]): Map<string, number> {
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
export async function lastEvents(ctx: CoreContext, projectIds: number[], releases: Release[]) {
  const out = new Map<string, string>();
  if (releases.length === 0) return out;
  const start = Math.min(...releases.map((r) => earliest(r.firstEvent, r.dateCreated) ?? r.dateCreated));
  const where = [
    // Events may carry a time a little ahead of ours (Relay allows 60 s of clock skew).
    ...scopeConditions(projectIds, { start, end: Date.now() + 60_000 }),
    `release IN tuple(${releases.map((r) => snqlString(r.version)).join(', ')})`,
  ];
  const rows = await snqlRows(
    ctx,
    `MATCH (events) SELECT max(timestamp_ms) AS last_ms, max(timestamp) AS last BY release WHERE ${where.join(' AND ')}`,
  );
  // To the millisecond as `firstEvent` is (the index's `timestamp` is cut to whole seconds); events
  // indexed before `timestamp_ms` existed have only the seconds.
  for (const row of rows)
    out.set(String(row.release), new Date(String(row.last_ms ?? row.last)).toISOString());
  return out;
}

/** Sentry's `DeploySerializer`. */
export function deployJson(deploy: Deploy) {
  return {
    id: String(deploy.id),
    environment: deploy.environment,
    name: deploy.name,
    url: deploy.url,
    dateStarted: deploy.dateStarted === null ? null : new Date(deploy.dateStarted).toISOString(),
    dateFinished: new Date(deploy.dateFinished).toISOString(),
  };
}

export function releaseJson(
  ctx: CoreContext,
  release: Release,
  projects: Map<number, Project>,
  groups: Map<string, number>,
  lastEvent: string | undefined,
) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const perProject = release.projectIds.map((id) => groups.get(`${id}\u0000${release.version}`) ?? 0);
  const details = releaseDetails(ctx.db, release.version);
  const deploys = deploysOf(ctx.db, release.version);
  const firstEvent = iso(release.firstEvent);
  return {
    id: release.id,
    version: release.version,
    shortVersion: release.version,
    status: 'open',
    ref: null,
    url: details.url,
    dateReleased: iso(details.dateReleased),
    dateCreated: iso(release.dateCreated),
    data: {},
    newGroups: perProject.reduce((sum, n) => sum + n, 0),
    owner: null,
    commitCount: 0,
    lastCommit: null,
    deployCount: deploys.length,
    lastDeploy: deploys[0] ? deployJson(deploys[0]) : null,
    authors: [],
    firstEvent,
    lastEvent: firstEvent === null ? null : (lastEvent ?? firstEvent),
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
  const body = shown.map((release) => releaseJson(ctx, release, byId, groups, last.get(release.version)));
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
