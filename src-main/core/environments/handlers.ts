/** The API's environments: the names the page filters' environment selector lists. */
import { FaultlineError } from '../../../src-shared/errors.ts';
import type { Handlers } from '../api/handlers.ts';
import type { CoreContext } from '../context.ts';
import { listEnvironments } from './store.ts';

function existing(ctx: CoreContext, projectIds: readonly number[]): void {
  for (const projectId of projectIds)
    if (!ctx.projects.get(projectId))
      throw new FaultlineError('not_found', `project ${projectId} does not exist`);
}

export const environmentHandlers: Pick<Handlers, 'issues.environments' | 'environments.list'> = {
  /** One project's (the issue list's and issue page's selector). */
  'issues.environments': ({ projectId }, ctx) => {
    existing(ctx, [projectId]);
    return listEnvironments(ctx.db, [projectId]).map(({ name }) => name);
  },
  /** Several projects' together (Discover's selector over the projects it reads), or every project's. */
  'environments.list': ({ projectIds }, ctx) => {
    existing(ctx, projectIds);
    return listEnvironments(ctx.db, projectIds.length > 0 ? projectIds : null).map(({ name }) => name);
  },
};
