/** The API handlers of the Queries, Requests, Web Vitals and Assets pages (`insights.*`). */
import type { Handlers } from '../api/handlers.ts';
import { assetDetail, listAssets } from './assets.ts';
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
  | 'insights.assets'
  | 'insights.asset'
> = {
  'insights.queries': (params, ctx) => listQueries(ctx.db, params),
  'insights.querySamples': (params, ctx) => querySamples(ctx.db, params),
  'insights.requests': (params, ctx) => listRequestDomains(ctx.db, params),
  'insights.requestDomain': (params, ctx) => requestDomainDetail(ctx.db, params),
  'insights.webVitals': (params, ctx) => webVitals(ctx.db, params),
  'insights.assets': (params, ctx) => listAssets(ctx.db, params),
  'insights.asset': (params, ctx) => assetDetail(ctx.db, params),
};
