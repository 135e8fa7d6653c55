/** The API handlers of the Insights pages: Queries, Requests, Caches, Queues, Web Vitals, Assets and AI Agents (`insights.*`). */
import type { Handlers } from '../api/handlers.ts';
import { agentTrace } from './agent-trace.ts';
import { agentsOverview } from './agents.ts';
import { assetDetail, listAssets } from './assets.ts';
import { cacheLanding, cacheSamples } from './caches.ts';
import { listQueries, querySamples } from './queries.ts';
import { listQueueDestinations, queueDestinationDetail } from './queues.ts';
import { listRequestDomains, requestDomainDetail } from './requests.ts';
import { webVitals } from './web-vitals.ts';

export const insightsHandlers: Pick<
  Handlers,
  | 'insights.queries'
  | 'insights.querySamples'
  | 'insights.requests'
  | 'insights.requestDomain'
  | 'insights.webVitals'
  | 'insights.caches'
  | 'insights.cacheSamples'
  | 'insights.queues'
  | 'insights.queueDestination'
  | 'insights.agents'
  | 'insights.agentTrace'
  | 'insights.assets'
  | 'insights.asset'
> = {
  'insights.queries': (params, ctx) => listQueries(ctx.db, params),
  'insights.querySamples': (params, ctx) => querySamples(ctx.db, params),
  'insights.requests': (params, ctx) => listRequestDomains(ctx.db, params),
  'insights.requestDomain': (params, ctx) => requestDomainDetail(ctx.db, params),
  'insights.webVitals': (params, ctx) => webVitals(ctx.db, params),
  'insights.caches': (params, ctx) => cacheLanding(ctx.db, params),
  'insights.cacheSamples': (params, ctx) => cacheSamples(ctx.db, params),
  'insights.queues': (params, ctx) => listQueueDestinations(ctx.db, params),
  'insights.queueDestination': (params, ctx) => queueDestinationDetail(ctx.db, params),
  'insights.agents': (params, ctx) => agentsOverview(ctx.db, params),
  'insights.agentTrace': (params, ctx) => agentTrace(ctx.db, params),
  'insights.assets': (params, ctx) => listAssets(ctx.db, params),
  'insights.asset': (params, ctx) => assetDetail(ctx.db, params),
};
