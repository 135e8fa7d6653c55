/**
 * The app's Dashboards page: `dashboards.*` are the functions of the web API's
 * `/organizations/{org}/dashboards/` (dashboards.ts), so both list, save and refuse alike. A widget's
 * data is Discover's (`discover.events`, `discover.stats`) as Sentry's is, but for issue widgets,
 * which read the issue stream and the issues' series (`dashboards.issues`, `dashboards.issueSeries`).
 */
import type { Handlers } from '../api/handlers.ts';
import {
  createDashboard,
  deleteDashboard,
  getDashboard,
  listDashboards,
  updateDashboard,
  validateWidget,
} from './dashboards.ts';
import { issueSeries, issueWidgetTable } from './issue-widget.ts';

export const dashboardHandlers: Pick<
  Handlers,
  | 'dashboards.list'
  | 'dashboards.get'
  | 'dashboards.create'
  | 'dashboards.update'
  | 'dashboards.delete'
  | 'dashboards.validateWidget'
  | 'dashboards.issues'
  | 'dashboards.issueSeries'
> = {
  'dashboards.list': (params, ctx) => listDashboards(ctx.db, params),
  'dashboards.get': (params, ctx) => getDashboard(ctx.db, params.id),
  'dashboards.create': (params, ctx) => createDashboard(ctx, params.body),
  'dashboards.update': (params, ctx) => updateDashboard(ctx, params),
  'dashboards.delete': (params, ctx) => deleteDashboard(ctx.db, params.id),
  'dashboards.validateWidget': (params, ctx) => validateWidget(ctx, params.body),
  // Issue widgets: the issue list's own search and sorts, and Sentry's issues-timeseries.
  'dashboards.issues': (params, ctx) => issueWidgetTable(ctx, params),
  'dashboards.issueSeries': (params, ctx) => issueSeries(ctx, params),
};
