/**
 * Sentry's prebuilt "General" dashboard (`default-overview`): listed before the saved ones until it is
 * deleted or replaced by a saved copy (a tombstone), never stored itself. Its widgets are Sentry's
 * default-overview widgets that Faultline's datasets answer — the errors and transactions that the
 * SDKs send — without ids, so that saving it makes new ones (Sentry's way of forking it).
 */
import {
  type Dashboard,
  type DashboardWidget,
  type DisplayType,
  PREBUILT_ID,
  type WidgetLayout,
  type WidgetType,
} from '../../../src-shared/dashboards-api.ts';

interface PrebuiltQuery {
  name?: string;
  columns?: string[];
  aggregates: string[];
  conditions?: string;
  orderby?: string;
}

function widget(
  title: string,
  displayType: DisplayType,
  widgetType: WidgetType,
  layout: WidgetLayout,
  queries: PrebuiltQuery[],
): DashboardWidget {
  return {
    id: '',
    title,
    description: null,
    displayType,
    widgetType,
    interval: '5m',
    limit: null,
    layout,
    dateCreated: '',
    dashboardId: PREBUILT_ID,
    thresholds: null,
    datasetSource: 'user',
    queries: queries.map((q) => ({
      id: '',
      name: q.name ?? '',
      fields: [...(q.columns ?? []), ...q.aggregates],
      aggregates: q.aggregates,
      columns: q.columns ?? [],
      fieldAliases: [],
      conditions: q.conditions ?? '',
      orderby: q.orderby ?? '',
      widgetId: '',
      isHidden: false,
    })),
  };
}

const at = (x: number, y: number, w: number, h: number): WidgetLayout => ({
  x,
  y,
  w,
  h,
  minH: h === 1 ? 1 : 2,
});

/** The General dashboard, as Sentry's `get_prebuilt_dashboards` serves it. */
export function generalDashboard(): Dashboard {
  const errors = 'error-events';
  const transactions = 'transaction-like';
  return {
    id: PREBUILT_ID,
    title: 'General',
    dateCreated: '',
    createdBy: null,
    projects: [],
    environment: [],
    filters: {},
    permissions: null,
    isFavorited: false,
    widgets: [
      widget('Number of Errors', 'big_number', errors, at(0, 0, 1, 1), [{ aggregates: ['count()'] }]),
      widget('Number of Issues', 'big_number', errors, at(1, 0, 1, 1), [
        { aggregates: ['count_unique(issue)'] },
      ]),
      widget('Events', 'line', errors, at(2, 0, 4, 2), [{ name: 'Events', aggregates: ['count()'] }]),
      widget('Affected Users', 'line', errors, at(0, 1, 2, 2), [
        { name: 'Known Users', aggregates: ['count_unique(user)'], conditions: 'has:user.email' },
        { name: 'Anonymous Users', aggregates: ['count_unique(user)'], conditions: '!has:user.email' },
      ]),
      widget('Handled vs. Unhandled', 'line', errors, at(2, 2, 2, 2), [
        { name: 'Handled', aggregates: ['count()'], conditions: 'error.handled:true' },
        { name: 'Unhandled', aggregates: ['count()'], conditions: 'error.handled:false' },
      ]),
      widget('Top Unhandled Error Types', 'table', errors, at(4, 2, 2, 2), [
        {
          columns: ['error.type'],
          aggregates: ['count()'],
          conditions: 'error.handled:false',
          orderby: '-count()',
        },
      ]),
      widget('Errors by Browser', 'table', errors, at(0, 3, 2, 2), [
        {
          columns: ['browser.name'],
          aggregates: ['count()'],
          conditions: 'has:browser.name',
          orderby: '-count()',
        },
      ]),
      widget('Transactions per Minute', 'line', transactions, at(2, 4, 2, 2), [{ aggregates: ['epm()'] }]),
      widget('High Throughput Transactions', 'table', transactions, at(4, 4, 2, 2), [
        { columns: ['transaction'], aggregates: ['count()'], orderby: '-count()' },
      ]),
      widget('Overall User Misery', 'big_number', transactions, at(0, 5, 2, 1), [
        { aggregates: ['user_misery(300)'] },
      ]),
      widget('High Throughput Transactions', 'top_n', transactions, at(0, 6, 3, 2), [
        { columns: ['transaction'], aggregates: ['count()'], orderby: '-count()' },
      ]),
      widget('Transactions Ordered by Misery', 'table', transactions, at(3, 6, 3, 2), [
        { columns: ['transaction'], aggregates: ['user_misery(300)'], orderby: '-user_misery(300)' },
      ]),
    ],
  };
}
