/** The API handlers of the Queries and Requests pages (`insights.*`). */
import type { Handlers } from '../api/handlers.ts';
import { listQueries, querySamples } from './queries.ts';
import { listRequestDomains, requestDomainDetail } from './requests.ts';

export const insightsHandlers: Pick<
  Handlers,
  'insights.queries' | 'insights.querySamples' | 'insights.requests' | 'insights.requestDomain'
> = {
  'insights.queries': (params, ctx) => listQueries(ctx.db, params),
  'insights.querySamples': (params, ctx) => querySamples(ctx.db, params),
  'insights.requests': (params, ctx) => listRequestDomains(ctx.db, params),
  'insights.requestDomain': (params, ctx) => requestDomainDetail(ctx.db, params),
};
