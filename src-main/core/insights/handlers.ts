/** The API handlers of the Queries page (`insights.queries`, `insights.querySamples`). */
import type { Handlers } from '../api/handlers.ts';
import { listQueries, querySamples } from './queries.ts';

export const insightsHandlers: Pick<Handlers, 'insights.queries' | 'insights.querySamples'> = {
  'insights.queries': (params, ctx) => listQueries(ctx.db, params),
  'insights.querySamples': (params, ctx) => querySamples(ctx.db, params),
};
