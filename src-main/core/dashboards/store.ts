/**
 * Dashboards as Sentry keeps them (`Dashboard`, `DashboardWidget`, `DashboardWidgetQuery`, and the
 * `DashboardTombstone` of a prebuilt one deleted or replaced): rows and the JSON Sentry serves them
 * as. Written only by dashboards.ts, after the body is checked.
 */
import type {
  Dashboard,
  DashboardListItem,
  DashboardWidget,
  DisplayType,
  WidgetLayout,
  WidgetType,
} from '../../../src-shared/dashboards-api.ts';
import type { Migration } from '../store/migrations.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';

export const DASHBOARDS_MIGRATION: Migration = {
  name: '0126_dashboards',
  sql: `
    CREATE TABLE dashboards (
      id INTEGER PRIMARY KEY,
      title TEXT NOT NULL UNIQUE,
      -- Sentry's page filters: {environment, period, start, end, all_projects} as JSON.
      filters TEXT NOT NULL,
      projects TEXT NOT NULL,
      date_created INTEGER NOT NULL
    );
    CREATE TABLE dashboard_widgets (
      id INTEGER PRIMARY KEY,
      dashboard_id INTEGER NOT NULL REFERENCES dashboards(id) ON DELETE CASCADE,
      widget_order INTEGER NOT NULL,
      title TEXT NOT NULL,
      description TEXT,
      display_type TEXT NOT NULL,
      widget_type TEXT NOT NULL,
      interval TEXT NOT NULL,
      widget_limit INTEGER,
      layout TEXT,
      date_created INTEGER NOT NULL
    );
    CREATE INDEX dashboard_widgets_dashboard ON dashboard_widgets(dashboard_id, widget_order);
    CREATE TABLE dashboard_widget_queries (
      id INTEGER PRIMARY KEY,
      widget_id INTEGER NOT NULL REFERENCES dashboard_widgets(id) ON DELETE CASCADE,
      query_order INTEGER NOT NULL,
      name TEXT NOT NULL,
      fields TEXT NOT NULL,
      aggregates TEXT NOT NULL,
      columns TEXT NOT NULL,
      field_aliases TEXT NOT NULL,
      conditions TEXT NOT NULL,
      orderby TEXT NOT NULL,
      is_hidden INTEGER NOT NULL DEFAULT 0,
      date_created INTEGER NOT NULL
    );
    CREATE INDEX dashboard_widget_queries_widget ON dashboard_widget_queries(widget_id, query_order);
    CREATE TABLE dashboard_tombstones (
      slug TEXT PRIMARY KEY,
      date_created INTEGER NOT NULL
    );
  `,
};

export interface DashboardRow {
  id: number;
  title: string;
  filters: string;
  projects: string;
  date_created: number;
}

export interface WidgetRow {
  id: number;
  dashboard_id: number;
  widget_order: number;
  title: string;
  description: string | null;
  display_type: string;
  widget_type: string;
  interval: string;
  widget_limit: number | null;
  layout: string | null;
  date_created: number;
}

export interface QueryRow {
  id: number;
  widget_id: number;
  query_order: number;
  name: string;
  fields: string;
  aggregates: string;
  columns: string;
  field_aliases: string;
  conditions: string;
  orderby: string;
  is_hidden: number;
  date_created: number;
}

export interface StoredFilters {
  environment?: string[];
  period?: string;
  start?: string;
  end?: string;
  all_projects?: boolean;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function widgetRows(db: SqliteDb, dashboardId: number): WidgetRow[] {
  return stmt(db, 'SELECT * FROM dashboard_widgets WHERE dashboard_id = ? ORDER BY widget_order, id').all(
    dashboardId,
  ) as WidgetRow[];
}

export function queryRows(db: SqliteDb, widgetId: number): QueryRow[] {
  return stmt(db, 'SELECT * FROM dashboard_widget_queries WHERE widget_id = ? ORDER BY query_order, id').all(
    widgetId,
  ) as QueryRow[];
}

function widgetJson(db: SqliteDb, row: WidgetRow): DashboardWidget {
  return {
    id: String(row.id),
    title: row.title,
    description: row.description,
    displayType: row.display_type as DisplayType,
    widgetType: row.widget_type as WidgetType,
    interval: row.interval,
    limit: row.widget_limit,
    layout: row.layout === null ? null : (JSON.parse(row.layout) as WidgetLayout),
    dateCreated: iso(row.date_created),
    dashboardId: String(row.dashboard_id),
    thresholds: null,
    datasetSource: 'user',
    queries: queryRows(db, row.id).map((q) => ({
      id: String(q.id),
      name: q.name,
      fields: JSON.parse(q.fields) as string[],
      aggregates: JSON.parse(q.aggregates) as string[],
      columns: JSON.parse(q.columns) as string[],
      fieldAliases: JSON.parse(q.field_aliases) as string[],
      conditions: q.conditions,
      orderby: q.orderby,
      widgetId: String(row.id),
      isHidden: q.is_hidden === 1,
    })),
  };
}

function filtersOf(row: DashboardRow) {
  const filters = JSON.parse(row.filters) as StoredFilters;
  return {
    projects: filters.all_projects ? [-1] : (JSON.parse(row.projects) as number[]),
    environment: filters.environment ?? [],
    ...(filters.period ? { period: filters.period } : {}),
    ...(filters.start ? { start: filters.start } : {}),
    ...(filters.end ? { end: filters.end } : {}),
  };
}

export function dashboardJson(db: SqliteDb, row: DashboardRow): Dashboard {
  return {
    id: String(row.id),
    title: row.title,
    dateCreated: iso(row.date_created),
    createdBy: null,
    widgets: widgetRows(db, row.id).map((w) => widgetJson(db, w)),
    ...filtersOf(row),
    filters: {},
    permissions: null,
    isFavorited: false,
  };
}

export function listItemJson(db: SqliteDb, row: DashboardRow): DashboardListItem {
  const widgets = widgetRows(db, row.id);
  const display = widgets.map((w) => w.display_type as DisplayType);
  const { projects, environment } = filtersOf(row);
  return {
    id: String(row.id),
    title: row.title,
    dateCreated: iso(row.date_created),
    createdBy: null,
    widgetDisplay: display,
    widgetPreview: widgets.map((w) => ({
      displayType: w.display_type as DisplayType,
      layout: w.layout === null ? null : (JSON.parse(w.layout) as WidgetLayout),
    })),
    projects,
    environment,
    filters: {},
    isFavorited: false,
    permissions: null,
  };
}

export function dashboardRow(db: SqliteDb, id: number): DashboardRow | undefined {
  return stmt(db, 'SELECT * FROM dashboards WHERE id = ?').get(id) as DashboardRow | undefined;
}

export function hasTombstone(db: SqliteDb, slug: string): boolean {
  return stmt(db, 'SELECT 1 FROM dashboard_tombstones WHERE slug = ?').get(slug) !== undefined;
}

export function addTombstone(db: SqliteDb, slug: string, now: number): void {
  stmt(db, 'INSERT OR IGNORE INTO dashboard_tombstones (slug, date_created) VALUES (?, ?)').run(slug, now);
}
