/** The API handlers of the Metrics page: `metrics.names` and `metrics.chart` (SQLite only, on the main thread). */
import type { Handlers } from '../api/handlers.ts';
import { metricChart, metricNames } from './explore.ts';

export const metricHandlers: Pick<Handlers, 'metrics.names' | 'metrics.chart'> = {
  'metrics.names': (params, ctx) => metricNames(ctx.db, params),
  'metrics.chart': (params, ctx) => metricChart(ctx.db, params),
};
