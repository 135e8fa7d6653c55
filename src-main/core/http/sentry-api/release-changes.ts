/**
 * Release management through Sentry's web API, as sentry-cli drives it: `releases new` (`POST
 * /organizations/{org}/releases/` with `projects`, or `/projects/{org}/{project}/releases/`),
 * `releases finalize` and `set-commits` (`PUT …/releases/{version}/` with `dateReleased`, `refs`,
 * `commits`; `set-commits --auto` posts its commits to the organization's releases), `releases info`
 * (`GET …/releases/{version}/`) and `deploys new|list` (`…/releases/{version}/deploys/`). Commits and
 * refs are accepted and not kept: Faultline has no repositories to read them against (its releases
 * answer `commitCount` 0). 201 for a release new to any project, 208 (Sentry's "already reported")
 * for one every named project had.
 */
import type { Project } from '../../../../src-shared/api.ts';
import type { CoreContext } from '../../context.ts';
import { addDeploy, createRelease, deploysOf, updateReleaseDetails } from '../../releases/release-store.ts';
import { assertOrganization } from './organization.ts';
import { resolveProject } from './projects.ts';
import { deployJson, lastEvents, newGroups, type Release, releaseJson, releaseOf } from './releases.ts';
import { type ApiReply, type ApiRequest, type Endpoint, ok, SentryApiError } from './request.ts';

type Body = Record<string, unknown>;

function bodyOf(body: unknown): Body {
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new SentryApiError(400, 'Invalid data. Expected a dictionary.');
  return body as Body;
}

/** Sentry's `Release.is_valid_version`, with its serializer's messages. */
function versionOf(value: unknown): string {
  if (typeof value !== 'string' || value === '')
    throw new SentryApiError(400, { version: ['This field is required.'] });
  const invalid =
    value.length > 200 || /[\n\r\f\t\\/]/.test(value) || ['.', '..', ' ', 'latest'].includes(value.trim());
  if (invalid || value.trim() === '')
    throw new SentryApiError(400, { version: [`Release with name ${value} is not allowed`] });
  return value;
}

/** An ISO 8601 date-time field; `undefined` when absent, `null` when sent as null. */
function dateField(body: Body, name: string): number | null | undefined {
  const value = body[name];
  if (value === undefined || value === null) return value;
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms))
    throw new SentryApiError(400, {
      [name]: [
        'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].',
      ],
    });
  return ms;
}

function stringField(body: Body, name: string): string | null | undefined {
  const value = body[name];
  if (value === undefined || value === null || typeof value === 'string') return value;
  throw new SentryApiError(400, { [name]: ['Not a valid string.'] });
}

/** The organization-level request's `projects`: slugs (or ids) of projects that exist. */
function projectsOf(ctx: CoreContext, value: unknown): Project[] {
  if (!Array.isArray(value) || value.length === 0)
    throw new SentryApiError(400, { projects: ['This field is required.'] });
  const all = ctx.projects.list();
  const found = value.map((ref) => all.find((p) => p.slug === ref || String(p.id) === String(ref)));
  if (found.some((p) => p === undefined))
    throw new SentryApiError(400, { projects: ['Invalid project ids or slugs'] });
  return [...new Set(found as Project[])];
}

async function releaseReply(ctx: CoreContext, release: Release, status = 200): Promise<ApiReply> {
  const last = await lastEvents(ctx, release.projectIds, [release]);
  const projects = new Map(ctx.projects.list().map((p) => [p.id, p]));
  const body = releaseJson(ctx, release, projects, newGroups(ctx, [release]), last.get(release.version));
  return { status, body };
}

/** Sets what a create or update request names besides the version and projects. */
function applyDetails(ctx: CoreContext, version: string, body: Body): void {
  const dateReleased = dateField(body, 'dateReleased');
  const url = stringField(body, 'url');
  // Accepted as Sentry accepts them, and not kept (see the header).
  dateField(body, 'dateStarted');
  for (const name of ['refs', 'commits'])
    if (body[name] !== undefined && body[name] !== null && !Array.isArray(body[name]))
      throw new SentryApiError(400, { [name]: ['Expected a list of items.'] });
  if (dateReleased !== undefined || url !== undefined)
    updateReleaseDetails(ctx.db, version, { dateReleased, url });
}

async function create(ctx: CoreContext, projects: Project[], body: Body): Promise<ApiReply> {
  const version = versionOf(body.version);
  const added = createRelease(
    ctx.db,
    version,
    projects.map((p) => p.id),
    Date.now(),
  );
  applyDetails(ctx, version, body);
  return releaseReply(ctx, releaseOf(ctx, version), added ? 201 : 208);
}

function createInOrganization({ ctx, params, body }: ApiRequest): Promise<ApiReply> {
  assertOrganization(params.org);
  const request = bodyOf(body);
  return create(ctx, projectsOf(ctx, request.projects), request);
}

function createInProject({ ctx, params, body }: ApiRequest): Promise<ApiReply> {
  return create(ctx, [resolveProject(ctx, params.org, params.project)], bodyOf(body));
}

/** The release a `…/releases/{version}/` path names: in the project when the path has one. */
function pathRelease({ ctx, params }: ApiRequest): Release {
  if (params.project === undefined) {
    assertOrganization(params.org);
    return releaseOf(ctx, params.version ?? '');
  }
  return releaseOf(ctx, params.version ?? '', resolveProject(ctx, params.org, params.project).id);
}

function details(request: ApiRequest): Promise<ApiReply> {
  return releaseReply(request.ctx, pathRelease(request));
}

function update(request: ApiRequest): Promise<ApiReply> {
  const release = pathRelease(request);
  applyDetails(request.ctx, release.version, bodyOf(request.body));
  return releaseReply(request.ctx, release);
}

function listDeploys(request: ApiRequest): ApiReply {
  const release = pathRelease(request);
  return ok(deploysOf(request.ctx.db, release.version).map(deployJson));
}

/** Sentry's `DeploySerializer`: `environment` is required, `dateFinished` defaults to now. */
function createDeploy(request: ApiRequest): ApiReply {
  const release = pathRelease(request);
  const body = bodyOf(request.body);
  const environment = stringField(body, 'environment');
  if (!environment) throw new SentryApiError(400, { environment: ['This field is required.'] });
  const deploy = addDeploy(request.ctx.db, release.version, {
    environment,
    name: stringField(body, 'name') ?? null,
    url: stringField(body, 'url') ?? null,
    dateStarted: dateField(body, 'dateStarted') ?? null,
    dateFinished: dateField(body, 'dateFinished') ?? Date.now(),
  });
  return { status: 201, body: deployJson(deploy) };
}

export const releaseChangeEndpoints: Record<string, Endpoint> = {
  createInOrganization,
  createInProject,
  details,
  update,
  listDeploys,
  createDeploy,
};
