/** One handler per method of the contract; the compiler insists that none is missing. */
import type { ApiMethod, ApiParsedParams, ApiResult } from '../../../src-shared/api.ts';
import { FaultlineError } from '../../../src-shared/errors.ts';
import type { CoreContext } from '../context.ts';
import { cronHandlers } from '../crons/handlers.ts';
import { dashboardHandlers } from '../dashboards/handlers.ts';
import { discoverHandlers } from '../discover/handlers.ts';
import { environmentHandlers } from '../environments/handlers.ts';
import { exploreHandlers } from '../explore/handlers.ts';
import { exportHandlers } from '../export/handlers.ts';
import { feedbackHandlers } from '../feedback/handlers.ts';
import { projectConfigChanged } from '../ingest/project-config.ts';
import { insightsHandlers } from '../insights/handlers.ts';
import { activityHandlers } from '../issues/activity-handlers.ts';
import { issueHandlers } from '../issues/queries/handlers.ts';
import { pageFilterHandlers } from '../issues/queries/page-filter-handlers.ts';
import { issueViewHandlers } from '../issues/view-handlers.ts';
import { logHandlers } from '../logs/handlers.ts';
import { metricHandlers } from '../metrics/handlers.ts';
import { performanceHandlers } from '../performance/handlers.ts';
import { profileHandlers } from '../profiles/handlers.ts';
import { releaseHandlers } from '../releases/handlers.ts';
import { replayHandlers } from '../replays/handlers.ts';
import { autoResolveHandlers } from '../settings/auto-resolve.ts';
import { groupingRulesHandlers } from '../settings/grouping-rules.ts';
import { settingsHandlers } from '../settings/handlers.ts';
import { inboundFilterHandlers } from '../settings/inbound-filters.ts';
import { rateLimitHandlers } from '../settings/rate-limit.ts';
import { snqlHandlers } from '../snql/handlers.ts';
import { traceHandlers } from '../traces/handlers.ts';

export type Handler<M extends ApiMethod> = (
  params: ApiParsedParams<M>,
  ctx: CoreContext,
) => ApiResult<M> | Promise<ApiResult<M>>;

export type Handlers = { [M in ApiMethod]: Handler<M> };

/** Every UI refetches its project list (and DSNs) after a change; ingest reads keys again at once. */
function projectsChanged<T>(ctx: CoreContext, result: T): T {
  projectConfigChanged(ctx.db);
  ctx.live.publish({ type: 'projects.changed' });
  return result;
}

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
  'projects.create': ({ name, slug }, ctx) => projectsChanged(ctx, ctx.projects.create({ name, slug })),
  'projects.rename': ({ projectId, name }, ctx) => projectsChanged(ctx, ctx.projects.rename(projectId, name)),
  'projects.setKeyActive': ({ projectId, keyId, active }, ctx) =>
    projectsChanged(ctx, ctx.projects.setKeyActive(projectId, keyId, active)),
  'projects.createKey': ({ projectId, label }, ctx) =>
    projectsChanged(ctx, ctx.projects.createKey(projectId, label)),
  'projects.renameKey': ({ projectId, keyId, label }, ctx) =>
    projectsChanged(ctx, ctx.projects.renameKey(projectId, keyId, label)),
  'queue.stats': (_params, ctx) => ctx.ingestQueue.stats(),
  'outcomes.list': (params, ctx) => ctx.outcomes.list(params),
  ...issueHandlers,
  ...environmentHandlers,
  ...pageFilterHandlers,
  ...traceHandlers,
  ...insightsHandlers,
  ...performanceHandlers,
  ...logHandlers,
  ...metricHandlers,
  ...replayHandlers,
  ...profileHandlers,
  ...releaseHandlers,
  ...feedbackHandlers,
  ...cronHandlers,
  ...activityHandlers,
  ...issueViewHandlers,
  ...discoverHandlers,
  ...exploreHandlers,
  ...dashboardHandlers,
  ...snqlHandlers,
  ...exportHandlers,
  ...settingsHandlers,
  ...rateLimitHandlers,
  ...inboundFilterHandlers,
  ...autoResolveHandlers,
  ...groupingRulesHandlers,
};
