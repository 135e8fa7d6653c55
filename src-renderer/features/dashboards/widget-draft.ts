/**
 * A widget as the dashboard page edits it: the body Sentry's PUT takes (no ids for new widgets and
 * queries), made from the widget builder's form or from a Discover query ("Add to Dashboard", as
 * Sentry's Discover turns its query into a widget), and placed below the widgets already there.
 */
import {
  DATASET_DISPLAY_TYPES,
  type DashboardWidget,
  type DisplayType,
  defaultQueryOf,
  issueSortOf,
  type PageFilters,
  queryFields,
  type WidgetLayout,
  type WidgetType,
  widgetDataset,
} from '../../../src-shared/dashboards-api.ts';
import type { DiscoverQuery } from '../../../src-shared/discover-api.ts';
import { CHART_TYPES } from '../../../src-shared/explore-saved-api.ts';
import { STATS_PERIODS } from '../../../src-shared/issues-api.ts';
import { discoverHref } from '../discover/discover-url.ts';
import { issueListHref } from '../issues/list-location.ts';
import { DEFAULT_FIELDS as LOGS_FIELDS, DEFAULT_PERIOD as LOGS_PERIOD, logsHref } from '../logs/logs-url.ts';
import { DEFAULT_FIELDS, exploreHref, PERIODS } from '../traces/explore-url.ts';

/** A widget in a PUT body: a saved one keeps its id; a new one has none. */
export type WidgetDraft = Omit<DashboardWidget, 'id' | 'dateCreated' | 'dashboardId' | 'queries'> & {
  id?: string;
  queries: (Omit<DashboardWidget['queries'][number], 'id' | 'widgetId'> & { id?: string })[];
};

/** What the widget builder's form holds: one query, its lists as the text typed. */
export interface WidgetForm {
  title: string;
  widgetType: WidgetType;
  displayType: DisplayType;
  aggregates: string;
  columns: string;
  conditions: string;
  orderby: string;
  limit: string;
  interval: string;
}

const isAggregate = (field: string) => /^\w+\(.*\)$/.test(field) || field.startsWith('equation|');
const list = (text: string) =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');

export const EMPTY_FORM: WidgetForm = {
  title: '',
  widgetType: 'error-events',
  displayType: 'line',
  aggregates: 'count()',
  columns: '',
  conditions: '',
  orderby: '',
  limit: '',
  interval: '5m',
};

/**
 * The form on another dataset, or another visualization of an issue widget (a table and a chart ask
 * different things of issues): the new one's default query, as Sentry's builder resets it, and the
 * visualization kept when the dataset draws it, else the dataset's first.
 */
export function formOnDataset(
  form: WidgetForm,
  widgetType: WidgetType,
  displayType: DisplayType,
): WidgetForm {
  const displays = DATASET_DISPLAY_TYPES[widgetType];
  const display = displays.includes(displayType) ? displayType : (displays[0] ?? 'table');
  const sameQuery =
    widgetType === form.widgetType &&
    !(widgetType === 'issue' && (display === 'table') !== (form.displayType === 'table'));
  if (sameQuery) return { ...form, displayType: display };
  const query = defaultQueryOf(widgetType, display);
  return {
    ...form,
    widgetType,
    displayType: display,
    aggregates: query.aggregates.join(', '),
    columns: query.columns.join(', '),
    orderby: query.orderby,
    conditions: '',
  };
}

export function formOf(widget: WidgetDraft): WidgetForm {
  const [query] = widget.queries;
  return {
    title: widget.title,
    widgetType: widget.widgetType,
    displayType: widget.displayType,
    aggregates: (query?.aggregates ?? []).join(', '),
    columns: (query?.columns ?? []).join(', '),
    conditions: query?.conditions ?? '',
    orderby: query?.orderby ?? '',
    limit: widget.limit === null ? '' : String(widget.limit),
    interval: widget.interval,
  };
}

/** The form as a widget; an edited widget keeps its id, its first query's id and its other queries. */
export function widgetOf(form: WidgetForm, before?: WidgetDraft): WidgetDraft {
  const aggregates = list(form.aggregates);
  const columns = list(form.columns);
  const [first, ...others] = before?.queries ?? [];
  return {
    ...(before?.id ? { id: before.id } : {}),
    title: form.title.trim(),
    description: before?.description ?? null,
    displayType: form.displayType,
    widgetType: form.widgetType,
    interval: form.interval,
    limit: form.limit.trim() === '' ? null : Number(form.limit),
    layout: before?.layout ?? null,
    thresholds: null,
    datasetSource: 'user',
    queries: [
      {
        ...(first?.id ? { id: first.id } : {}),
        name: first?.name ?? '',
        fields: [...columns, ...aggregates],
        aggregates,
        columns,
        fieldAliases: [],
        conditions: form.conditions.trim(),
        orderby: form.orderby.trim(),
        isHidden: false,
      },
      ...others,
    ],
  };
}

/** Grid rows a widget takes: one for a big number, two for the others. */
const heightOf = (display: DisplayType) => (display === 'big_number' ? 1 : 2);

/** The grid's columns, as Sentry's desktop dashboards have. */
export const GRID_COLUMNS = 6;

const overlaps = (a: WidgetLayout, b: WidgetLayout) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/**
 * The layouts moved up as far as they go, as Sentry's grid (react-grid-layout's vertical compaction)
 * shows them: taken top to bottom, left to right, each rises until it would overlap one already
 * placed, so a deleted widget or a saved layout with holes leaves no gap. Widths are kept within the
 * grid. The order of the widgets is unchanged.
 */
export function compacted(layouts: readonly WidgetLayout[]): WidgetLayout[] {
  const order = layouts
    .map((layout, index) => ({ layout, index }))
    .sort((a, b) => a.layout.y - b.layout.y || a.layout.x - b.layout.x || a.index - b.index);
  const done: WidgetLayout[] = [];
  const out: WidgetLayout[] = new Array(layouts.length);
  for (const { layout, index } of order) {
    const w = Math.min(GRID_COLUMNS, Math.max(1, layout.w));
    const x = Math.min(Math.max(0, layout.x), GRID_COLUMNS - w);
    const h = Math.max(1, layout.h);
    let moved = { ...layout, x, w, h, y: 0 };
    while (done.some((other) => overlaps(moved, other))) moved = { ...moved, y: moved.y + 1 };
    done.push(moved);
    out[index] = moved;
  }
  return out;
}

/**
 * The widgets with a layout each, compacted: a widget without one goes below the others (a big
 * number two columns wide, others three).
 */
export function placed(widgets: readonly WidgetDraft[]): (WidgetDraft & { layout: WidgetLayout })[] {
  let bottom = Math.max(0, ...widgets.map((w) => (w.layout ? w.layout.y + w.layout.h : 0)));
  const laid = widgets.map((widget) => {
    if (widget.layout) return widget.layout;
    const h = heightOf(widget.displayType);
    const layout = { x: 0, y: bottom, w: widget.displayType === 'big_number' ? 2 : 3, h, minH: h };
    bottom += h;
    return layout;
  });
  const layouts = compacted(laid);
  return widgets.map((widget, index) => ({ ...widget, layout: layouts[index] as WidgetLayout }));
}

/** A saved widget as a draft: the ids the PUT keeps it by. */
export function draftOf(widget: DashboardWidget): WidgetDraft {
  const { dateCreated: _d, dashboardId: _b, ...rest } = widget;
  return {
    ...rest,
    ...(widget.id === '' ? { id: undefined } : {}),
    queries: widget.queries.map(({ widgetId: _w, ...query }) =>
      query.id === '' ? { ...query, id: undefined } : query,
    ),
  };
}

/** Discover's chart displays as Sentry's "Add to Dashboard" turns them into visualizations. */
const DISPLAY_OF: Record<string, DisplayType> = {
  default: 'line',
  previous: 'line',
  top5: 'top_n',
  daily: 'bar',
  dailytop5: 'bar',
  bar: 'bar',
};

/** Discover's dataset as a widget's, or undefined for one no widget reads. */
export function widgetTypeOf(dataset: string | undefined): WidgetType | undefined {
  if (dataset === undefined || dataset === 'errors' || dataset === 'discover') return 'error-events';
  if (dataset === 'transactions') return 'transaction-like';
  if (dataset === 'spans') return 'spans';
  return dataset === 'logs' || dataset === 'ourlogs' ? 'logs' : undefined;
}

/**
 * A Discover query as a widget (Sentry's `handleAddQueryToDashboard`): its Y-axes as the aggregates
 * and its display as the visualization; grouped by its other columns for the top displays; its
 * search and sort kept.
 */
export function widgetOfDiscover(
  query: DiscoverQuery,
  display: string,
  yAxis: readonly string[],
  title: string,
): WidgetDraft | undefined {
  const widgetType = widgetTypeOf(query.dataset);
  if (!widgetType) return undefined;
  const displayType = DISPLAY_OF[display] ?? 'line';
  const fnFields = query.field.filter(isAggregate);
  const aggregates = yAxis.filter((axis) => axis !== '');
  const chosen =
    aggregates.length > 0 ? aggregates : fnFields.slice(0, 1).length ? fnFields.slice(0, 1) : ['count()'];
  const top = displayType === 'top_n' || display === 'dailytop5';
  const columns = top ? query.field.filter((f) => !isAggregate(f)) : [];
  return {
    title,
    description: null,
    displayType,
    widgetType,
    interval: display === 'daily' || display === 'dailytop5' ? '1d' : '5m',
    limit: top ? 5 : null,
    layout: null,
    thresholds: null,
    datasetSource: 'user',
    queries: [
      {
        name: '',
        fields: [...columns, ...chosen],
        aggregates: chosen,
        columns,
        fieldAliases: [],
        conditions: query.query ?? '',
        orderby: top ? (query.sort?.[0] ?? `-${chosen[0]}`) : '',
        isHidden: false,
      },
    ],
  };
}

/**
 * A widget's first query opened in Discover, as Sentry's widget menu opens it: its columns and
 * aggregates as the fields (a big number, its aggregate alone), its search and sort, the page's
 * filters, its aggregates as the Y-axes, and the chart as Discover draws it (a grouped or top N chart
 * as Top 5, bars as bars).
 */
export function discoverHrefOf(widget: WidgetDraft, filters: PageFilters): string | undefined {
  const [query] = widget.queries;
  const dataset = widgetDataset(widget.widgetType);
  if (!query || dataset === undefined) return undefined;
  const aggregates = query.aggregates.length > 0 ? query.aggregates : ['count()'];
  const field =
    widget.displayType === 'big_number' ? aggregates.slice(0, 1) : queryFields({ ...query, aggregates });
  const chart = widget.displayType !== 'table' && widget.displayType !== 'big_number';
  const grouped = widget.displayType === 'top_n' || (chart && query.columns.length > 0);
  const display = grouped ? 'top5' : widget.displayType === 'bar' ? 'bar' : 'default';
  const project = filters.project?.filter((id) => id > 0) ?? [];
  return discoverHref(
    {
      dataset,
      field,
      ...(query.conditions.trim() === '' ? {} : { query: query.conditions }),
      ...(query.orderby === '' ? {} : { sort: [query.orderby] }),
      ...(project.length > 0 ? { project } : {}),
      ...(filters.environment && filters.environment.length > 0 ? { environment: filters.environment } : {}),
      ...(filters.start && filters.end
        ? { start: filters.start, end: filters.end }
        : filters.statsPeriod
          ? { statsPeriod: filters.statsPeriod }
          : {}),
    },
    display,
    null,
    chart ? (grouped ? aggregates.slice(0, 1) : aggregates) : [],
    chart
      ? { interval: widget.interval, ...(grouped && widget.limit ? { topEvents: widget.limit } : {}) }
      : {},
  );
}

/** Where a widget's menu opens its query, and what the item says. */
export interface WidgetLink {
  label: string;
  href: string;
}

/** The page's first project, the one a single-project page opens (none: that page's own default). */
const firstProject = (filters: PageFilters) => filters.project?.find((id) => id > 0);

/**
 * The page that shows a widget's first query, as Sentry's widget menu opens it: an issue widget's
 * search and sort on the issue list ("Open in Issues"), a logs widget's search on the Logs page
 * ("Open in Explore", with its aggregates as the charts and its columns as the Group By), a spans widget's on the Traces page (Sentry's Explore: its search, its
 * aggregates as the charts, its columns as the Group By — then the Aggregates tab — and its sort),
 * the others in Discover with their fields, search, sort and Y-axes. The issue list, the Logs page
 * and the Traces page show one project: the page's first (all projects: their default one).
 */
export function widgetLinkOf(widget: WidgetDraft, filters: PageFilters): WidgetLink | undefined {
  const [query] = widget.queries;
  if (!query) return undefined;
  const project = firstProject(filters);
  const period = STATS_PERIODS.find((p) => p === filters.statsPeriod);
  const range = filters.start && filters.end ? { start: filters.start, end: filters.end } : undefined;
  switch (widget.widgetType) {
    case 'issue':
      return {
        label: 'Open in Issues',
        href: issueListHref({
          projectId: project ?? 1,
          query: query.conditions,
          sort: issueSortOf(query.orderby),
          period: period ?? '14d',
          ...(range ?? {}),
          ...(filters.environment?.length ? { environments: filters.environment } : {}),
        }),
      };
    case 'logs': {
      const aggregates = query.aggregates.length > 0 ? query.aggregates : ['count(message)'];
      const grouped = query.columns.length > 0;
      return {
        label: 'Open in Explore',
        href: logsHref({
          project: project ?? 1,
          mode: grouped ? 'aggregate' : 'samples',
          query: query.conditions.trim(),
          fields: [...LOGS_FIELDS],
          sort: 'newest',
          period: period ?? LOGS_PERIOD,
          range,
          visualize: [{ chartType: EXPLORE_CHART[widget.displayType] ?? CHART_TYPES.bar, yAxes: aggregates }],
          groupBy: [...query.columns],
          aggregateSort: grouped && query.orderby !== '' ? query.orderby : undefined,
          savedId: null,
        }),
      };
    }
    case 'spans':
      // The Traces page reads a period, not a range: a range opens in Discover, which keeps it.
      if (!range) return { label: 'Open in Explore', href: exploreHrefOf(widget, query, project, period) };
      return { label: 'Open in Discover', href: discoverHrefOf(widget, filters) ?? '' };
    case 'error-events':
    case 'transaction-like': {
      const href = discoverHrefOf(widget, filters);
      return href ? { label: 'Open in Discover', href } : undefined;
    }
  }
}

/**
 * A copy of a widget, as Sentry's "Duplicate Widget" makes it: no ids (saved as a new widget with new
 * queries) and no layout, so it goes below the others.
 */
export function duplicateOf(widget: WidgetDraft): WidgetDraft {
  const { id: _id, layout: _layout, ...rest } = widget;
  return { ...rest, layout: null, queries: widget.queries.map(({ id: _q, ...query }) => ({ ...query })) };
}

/** The Explore chart type a widget's visualization reads as (tables and big numbers: Explore's bars). */
const EXPLORE_CHART: Partial<Record<DisplayType, number>> = {
  line: CHART_TYPES.line,
  area: CHART_TYPES.area,
  bar: CHART_TYPES.bar,
  top_n: CHART_TYPES.bar,
};

/** A spans widget's query on the Traces page, as Sentry's `getWidgetExploreUrl` opens it. */
function exploreHrefOf(
  widget: WidgetDraft,
  query: WidgetDraft['queries'][number],
  project: number | undefined,
  period: string | undefined,
): string {
  const aggregates = query.aggregates.length > 0 ? query.aggregates : ['count(span.duration)'];
  const grouped = query.columns.length > 0;
  return exploreHref({
    project: project ?? 1,
    tab: grouped ? 'aggregate' : 'span',
    query: query.conditions.trim(),
    fields: [...DEFAULT_FIELDS],
    sort: '-timestamp',
    visualize: [{ chartType: EXPLORE_CHART[widget.displayType] ?? CHART_TYPES.bar, yAxes: aggregates }],
    groupBy: [...query.columns],
    aggregateSort: grouped && query.orderby !== '' ? query.orderby : undefined,
    statsPeriod: PERIODS.find((p) => p === period) ?? '24h',
    savedId: null,
  });
}
