/** One handler per method of the contract; the compiler insists that none is missing. */
import type { ApiMethod, ApiParsedParams, ApiResult } from '../../../src-shared/api.ts';
import { FaultlineError } from '../../../src-shared/errors.ts';
import type { CoreContext } from '../context.ts';

export type Handler<M extends ApiMethod> = (
  params: ApiParsedParams<M>,
  ctx: CoreContext,
) => ApiResult<M> | Promise<ApiResult<M>>;

export type Handlers = { [M in ApiMethod]: Handler<M> };

export const handlers: Handlers = {
  'app.info': (_params, ctx) => ({
    version: ctx.version,
    mode: ctx.mode,
    dataDir: ctx.dataDir,
    ingestUrl: ctx.ingestUrl(),
    nodeVersion: process.versions.node,
  }),
  'projects.list': (_params, ctx) => ctx.projects.list(),
  'projects.get': ({ projectId }, ctx) => {
    const project = ctx.projects.get(projectId);
    if (!project) throw new FaultlineError('not_found', `project ${projectId} does not exist`);
    return project;
  },
};
