/**
 * Dashboards, read and written on the main thread by the RPC (`dashboards.*`) and the web API
 * (`/organizations/{org}/dashboards/`) alike, as Sentry's endpoints do: the list with the prebuilt
 * General dashboard first, a new dashboard (a taken title becomes Sentry's "… copy"), a PUT that
 * replaces the widgets (with an id: updated; without: created; missing: deleted), a delete (never of
 * the last dashboard), and a widget checked without saving it. Every widget's queries are checked by
 * Discover's own code before anything is written (widget-check.ts).
 */
import {
  type Dashboard,
  type DashboardListItem,
  type DisplayType,
  PREBUILT_ID,
  type WidgetType,
} from '../../../src-shared/dashboards-api.ts';
import { FaultlineError } from '../../../src-shared/errors.ts';
import type { CoreContext } from '../context.ts';
import { SavedQueryInvalid } from '../discover/drf-fields.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';
import {
  checkDashboardBody,
  checkWidgetShape,
  type DashboardInput,
  type WidgetInput,
  type WidgetQueryInput,
} from './dashboard-body.ts';
import { generalDashboard } from './prebuilt.ts';
import {
  addTombstone,
  type DashboardRow,
  dashboardJson,
  dashboardRow,
  hasTombstone,
  listItemJson,
  type QueryRow,
  queryRows,
  type StoredFilters,
  type WidgetRow,
  widgetRows,
} from './store.ts';
import { type CheckedQuery, widgetMistakes } from './widget-check.ts';

const notFound = (id: string) => new FaultlineError('not_found', `dashboard ${id} does not exist`);

/** Sentry's `sort`; any other sorts by title. */
const ORDER: Record<string, string> = {
  title: 'title ASC, date_created DESC, id DESC',
  '-title': 'title DESC, date_created DESC, id DESC',
  dateCreated: 'date_created ASC, id ASC',
  '-dateCreated': 'date_created DESC, id DESC',
};

const prebuiltShown = (db: SqliteDb) => !hasTombstone(db, PREBUILT_ID);

export function listDashboards(db: SqliteDb, search: { query?: string; sort?: string }): DashboardListItem[] {
  const query = search.query?.trim() ?? '';
  const matches = (title: string) => title.toLowerCase().includes(query.toLowerCase());
  const order = ORDER[search.sort ?? ''] ?? ORDER.title;
  const rows = stmt(db, `SELECT * FROM dashboards ORDER BY ${order}`).all() as DashboardRow[];
  const general = generalDashboard();
  const prebuilt: DashboardListItem[] =
    prebuiltShown(db) && matches(general.title)
      ? [
          {
            ...general,
            widgetDisplay: general.widgets.map((w) => w.displayType),
            widgetPreview: general.widgets.map((w) => ({ displayType: w.displayType, layout: null })),
          },
        ].map(({ widgets: _widgets, ...item }) => item as DashboardListItem)
      : [];
  return [...prebuilt, ...rows.filter((row) => matches(row.title)).map((row) => listItemJson(db, row))];
}

/** A saved dashboard's id; the prebuilt one (while shown) is `undefined`. */
function savedId(db: SqliteDb, id: string): number | undefined {
  if (id === PREBUILT_ID && prebuiltShown(db)) return undefined;
  const row = /^\d{1,15}$/.test(id) ? dashboardRow(db, Number(id)) : undefined;
  if (!row) throw notFound(id);
  return row.id;
}

export function getDashboard(db: SqliteDb, id: string): Dashboard {
  const saved = savedId(db, id);
  if (saved === undefined) return generalDashboard();
  return dashboardJson(db, dashboardRow(db, saved) as DashboardRow);
}

/** Sentry's `incremental_title`: a taken title as "… copy", then "… copy 2" and on. */
function freeTitle(db: SqliteDb, title: string): string {
  const taken = new Set(
    (stmt(db, 'SELECT title FROM dashboards').all() as { title: string }[]).map((r) => r.title),
  );
  if (!taken.has(title)) return title;
  const base = title.replace(/ ?copy ?(\d+)?$/, '');
  const copies = [...taken].flatMap((t) => {
    const match = t.startsWith(base) ? /^ copy ?(\d+)?$/.exec(t.slice(base.length)) : null;
    return match ? [Number(match[1] ?? 0) + 1] : [];
  });
  const next = Math.max(0, ...copies);
  return next === 0 ? `${base} copy` : `${base} copy ${next}`;
}

/** The widget as it will be saved: the stored one's values under the body's. */
interface EffectiveWidget {
  id?: number;
  title: string;
  description: string | null;
  displayType: DisplayType;
  widgetType: WidgetType;
  interval: string;
  limit: number | null;
  layout: WidgetInput['layout'];
  queries: (CheckedQuery & { id?: number; name: string; fieldAliases: string[]; isHidden: boolean })[];
}

const isAggregate = (field: string) => /^\w+\(.*\)$/.test(field) || field.startsWith('equation|');

function effectiveQuery(
  input: WidgetQueryInput,
  stored: QueryRow | undefined,
): EffectiveWidget['queries'][number] {
  const json = (text: string | undefined) =>
    text === undefined ? undefined : (JSON.parse(text) as string[]);
  const fields = input.fields ?? json(stored?.fields) ?? [];
  let aggregates = input.aggregates ?? json(stored?.aggregates);
  let columns = input.columns ?? json(stored?.columns);
  // An older body names only `fields`: its functions are the aggregates, the rest the columns.
  if (aggregates === undefined && columns === undefined) {
    aggregates = fields.filter(isAggregate);
    columns = fields.filter((f) => !isAggregate(f));
  }
  return {
    ...(stored ? { id: stored.id } : {}),
    name: input.name ?? stored?.name ?? '',
    fields,
    aggregates: aggregates ?? [],
    columns: columns ?? [],
    fieldAliases: input.fieldAliases ?? json(stored?.field_aliases) ?? [],
    conditions: input.conditions ?? stored?.conditions ?? '',
    orderby: input.orderby ?? stored?.orderby ?? '',
    isHidden: input.isHidden ?? stored?.is_hidden === 1,
  };
}

const foreign = (what: string) => new SavedQueryInvalid({ non_field_errors: [what] });

function effectiveWidget(db: SqliteDb, input: WidgetInput, stored: WidgetRow | undefined): EffectiveWidget {
  const storedQueries = stored ? queryRows(db, stored.id) : [];
  const byId = new Map(storedQueries.map((q) => [q.id, q]));
  const queries = input.queries
    ? input.queries.map((q) => {
        if (q.id !== undefined && !byId.has(q.id))
          throw foreign('You cannot use a query not owned by this widget.');
        return effectiveQuery(q, q.id === undefined ? undefined : byId.get(q.id));
      })
    : storedQueries.map((q) => effectiveQuery({}, q));
  return {
    ...(stored ? { id: stored.id } : {}),
    title: input.title ?? stored?.title ?? '',
    description: input.description !== undefined ? input.description : (stored?.description ?? null),
    displayType: (input.displayType ?? stored?.display_type ?? 'line') as DisplayType,
    widgetType: input.widgetType ?? (stored?.widget_type as WidgetType | undefined) ?? 'error-events',
    interval: input.interval ?? stored?.interval ?? '5m',
    limit: input.limit !== undefined ? input.limit : (stored?.widget_limit ?? null),
    layout: input.layout !== undefined ? input.layout : stored?.layout ? JSON.parse(stored.layout) : null,
    queries,
  };
}

/** The widgets as they will be saved; every query checked by Discover, the mistakes under their widget. */
async function effectiveWidgets(
  ctx: CoreContext,
  dashboardId: number | undefined,
  inputs: WidgetInput[],
): Promise<EffectiveWidget[]> {
  const stored = new Map(
    (dashboardId === undefined ? [] : widgetRows(ctx.db, dashboardId)).map((row) => [row.id, row]),
  );
  const widgets = inputs.map((input) => {
    if (input.id !== undefined && !stored.has(input.id))
      throw foreign('You cannot update widgets that are not part of this dashboard.');
    return effectiveWidget(ctx.db, input, input.id === undefined ? undefined : stored.get(input.id));
  });
  const mistakes = [];
  for (const widget of widgets) mistakes.push((await widgetMistakes(ctx, widget)) ?? {});
  if (mistakes.some((m) => Object.keys(m).length > 0)) throw new SavedQueryInvalid({ widgets: mistakes });
  return widgets;
}

function writeQueries(
  db: SqliteDb,
  widgetId: number,
  queries: EffectiveWidget['queries'],
  now: number,
): void {
  const keep = queries.flatMap((q) => (q.id === undefined ? [] : [q.id]));
  stmt(
    db,
    `DELETE FROM dashboard_widget_queries WHERE widget_id = ? AND id NOT IN (SELECT value FROM json_each(?))`,
  ).run(widgetId, JSON.stringify(keep));
  queries.forEach((q, order) => {
    const values = [
      order,
      q.name,
      JSON.stringify(q.fields),
      JSON.stringify(q.aggregates),
      JSON.stringify(q.columns),
      JSON.stringify(q.fieldAliases),
      q.conditions,
      q.orderby,
      q.isHidden ? 1 : 0,
    ];
    if (q.id !== undefined)
      stmt(
        db,
        `UPDATE dashboard_widget_queries SET query_order = ?, name = ?, fields = ?, aggregates = ?, columns = ?,
           field_aliases = ?, conditions = ?, orderby = ?, is_hidden = ? WHERE id = ?`,
      ).run(...values, q.id);
    else
      stmt(
        db,
        `INSERT INTO dashboard_widget_queries (query_order, name, fields, aggregates, columns, field_aliases,
           conditions, orderby, is_hidden, widget_id, date_created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(...values, widgetId, now);
  });
}

/** Sentry's `update_widgets`: the body's widgets in its order, the others deleted. */
function writeWidgets(db: SqliteDb, dashboardId: number, widgets: EffectiveWidget[], now: number): void {
  const keep = widgets.flatMap((w) => (w.id === undefined ? [] : [w.id]));
  stmt(
    db,
    'DELETE FROM dashboard_widgets WHERE dashboard_id = ? AND id NOT IN (SELECT value FROM json_each(?))',
  ).run(dashboardId, JSON.stringify(keep));
  widgets.forEach((w, order) => {
    const values = [
      order,
      w.title,
      w.description,
      w.displayType,
      w.widgetType,
      w.interval,
      w.limit,
      w.layout ? JSON.stringify(w.layout) : null,
    ];
    let id = w.id;
    if (id !== undefined)
      stmt(
        db,
        `UPDATE dashboard_widgets SET widget_order = ?, title = ?, description = ?, display_type = ?,
           widget_type = ?, interval = ?, widget_limit = ?, layout = ? WHERE id = ?`,
      ).run(...values, id);
    else
      id = Number(
        stmt(
          db,
          `INSERT INTO dashboard_widgets (widget_order, title, description, display_type, widget_type, interval,
             widget_limit, layout, dashboard_id, date_created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(...values, dashboardId, now).lastInsertRowid,
      );
    writeQueries(db, id, w.queries, now);
  });
}

/** Sentry's `update_dashboard_filters`: the page filters the body names, the others kept. */
function filtersAfter(
  row: DashboardRow | undefined,
  input: DashboardInput,
): { filters: string; projects: string } {
  const filters: StoredFilters = row ? (JSON.parse(row.filters) as StoredFilters) : {};
  let projects = row ? (JSON.parse(row.projects) as number[]) : [];
  if (input.projects !== undefined) {
    const all = input.projects.length > 0 && input.projects.every((id) => id === -1);
    filters.all_projects = all;
    projects = all ? [] : [...new Set(input.projects)].sort((a, b) => a - b);
  }
  for (const key of ['environment', 'period', 'start', 'end'] as const) {
    const value = input[key];
    if (value === undefined) continue;
    if (value === null) delete filters[key];
    else Object.assign(filters, { [key]: value });
  }
  return { filters: JSON.stringify(filters), projects: JSON.stringify(projects) };
}

const knownProjects = (ctx: CoreContext) => new Set(ctx.projects.list().map((project) => project.id));

/** A new dashboard (Sentry's POST): a taken title is made free as Sentry's "… copy". */
export async function createDashboard(ctx: CoreContext, body: unknown, now = Date.now()): Promise<Dashboard> {
  const input = checkDashboardBody(body, knownProjects(ctx), true);
  const widgets = await effectiveWidgets(ctx, undefined, input.widgets ?? []);
  return insertDashboard(ctx.db, input, input.title ?? '', widgets, now);
}

function insertDashboard(
  db: SqliteDb,
  input: DashboardInput,
  title: string,
  widgets: EffectiveWidget[],
  now: number,
): Dashboard {
  const id = db.transaction(() => {
    const { filters, projects } = filtersAfter(undefined, input);
    const created = stmt(
      db,
      'INSERT INTO dashboards (title, filters, projects, date_created) VALUES (?, ?, ?, ?)',
    ).run(freeTitle(db, title), filters, projects, now);
    const dashboardId = Number(created.lastInsertRowid);
    writeWidgets(db, dashboardId, widgets, now);
    return dashboardId;
  })();
  return getDashboard(db, String(id));
}

/**
 * Sentry's PUT: the title (409 when another dashboard has it), the page filters it names, and its
 * widgets replacing the saved ones. The prebuilt dashboard is replaced by a saved copy (its tombstone).
 */
export async function updateDashboard(
  ctx: CoreContext,
  args: { id: string; body: unknown },
  now = Date.now(),
): Promise<Dashboard> {
  const id = savedId(ctx.db, args.id);
  const input = checkDashboardBody(args.body, knownProjects(ctx), false);
  if (id === undefined) {
    const general = generalDashboard();
    const widgets = await effectiveWidgets(ctx, undefined, input.widgets ?? forkOf(general));
    return ctx.db.transaction(() => {
      addTombstone(ctx.db, PREBUILT_ID, now);
      return insertDashboard(ctx.db, input, input.title ?? general.title, widgets, now);
    })();
  }
  const widgets = input.widgets === undefined ? undefined : await effectiveWidgets(ctx, id, input.widgets);
  const row = dashboardRow(ctx.db, id) as DashboardRow;
  if (input.title !== undefined && input.title !== row.title) {
    const taken = stmt(ctx.db, 'SELECT 1 FROM dashboards WHERE title = ? AND id <> ?').get(input.title, id);
    if (taken) throw new FaultlineError('conflict', 'Dashboard with that title already exists.');
  }
  ctx.db.transaction(() => {
    const { filters, projects } = filtersAfter(row, input);
    stmt(ctx.db, 'UPDATE dashboards SET title = ?, filters = ?, projects = ? WHERE id = ?').run(
      input.title ?? row.title,
      filters,
      projects,
      id,
    );
    if (widgets) writeWidgets(ctx.db, id, widgets, now);
  })();
  return getDashboard(ctx.db, String(id));
}

/** The prebuilt dashboard's widgets as a body's (no ids: all new). */
function forkOf(dashboard: Dashboard): WidgetInput[] {
  return dashboard.widgets.map(({ id: _id, queries, ...widget }) => ({
    ...widget,
    queries: queries.map(({ id: _q, widgetId: _w, ...query }) => query),
  }));
}

/** Sentry's DELETE: the prebuilt one leaves a tombstone; the last dashboard stays (409). */
export function deleteDashboard(db: SqliteDb, id: string, now = Date.now()): { deleted: true } {
  const saved = savedId(db, id);
  const count = (stmt(db, 'SELECT count(*) AS n FROM dashboards').get() as { n: number }).n;
  const shown = count + (prebuiltShown(db) ? 1 : 0);
  if (shown <= 1) throw new FaultlineError('conflict', 'Cannot delete last Dashboard.');
  if (saved === undefined) addTombstone(db, PREBUILT_ID, now);
  else stmt(db, 'DELETE FROM dashboards WHERE id = ?').run(saved);
  return { deleted: true };
}

/** Sentry's widget check (`POST …/dashboards/widgets/`): the widget as a new one, its queries run by Discover. */
export async function validateWidget(ctx: CoreContext, body: unknown): Promise<{ warnings: WidgetWarnings }> {
  const input = checkWidgetShape(body);
  const widget = effectiveWidget(ctx.db, { ...input, id: undefined }, undefined);
  const mistakes = await widgetMistakes(ctx, widget);
  if (mistakes) throw new SavedQueryInvalid(mistakes);
  return { warnings: { queries: [], columns: {} } };
}

/** Sentry's on-demand metrics warnings: Faultline reads every event, so there are none. */
export interface WidgetWarnings {
  queries: never[];
  columns: Record<string, never>;
}
