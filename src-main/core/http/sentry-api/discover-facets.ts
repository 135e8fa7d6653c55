/**
 * Discover's tag summary, `GET /organizations/{org}/events-facets/` (Sentry's
 * `OrganizationEventsFacetsEndpoint` over `get_facets`), and the count of a query's events,
 * `GET /organizations/{org}/events-meta/`. Both read a request as the events endpoint does
 * (`eventsRequest`, `errorsScope` in discover.ts: `environment`, dataset, dates, projects, search).
 *
 * Facets, as Sentry makes them: the tag keys of the query's events, most frequent first (ties by
 * key), a page of them (`per_page`, 10 by default, and `cursor` over keys; `includeAll` for up to
 * 10,000 at once), each with its 9 most frequent values and their counts; over more than one project,
 * the first page also has the `project` facet (each project's events, the slug as the value's name),
 * which takes the place of the page's last key. The answer is sorted by key; keys lose Sentry's
 * `sentry:` prefix and a user value its `id:`/`email:`… prefix in its name.
 */
import type { CoreContext } from '../../context.ts';
import { errorsScope, eventsRequest, eventsTable, isErrorsDataset } from './discover.ts';
import { EXPLORE_DATASETS } from './explore.ts';
import { transactionFacetRows } from './explore-transaction-facets.ts';
import {
  type Facet,
  type FacetPage,
  type FacetRow,
  keyWindow,
  orderFacetRows,
  TOP_VALUES,
} from './facet-rows.ts';
import { streamProjects } from './issues.ts';
import { assertOrganization } from './organization.ts';
import { type ApiReply, type ApiRequest, type Endpoint, ok, SentryApiError } from './request.ts';
import { scopeConditions, snqlRows, snqlString } from './snql-text.ts';
import type { TimeRange } from './time-range.ts';

const DEFAULT_PER_PAGE = 10;
const MAX_PER_PAGE = 100;
/** How many keys `includeAll` asks for, as Sentry's endpoint does. */
const ALL_KEYS = 10_000;

/** The errors index's facets, as SnQL on the `events` entity (three queries: keys, projects, values). */
async function errorFacetRows(
  ctx: CoreContext,
  query: URLSearchParams,
  range: TimeRange,
  page: FacetPage,
): Promise<FacetRow[]> {
  const scope = errorsScope(ctx, query);
  if (scope.matchesNothing || scope.projects.length === 0) return [];
  const where = [
    ...scopeConditions(
      scope.projects.map((p) => p.id),
      range,
    ),
    ...scope.conditions,
  ].join(' AND ');
  const window = keyWindow(page);
  const keyRows = await snqlRows(
    ctx,
    `MATCH (events) SELECT count() AS count BY tags_key WHERE ${where} ORDER BY count DESC, tags_key ASC LIMIT ${window.limit} OFFSET ${window.offset}`,
  );
  const keys = keyRows.map((row) => String(row.tags_key));
  if (keys.length === 0) return [];
  if (window.projects && keys.length === window.limit) keys.pop();

  const projects: FacetRow[] = [];
  if (window.projects) {
    const rows = await snqlRows(
      ctx,
      `MATCH (events) SELECT count() AS count BY project_id WHERE ${where} ORDER BY count DESC, project_id ASC`,
    );
    for (const row of rows)
      projects.push({ key: 'project', value: Number(row.project_id), count: Number(row.count) });
  }
  const tags: FacetRow[] = [];
  if (keys.length > 0) {
    const rows = await snqlRows(
      ctx,
      `MATCH (events) SELECT count() AS count BY tags_key, tags_value WHERE ${where} AND tags_key IN tuple(${keys.map(snqlString).join(', ')}) ORDER BY tags_key ASC, count DESC, tags_value ASC LIMIT ${TOP_VALUES} BY tags_key`,
    );
    for (const row of rows)
      tags.push({ key: String(row.tags_key), value: String(row.tags_value), count: Number(row.count) });
  }
  return orderFacetRows(projects, tags, keys);
}

const standardKey = (key: string) => key.split('sentry:').at(-1) ?? key;

/** Sentry's `get_tag_value_label`: a user value without its kind. */
function valueLabel(key: string, value: string | number): string {
  const text = String(value);
  if (key !== 'sentry:user') return text;
  const kind = /^(id|email|username|ip):/.exec(text);
  return kind ? text.slice(kind[0].length) : text;
}

/** The endpoint's grouping of the rows by key (in their order), with project slugs for names. */
function facetsOfRows(ctx: CoreContext, rows: FacetRow[]): Facet[] {
  const slugs = new Map(ctx.projects.list().map((p) => [p.id, p.slug]));
  const grouped = new Map<string, Facet>();
  for (const row of rows) {
    if (row.key === 'project') {
      const slug = typeof row.value === 'number' ? slugs.get(row.value) : undefined;
      if (slug === undefined) continue;
      const facet = grouped.get('project') ?? { key: 'project', topValues: [] };
      facet.topValues.push({ name: slug, value: row.value, count: row.count });
      grouped.set('project', facet);
      continue;
    }
    const facet = grouped.get(row.key) ?? { key: standardKey(row.key), topValues: [] };
    facet.topValues.push({ name: valueLabel(row.key, row.value), value: row.value, count: row.count });
    grouped.set(row.key, facet);
  }
  return [...grouped.values()];
}

/** `get_facets` for the request's dataset; Sentry's 400 for a dataset whose events have no tags here. */
async function facetRows(
  ctx: CoreContext,
  query: URLSearchParams,
  dataset: string,
  range: TimeRange,
  page: FacetPage,
): Promise<FacetRow[]> {
  if (isErrorsDataset(dataset)) return errorFacetRows(ctx, query, range, page);
  if (EXPLORE_DATASETS[dataset] === 'transactions') return transactionFacetRows(ctx, query, range, page);
  throw new SentryApiError(
    400,
    `The ${dataset} dataset has no tag facets: its attributes are Explore's (Faultline answers events-facets for errors, discover, transactions and metricsEnhanced).`,
  );
}

/** Sentry's `per_page` (1 to 100, 10 when absent). */
function perPageOf(query: URLSearchParams): number {
  const text = query.get('per_page');
  const perPage = text === null ? DEFAULT_PER_PAGE : Number(text);
  if (!Number.isInteger(perPage)) throw new SentryApiError(400, 'Invalid per_page parameter.');
  if (perPage < 1 || perPage > MAX_PER_PAGE)
    throw new SentryApiError(400, `Invalid per_page parameter. Max is ${MAX_PER_PAGE}`);
  return perPage;
}

/** The row offset of Sentry's `GenericOffsetPaginator` cursor (`0:offset:is_prev`). */
function cursorOffset(query: URLSearchParams): number {
  const cursor = query.get('cursor');
  if (!cursor) return 0;
  const match = /^-?\d+(?:\.\d+)?:(\d+):([01])$/.exec(cursor);
  if (!match) throw new SentryApiError(400, 'Invalid cursor parameter.');
  return Number(match[1]);
}

function link(url: URL, offset: number, rel: 'previous' | 'next', results: boolean): string {
  const cursor = `0:${offset}:${rel === 'previous' ? 1 : 0}`;
  const target = new URL(url);
  target.searchParams.set('cursor', cursor);
  return `<${target.href}>; rel="${rel}"; results="${results}"; cursor="${cursor}"`;
}

const byKey = (facets: Facet[]) => [...facets].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

export interface FacetsAnswer {
  facets: Facet[];
  /** The `Link` header (absent with `includeAll`, which is not paged). */
  link?: string;
}

/**
 * The endpoint's whole answer to its query parameters: the one path of the web API and the app's
 * Discover page (`discover.facets`). `url` is the request's, for the `Link` header.
 */
export async function eventsFacets(
  ctx: CoreContext,
  query: URLSearchParams,
  url: URL,
): Promise<FacetsAnswer> {
  const { dataset, range } = await eventsRequest(ctx, query);
  const withProjects = streamProjects(ctx, query).length > 1;
  if (query.get('includeAll')) {
    const rows = await facetRows(ctx, query, dataset, range, { offset: 0, limit: ALL_KEYS, withProjects });
    // Unpaged, Sentry answers the project facet first, then the keys by key.
    const [first, ...rest] = facetsOfRows(ctx, rows);
    if (!first) return { facets: [] };
    return first.key === 'project'
      ? { facets: [first, ...byKey(rest)] }
      : { facets: byKey([first, ...rest]) };
  }
  const perPage = perPageOf(query);
  const offset = cursorOffset(query);
  // One more key than the page, to know whether there is a next one.
  const rows = await facetRows(ctx, query, dataset, range, { offset, limit: perPage + 1, withProjects });
  const facets = facetsOfRows(ctx, rows);
  const hasMore = facets.length === perPage + 1;
  if (hasMore) facets.pop();
  const page = byKey(facets);
  const previous = link(url, Math.max(0, offset - perPage), 'previous', offset > 0);
  return { facets: page, link: `${previous}, ${link(url, offset + perPage, 'next', hasMore)}` };
}

/** `{count}` of the query's events: the events endpoint's own `count()` of every dataset it serves. */
export async function eventsCount(ctx: CoreContext, query: URLSearchParams, url: URL): Promise<number> {
  const search = new URLSearchParams(query);
  for (const name of ['field', 'sort', 'orderby', 'cursor', 'per_page']) search.delete(name);
  search.set('field', 'count()');
  const { reply } = await eventsTable(ctx, search, url);
  const [row] = (reply.body as { data: Record<string, unknown>[] }).data;
  return Number(row?.['count()'] ?? 0);
}

async function organizationEventsFacets({ ctx, params, query, url }: ApiRequest): Promise<ApiReply> {
  assertOrganization(params.org);
  const answer = await eventsFacets(ctx, query, url);
  return ok(answer.facets, answer.link ? { link: answer.link } : undefined);
}

async function organizationEventsMeta({ ctx, params, query, url }: ApiRequest): Promise<ApiReply> {
  assertOrganization(params.org);
  return ok({ count: await eventsCount(ctx, query, url) });
}

export const facetEndpoints: Record<string, Endpoint> = { organizationEventsFacets, organizationEventsMeta };
