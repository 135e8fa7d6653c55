/** The API handlers of the Queries, Requests, Web Vitals and AI Agents pages (`insights.*`). */
import type { Handlers } from '../api/handlers.ts';
import { agentTrace } from './agent-trace.ts';
import { agentsOverview } from './agents.ts';
import { listQueries, querySamples } from './queries.ts';
import { listRequestDomains, requestDomainDetail } from './requests.ts';
import { webVitals } from './web-vitals.ts';

export const insightsHandlers: Pick<
  Handlers,
  | 'insights.queries'
  | 'insights.querySamples'
  | 'insights.requests'
  | 'insights.requestDomain'
  | 'insights.webVitals'
  | 'insights.agents'
  | 'insights.agentTrace'
> = {
  'insights.queries': (params, ctx) => listQueries(ctx.db, params),
  'insights.querySamples': (params, ctx) => querySamples(ctx.db, params),
  'insights.requests': (params, ctx) => listRequestDomains(ctx.db, params),
  'insights.requestDomain': (params, ctx) => requestDomainDetail(ctx.db, params),
  'insights.webVitals': (params, ctx) => webVitals(ctx.db, params),
  'insights.agents': (params, ctx) => agentsOverview(ctx.db, params),
  'insights.agentTrace': (params, ctx) => agentTrace(ctx.db, params),
};
