/**
 * Sentry's environments endpoints, over the rows the pipeline keeps (environments/store.ts):
 * `GET /organizations/{org}/environments/` (Sentry's `Environment` serializer: id, name),
 * `GET /projects/{org}/{project}/environments/` (its `EnvironmentProject` serializer: the project
 * row's id, name, isHidden) and one of them, `GET`/`PUT /projects/{org}/{project}/environments/{name}/`
 * (`{"isHidden": …}`). The lists take Sentry's `visibility`: `visible` (the default), `hidden`, `all`.
 */
import { FaultlineError } from '../../../../src-shared/errors.ts';
import {
  getProjectEnvironment,
  listEnvironments,
  listProjectEnvironments,
  type ProjectEnvironment,
  setEnvironmentHidden,
  VISIBILITIES,
  type Visibility,
} from '../../environments/store.ts';
import { assertOrganization } from './organization.ts';
import { resolveProject } from './projects.ts';
import { type Endpoint, NOT_FOUND, numericId, ok, SentryApiError } from './request.ts';

function visibilityOf(query: URLSearchParams): Visibility {
  const given = query.get('visibility') ?? 'visible';
  const found = VISIBILITIES.find((visibility) => visibility === given);
  if (!found)
    throw new SentryApiError(
      400,
      `Invalid value for 'visibility', valid values are: ${JSON.stringify([...VISIBILITIES].sort())}`,
    );
  return found;
}

const projectEnvironmentJson = (row: ProjectEnvironment) => ({
  id: String(row.id),
  name: row.name,
  isHidden: row.isHidden,
});

/**
 * Sentry's `project` parameter of an organization endpoint: the projects by id, none (or -1) for
 * all; an id the organization does not have is refused as Sentry refuses it (403).
 */
function projectsOf(ctx: Parameters<Endpoint>[0]['ctx'], query: URLSearchParams): number[] | null {
  const given = query.getAll('project').filter((value) => value !== '');
  if (given.length === 0 || given.includes('-1')) return null;
  const known = new Set(ctx.projects.list().map((project) => project.id));
  return given.map((value) => {
    const id = numericId(value);
    if (id === undefined || !known.has(id))
      throw new SentryApiError(403, 'You do not have permission to perform this action.');
    return id;
  });
}

/** Sentry's path segment of an environment: percent-decoded, `none` the empty name (which Faultline keeps none of). */
function nameOf(segment: string | undefined): string {
  return segment === undefined || segment === 'none' ? '' : segment;
}

/** Sentry's `isHidden` (a DRF boolean: true/false, 1/0 and their texts); absent leaves it as it is. */
function hiddenOf(body: unknown): boolean | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body !== 'object' || Array.isArray(body))
    throw new SentryApiError(400, { non_field_errors: ['Invalid data. Expected a dictionary.'] });
  const value = (body as Record<string, unknown>).isHidden;
  if (value === undefined) return undefined;
  if (value === true || value === 1 || value === 'true' || value === 'True' || value === '1') return true;
  if (value === false || value === 0 || value === 'false' || value === 'False' || value === '0') return false;
  throw new SentryApiError(400, { isHidden: ['Must be a valid boolean.'] });
}

function foundOrNotFound<T>(value: T | null): T {
  if (value === null) throw new SentryApiError(404, NOT_FOUND);
  return value;
}

export const environmentEndpoints: Record<string, Endpoint> = {
  organizationEnvironments: ({ ctx, params, query }) => {
    assertOrganization(params.org);
    const visibility = visibilityOf(query);
    const rows = listEnvironments(ctx.db, projectsOf(ctx, query), visibility);
    return ok(rows.map(({ id, name }) => ({ id: String(id), name })));
  },
  projectEnvironments: ({ ctx, params, query }) => {
    const project = resolveProject(ctx, params.org, params.project);
    const visibility = visibilityOf(query);
    return ok(listProjectEnvironments(ctx.db, project.id, visibility).map(projectEnvironmentJson));
  },
  projectEnvironment: ({ ctx, params }) => {
    const project = resolveProject(ctx, params.org, params.project);
    const row = getProjectEnvironment(ctx.db, project.id, nameOf(params.environment));
    return ok(projectEnvironmentJson(foundOrNotFound(row)));
  },
  updateProjectEnvironment: ({ ctx, params, body }) => {
    const project = resolveProject(ctx, params.org, params.project);
    const name = nameOf(params.environment);
    const found = foundOrNotFound(getProjectEnvironment(ctx.db, project.id, name));
    const hidden = hiddenOf(body);
    if (hidden === undefined) return ok(projectEnvironmentJson(found));
    const changed = setEnvironmentHidden(ctx.db, project.id, name, hidden);
    if (!changed) throw new FaultlineError('not_found', `environment ${name} does not exist`);
    // The selectors list visible environments only: the pages showing them read them again.
    ctx.live.publish({ type: 'issues.changed', projectId: project.id });
    return ok(projectEnvironmentJson(changed));
  },
};
