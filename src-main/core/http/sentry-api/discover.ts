/**
 * Discover's event table, `GET /organizations/{org}/events/`, as Sentry's MCP server (`search_events`)
 * and editor tools call it: `field` (repeated), `query`, `sort`, `per_page`/`cursor`, `statsPeriod` or
 * `start`/`end`, `project`, `dataset`. The request becomes one SnQL query on the `events` entity, run
 * by the console's executor: non-aggregate fields are grouped by when an aggregate is selected, as
 * Discover does, and without one Sentry's auto fields (`id`, `project.name`) are added. Faultline's
 * events are all errors, so `errors` and `discover` read them; `spans`, `logs` (`ourlogs`) and
 * `transactions` (`metricsEnhanced`) are read from the stores as Explore's are (`explore.ts`); Sentry's
 * other datasets answer no rows.
 */
import type { SnqlRow } from '../../../../src-shared/snql-api.ts';
import type { CoreContext } from '../../context.ts';
import { formatShortId } from '../../issues/short-id.ts';
import { assertSortable, equationAliases, errorsEquationField } from './discover-equations.ts';
import { type DiscoverField, discoverField, rowValue, tableMeta } from './discover-fields.ts';
import { type DiscoverQuery, discoverQuery } from './discover-query.ts';
import { EXPLORE_DATASETS, exploreEvents } from './explore.ts';
import { environmentAsSearch, streamProjects } from './issues.ts';
import { assertOrganization } from './organization.ts';
import { linkHeader, pageOf } from './pagination.ts';
import { type ApiReply, type ApiRequest, type Endpoint, ok, SentryApiError } from './request.ts';
import { scopeConditions, snqlRows } from './snql-text.ts';
import { type TimeRange, timeRangeOf } from './time-range.ts';

/** Sentry's `DATASET_OPTIONS`, in its order (the 400's text lists them). */
const DATASETS = [
  'discover',
  'errors',
  'metricsEnhanced',
  'metrics',
  'ourlogs',
  'logs',
  'uptimeChecks',
  'uptime_results',
  'profiles',
  'issuePlatform',
  'profileFunctions',
  'spans',
  'spansIndexed',
  'spansMetrics',
  'transactions',
];
const SERVED_DATASETS = new Set(['discover', 'errors']);

/**
 * The datasets answered with rows, each with the kind of rows it reads (`errors` for the events, else
 * Explore's): the app's Discover page offers these.
 */
export function servedDatasets(): { name: string; kind: string }[] {
  return [
    ...[...SERVED_DATASETS].map((name) => ({ name, kind: 'errors' })),
    ...Object.entries(EXPLORE_DATASETS).map(([name, kind]) => ({ name, kind })),
  ];
}
/** The request's `dataset` (`discover` when absent); Sentry's 400 for one it does not know. */
export function datasetOf(query: URLSearchParams): string {
  const dataset = query.get('dataset') || 'discover';
  if (!DATASETS.includes(dataset))
    throw new SentryApiError(400, `dataset must be one of: ${DATASETS.join(', ')}`);
  return dataset;
}

/** Whether the dataset reads the events with SnQL (`errors`, `discover`). */
export const isErrorsDataset = (dataset: string) => SERVED_DATASETS.has(dataset);

/** Sentry's `MAX_FIELDS`. */
const MAX_FIELDS = 20;

/** The requested fields, each once; Sentry's 400 for none or too many. */
function fieldNames(query: URLSearchParams): string[] {
  const names = [...new Set(query.getAll('field').map((f) => f.trim()))].filter((f) => f !== '');
  if (names.length === 0) throw new SentryApiError(400, 'No columns selected');
  if (names.length > MAX_FIELDS)
    throw new SentryApiError(
      400,
      `You can view up to ${MAX_FIELDS} fields at a time. Please delete some and try again.`,
    );
  return names;
}

function fieldsOf(names: string[], periodSeconds: number): DiscoverField[] {
  const aliases = equationAliases(names);
  const fields = names.map((name) => {
    const alias = aliases.get(name);
    return alias
      ? errorsEquationField(name, { selected: names, alias }, { periodSeconds })
      : discoverField(name, { periodSeconds });
  });
  // Sentry's auto fields: an event table links each row to its event.
  if (!fields.some((f) => f.aggregate)) {
    if (!names.includes('id')) fields.push(discoverField('id', { periodSeconds }));
    if (!names.includes('project.id') && !names.includes('project.name'))
      fields.push(discoverField('project.name', { periodSeconds }));
  }
  return fields;
}

/**
 * `sort` (or the older `orderby`): selected fields, or a function's alias, or an equation's
 * (`equation[0]`), `-` for descending.
 */
export function orderBy(query: URLSearchParams, fields: DiscoverField[]): string[] {
  const sorts = query.getAll('sort').length > 0 ? query.getAll('sort') : query.getAll('orderby');
  return sorts
    .filter((sort) => sort !== '')
    .map((sort) => {
      const bare = sort.replace(/^-/, '');
      assertSortable(bare);
      const index = fields.findIndex((f) => f.name === bare || f.alias === bare);
      if (index < 0) throw new SentryApiError(400, 'Cannot sort by a field that is not selected.');
      return `f${index} ${sort.startsWith('-') ? 'DESC' : 'ASC'}`;
    });
}

function shortIds(ctx: CoreContext, groupIds: number[]): Map<number, string> {
  const out = new Map<number, string>();
  if (groupIds.length === 0) return out;
  const rows = ctx.db
    .prepare<number[], { id: number; short_id: number; slug: string }>(
      `SELECT g.id, g.short_id, p.slug FROM groups g JOIN projects p ON p.id = g.project_id
       WHERE g.id IN (${groupIds.map(() => '?').join(', ')})`,
    )
    .all(...groupIds);
  for (const row of rows) out.set(row.id, formatShortId(row.slug, row.short_id));
  return out;
}

export function rowsOf(ctx: CoreContext, fields: DiscoverField[], rows: SnqlRow[]) {
  const issueColumns = fields.flatMap((f, i) => (f.value === 'shortId' ? [`f${i}`] : []));
  const groupIds = [...new Set(rows.flatMap((row) => issueColumns.map((c) => Number(row[c]))))];
  const lookups = {
    slugs: new Map(ctx.projects.list().map((p) => [p.id, p.slug])),
    shortIds: shortIds(ctx, groupIds),
  };
  return rows.map((row) =>
    Object.fromEntries(
      fields.map((field, i) => [field.name, rowValue(field, row[`f${i}`] ?? null, lookups)]),
    ),
  );
}

/**
 * What every events endpoint (the table, its stats, its facets, its meta) reads first, in this order: `environment`
 * joined to the search (each the organization's, else 404), the dataset (Sentry's 400 for an unknown
 * one) and the dates.
 */
export async function eventsRequest(
  ctx: CoreContext,
  query: URLSearchParams,
): Promise<{ dataset: string; range: TimeRange }> {
  await environmentAsSearch(ctx, query);
  return { dataset: datasetOf(query), range: timeRangeOf(query) };
}

/** The request's projects and search as SnQL conditions on the errors index (Sentry's 400s for a bad search). */
export function errorsScope(ctx: CoreContext, query: URLSearchParams): DiscoverQuery {
  return discoverQuery(ctx, streamProjects(ctx, query), query.get('query') ?? '');
}

/** An events table as the endpoint answers it, with the SnQL query it ran (null for Explore's datasets). */
export interface EventsTable {
  reply: ApiReply;
  snql: string | null;
}

/**
 * The events endpoint's answer to its query parameters: the one path of the web API's
 * `/organizations/{org}/events/` and the app's Discover page (`discover.events`). `url` is the
 * request's, for the `Link` header. `environment` joins the search, each one the organization's.
 */
export async function eventsTable(ctx: CoreContext, query: URLSearchParams, url: URL): Promise<EventsTable> {
  const { dataset, range } = await eventsRequest(ctx, query);
  const names = fieldNames(query);
  if (EXPLORE_DATASETS[dataset])
    return { reply: exploreEvents(ctx, { query, url }, dataset, names, range), snql: null };
  const fields = fieldsOf(names, Math.max(1, (range.end - range.start) / 1000));
  const order = orderBy(query, fields);
  const page = pageOf(query, 100, 100);
  const empty = () => ({
    reply: ok({ data: [], meta: tableMeta(fields, dataset) }, { link: linkHeader(url, page, false) }),
    snql: null,
  });
  if (!SERVED_DATASETS.has(dataset)) return empty();
  const scope = errorsScope(ctx, query);
  if (scope.matchesNothing || scope.projects.length === 0) return empty();

  const select = fields.flatMap((f, i) => (f.aggregate ? [`${f.snql} AS f${i}`] : []));
  const by = fields.flatMap((f, i) => (f.aggregate ? [] : [`${f.snql} AS f${i}`]));
  const aggregated = select.length > 0;
  const where = [
    ...scopeConditions(
      scope.projects.map((p) => p.id),
      range,
    ),
    ...scope.conditions,
  ];
  const text = [
    'MATCH (events)',
    aggregated
      ? `SELECT ${select.join(', ')}${by.length > 0 ? ` BY ${by.join(', ')}` : ''}`
      : `SELECT ${by.join(', ')}`,
    `WHERE ${where.join(' AND ')}`,
    order.length > 0 ? `ORDER BY ${order.join(', ')}` : '',
    // One more than the page, to know whether there is a next one.
    `LIMIT ${page.limit + 1} OFFSET ${page.offset}`,
  ]
    .filter((part) => part !== '')
    .join(' ');
  const rows = await snqlRows(ctx, text);
  const hasMore = rows.length > page.limit;
  const data = rowsOf(ctx, fields, rows.slice(0, page.limit));
  return {
    reply: ok({ data, meta: tableMeta(fields, dataset) }, { link: linkHeader(url, page, hasMore) }),
    snql: text,
  };
}

async function organizationEvents({ ctx, params, query, url }: ApiRequest): Promise<ApiReply> {
  assertOrganization(params.org);
  return (await eventsTable(ctx, query, url)).reply;
}

export const discoverEndpoints: Record<string, Endpoint> = { organizationEvents };
