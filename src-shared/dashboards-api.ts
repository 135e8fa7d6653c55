/**
 * Dashboards in the API contract, as Sentry serves them from `/organizations/{org}/dashboards/`: the
 * same JSON both ways. A create or update takes Sentry's request body as it is (`title`, `widgets`,
 * `projects`, `environment`, `period` …) and the core checks it as Sentry's serializers do, so the RPC
 * and the web API refuse the same bodies in the same words. A widget is drawn from Discover's own
 * endpoints (events and events-stats); `widgetRequests` says which, with which parameters.
 */
import { z } from 'zod';
import type { DiscoverQuery, StatsQuery } from './discover-api.ts';
import { ISSUE_SORTS, type IssueSort } from './issues-api.ts';

/** Sentry's widget visualizations that Faultline draws (`DashboardWidgetDisplayTypes`). */
export const DISPLAY_TYPES = ['line', 'area', 'bar', 'table', 'big_number', 'top_n'] as const;
export type DisplayType = (typeof DISPLAY_TYPES)[number];

/** The datasets a widget reads; Sentry's legacy `discover` is taken and kept as `error-events`. */
export const WIDGET_TYPES = ['error-events', 'transaction-like', 'issue', 'spans', 'logs'] as const;
export type WidgetType = (typeof WIDGET_TYPES)[number];

/**
 * The visualizations each dataset draws (Sentry's `supportedDisplayTypes` of its dataset configs):
 * issues as a table of the issue search, or as series of new and resolved issues.
 */
export const DATASET_DISPLAY_TYPES: Record<WidgetType, readonly DisplayType[]> = {
  'error-events': DISPLAY_TYPES,
  'transaction-like': DISPLAY_TYPES,
  issue: ['table', 'line', 'area', 'bar'],
  spans: DISPLAY_TYPES,
  logs: DISPLAY_TYPES,
};

/** The columns of an issue table (Sentry's `ISSUE_TABLE_FIELDS`, less the subscriptions Faultline has none of). */
export const ISSUE_FIELDS = [
  'issue',
  'assignee',
  'title',
  'level',
  'status',
  'platform',
  'isBookmarked',
  'isHandled',
  'lastSeen',
  'firstSeen',
  'events',
  'users',
  'lifetimeEvents',
  'lifetimeUsers',
  'project',
  'links',
] as const;
export type IssueField = (typeof ISSUE_FIELDS)[number];

/** The Y-axes of an issue chart: Sentry's issues-timeseries answers only these. */
export const ISSUE_SERIES_AXES = ['count(new_issues)', 'count(resolved_issues)'] as const;
export type IssueSeriesAxis = (typeof ISSUE_SERIES_AXES)[number];

/** An issue widget's sorts: the issue list's (Sentry's `date`, `new`, `freq`, `user`). */
export const ISSUE_WIDGET_SORTS = ISSUE_SORTS;

/** A new widget's query on each dataset, as Sentry's dataset configs start one (`defaultWidgetQuery`). */
export function defaultQueryOf(
  type: WidgetType,
  display: DisplayType,
): { aggregates: string[]; columns: string[]; orderby: string } {
  switch (type) {
    case 'issue':
      return display === 'table'
        ? { aggregates: [], columns: ['issue', 'assignee', 'title'], orderby: 'date' }
        : { aggregates: ['count(new_issues)'], columns: [], orderby: '' };
    case 'spans':
      return { aggregates: ['count(span.duration)'], columns: [], orderby: '' };
    case 'logs':
    case 'error-events':
    case 'transaction-like':
      return { aggregates: ['count()'], columns: [], orderby: '' };
  }
}

/** Sentry's `Dashboard.MAX_WIDGETS`. */
export const MAX_WIDGETS = 30;
/** The prebuilt dashboard's id, as Sentry lists it before the saved ones. */
export const PREBUILT_ID = 'default-overview';
/** Sentry's default top N of a grouped chart, and the rows of a table widget. */
export const DEFAULT_TOP_N = 5;
export const TABLE_ROWS = 20;

/** The events dataset a widget reads (Discover's and Explore's); issue widgets read the issue search. */
export function widgetDataset(type: WidgetType): 'errors' | 'transactions' | 'spans' | 'logs' | undefined {
  switch (type) {
    case 'error-events':
      return 'errors';
    case 'transaction-like':
      return 'transactions';
    case 'spans':
    case 'logs':
      return type;
    case 'issue':
      return undefined;
  }
}

const dashboardId = z.string().min(1).max(50);
const body = z.record(z.string(), z.unknown());

/** The page filters as an issue widget's request carries them (as Discover's parameters). */
const issueFilters = {
  project: z.array(z.number().int().positive()).max(100).optional(),
  environment: z.array(z.string()).max(100).optional(),
  statsPeriod: z.string().optional(),
  start: z.string().optional(),
  end: z.string().optional(),
};

export const dashboardParams = {
  /** Sentry's list: `query` (a title substring, any case) and `sort` (`title`, `-dateCreated` …). */
  list: z.object({ query: z.string().max(255).optional(), sort: z.string().max(50).optional() }).strict(),
  get: z.object({ id: dashboardId }).strict(),
  create: z.object({ body }).strict(),
  /** Sentry's PUT: widgets with an id are updated, without one created, missing ones deleted. */
  update: z.object({ id: dashboardId, body }).strict(),
  delete: z.object({ id: dashboardId }).strict(),
  /** Sentry's `POST …/dashboards/widgets/`: a widget checked without saving it. */
  validateWidget: z.object({ body }).strict(),
  /** An issue table: the issue search (Sentry's `/organizations/{org}/issues/` as its issue widget asks it). */
  issues: z
    .object({
      query: z.string().max(4000),
      sort: z.enum(ISSUE_SORTS),
      limit: z.number().int().min(1).max(100),
      ...issueFilters,
    })
    .strict(),
  /** An issue chart: Sentry's `/organizations/{org}/issues-timeseries/`, new and resolved issues per bucket. */
  issueSeries: z
    .object({
      yAxis: z.array(z.enum(ISSUE_SERIES_AXES)).min(1).max(2),
      interval: z.string().optional(),
      ...issueFilters,
    })
    .strict(),
};

export type IssueWidgetQuery = z.input<typeof dashboardParams.issues>;
export type IssueSeriesQuery = z.input<typeof dashboardParams.issueSeries>;

/** One row of an issue table, as Sentry's `transformIssuesResponseToTable` makes it of a group. */
export interface IssueWidgetRow {
  id: string;
  projectId: number;
  issue: string;
  assignee: null;
  title: string;
  level: string;
  status: string;
  platform: string | null;
  isBookmarked: boolean;
  isHandled: boolean;
  lastSeen: string;
  firstSeen: string;
  events: number;
  users: number;
  lifetimeEvents: number;
  lifetimeUsers: number;
  project: string;
  links: string;
}

export interface IssueWidgetTable {
  data: IssueWidgetRow[];
  /** Issues matching the search (Sentry's `X-Hits`). */
  total: number;
}

/** Sentry's issues-timeseries answer: one series per Y-axis, each bucket's start in milliseconds. */
export interface IssueSeries {
  timeSeries: {
    yAxis: IssueSeriesAxis;
    values: { timestamp: number; value: number; incomplete: false }[];
    meta: { interval: number; valueType: 'integer'; valueUnit: null };
  }[];
  meta: { dataset: 'issue'; start: number; end: number };
}

export interface WidgetLayout {
  x: number;
  y: number;
  w: number;
  h: number;
  minH: number;
}

export interface DashboardWidgetQuery {
  id: string;
  name: string;
  fields: string[];
  aggregates: string[];
  columns: string[];
  fieldAliases: string[];
  conditions: string;
  orderby: string;
  widgetId: string;
  isHidden: boolean;
}

export interface DashboardWidget {
  id: string;
  title: string;
  description: string | null;
  displayType: DisplayType;
  widgetType: WidgetType;
  interval: string;
  limit: number | null;
  layout: WidgetLayout | null;
  dateCreated: string;
  dashboardId: string;
  queries: DashboardWidgetQuery[];
  thresholds: null;
  datasetSource: 'user';
}

/** The page filters a dashboard keeps: its projects (`[-1]` all), environments and dates. */
export interface DashboardFilters {
  projects: number[];
  environment: string[];
  period?: string;
  start?: string;
  end?: string;
}

export interface Dashboard extends DashboardFilters {
  id: string;
  title: string;
  dateCreated: string;
  createdBy: null;
  widgets: DashboardWidget[];
  filters: Record<string, never>;
  permissions: null;
  isFavorited: false;
}

/** A list item: Sentry's `DashboardListSerializer`, each widget's visualization and layout only. */
export interface DashboardListItem {
  id: string;
  title: string;
  dateCreated: string;
  createdBy: null;
  widgetDisplay: DisplayType[];
  widgetPreview: { displayType: DisplayType; layout: WidgetLayout | null }[];
  projects: number[];
  environment: string[];
  filters: Record<string, never>;
  isFavorited: false;
  permissions: null;
}

/** The filters the dashboard page applies to every widget: its own, or the ones chosen on the page. */
export interface PageFilters {
  project?: number[];
  environment?: string[];
  statsPeriod?: string;
  start?: string;
  end?: string;
}

/**
 * What one query of a widget asks: Discover a table (`discover.events`) or a series (`discover.stats`);
 * the issue search a table of issues (`dashboards.issues`) or a series of them (`dashboards.issueSeries`).
 */
export type WidgetRequest =
  | { kind: 'table'; name: string; params: DiscoverQuery }
  | { kind: 'stats'; name: string; yAxis: string; params: StatsQuery }
  | { kind: 'issues'; name: string; params: IssueWidgetQuery }
  | { kind: 'issue-series'; name: string; yAxis: string; params: IssueSeriesQuery };

/** An issue widget's sort: its `orderby` when the issue list has it, else Sentry's default, `date`. */
export const issueSortOf = (orderby: string): IssueSort =>
  ISSUE_SORTS.find((sort) => sort === orderby) ?? 'date';

const isIssueAxis = (axis: string): axis is IssueSeriesAxis =>
  (ISSUE_SERIES_AXES as readonly string[]).includes(axis);

/** A query's selected columns, Sentry's way: its columns then its aggregates, else its fields. */
export function queryFields(
  query: Pick<DashboardWidgetQuery, 'fields' | 'columns' | 'aggregates'>,
): string[] {
  const split = [...query.columns, ...query.aggregates];
  return split.length > 0 ? [...new Set(split)] : query.fields;
}

/** The page's filters as Discover's parameters; `[-1]` (all projects) is no `project` at all. */
function filterParams(filters: PageFilters) {
  const project = filters.project?.filter((id) => id > 0);
  return {
    ...(project && project.length > 0 ? { project } : {}),
    ...(filters.environment && filters.environment.length > 0 ? { environment: filters.environment } : {}),
    ...(filters.start && filters.end
      ? { start: filters.start, end: filters.end }
      : { statsPeriod: filters.statsPeriod ?? '24h' }),
  };
}

/**
 * The requests that draw a widget, one per query, as Sentry's dashboards make them: a table or a big
 * number reads the events endpoint (a big number its first aggregate, one row); a chart reads
 * events-stats by the widget's interval, every aggregate a series, or — grouped by columns, or a
 * top N — the top `limit` groups of its first aggregate, ordered by `orderby`.
 */
export function widgetRequests(
  widget: Pick<DashboardWidget, 'displayType' | 'widgetType' | 'interval' | 'limit'> & {
    queries: readonly Pick<
      DashboardWidgetQuery,
      'name' | 'fields' | 'aggregates' | 'columns' | 'conditions' | 'orderby'
    >[];
  },
  filters: PageFilters,
): WidgetRequest[] {
  const dataset = widgetDataset(widget.widgetType);
  if (dataset === undefined) return issueRequests(widget, filters);
  const base = { dataset, ...filterParams(filters) };
  return widget.queries.flatMap((query): WidgetRequest[] => {
    const search = query.conditions.trim() === '' ? {} : { query: query.conditions };
    const sort = query.orderby === '' ? {} : { sort: [query.orderby] };
    const named = (axis: string) => (query.name === '' ? axis : `${query.name} : ${axis}`);
    if (widget.displayType === 'table')
      return [
        {
          kind: 'table',
          name: query.name,
          params: {
            ...base,
            ...search,
            ...sort,
            field: queryFields(query),
            perPage: widget.limit ?? TABLE_ROWS,
          },
        },
      ];
    if (widget.displayType === 'big_number') {
      const [first = 'count()'] = query.aggregates.length > 0 ? query.aggregates : queryFields(query);
      return [
        { kind: 'table', name: named(first), params: { ...base, ...search, field: [first], perPage: 1 } },
      ];
    }
    const aggregates = query.aggregates.length > 0 ? query.aggregates : ['count()'];
    const grouped = widget.displayType === 'top_n' || query.columns.length > 0;
    if (!grouped)
      return aggregates.map((axis) => ({
        kind: 'stats',
        name: named(axis),
        yAxis: axis,
        params: { ...base, ...search, yAxis: [axis], interval: widget.interval, partial: true },
      }));
    const axis =
      widget.displayType === 'top_n' ? (aggregates.at(-1) ?? 'count()') : (aggregates[0] ?? 'count()');
    return [
      {
        kind: 'stats',
        name: named(axis),
        yAxis: axis,
        params: {
          ...base,
          ...search,
          yAxis: [axis],
          field: [...query.columns, ...aggregates],
          orderby: [query.orderby === '' ? `-${axis}` : query.orderby],
          topEvents: widget.displayType === 'top_n' ? DEFAULT_TOP_N : (widget.limit ?? DEFAULT_TOP_N),
          interval: widget.interval,
          partial: true,
        },
      },
    ];
  });
}

/**
 * An issue widget's requests, as Sentry's issues dataset config makes them: a table asks the issue
 * search with the query's conditions and sort (`limit` rows, else {@link TABLE_ROWS}); a chart asks
 * the issues-timeseries for each of its Y-axes by the widget's interval.
 */
function issueRequests(
  widget: Pick<DashboardWidget, 'displayType' | 'interval' | 'limit'> & {
    queries: readonly Pick<DashboardWidgetQuery, 'name' | 'aggregates' | 'conditions' | 'orderby'>[];
  },
  filters: PageFilters,
): WidgetRequest[] {
  const base = filterParams(filters);
  return widget.queries.flatMap((query): WidgetRequest[] => {
    if (widget.displayType === 'table')
      return [
        {
          kind: 'issues',
          name: query.name,
          params: {
            ...base,
            query: query.conditions.trim(),
            sort: issueSortOf(query.orderby),
            limit: widget.limit ?? TABLE_ROWS,
          },
        },
      ];
    const axes = query.aggregates.filter(isIssueAxis);
    return (axes.length > 0 ? axes : (['count(new_issues)'] as const)).map((axis) => ({
      kind: 'issue-series',
      name: query.name === '' ? axis : `${query.name} : ${axis}`,
      yAxis: axis,
      params: { ...base, yAxis: [axis], interval: widget.interval },
    }));
  });
}
