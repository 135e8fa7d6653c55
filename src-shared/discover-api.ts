/**
 * Discover (Sentry's query builder over the events dataset) in the API contract: a query is what
 * Sentry's Discover keeps in its URL (`field` repeated, `sort`, `query`, `statsPeriod` or
 * `start`/`end`, `project`, `environment`, `dataset`, `cursor`), and the core answers it with the
 * same code as the web API's `GET /organizations/{org}/events/`. The conversions between a query and
 * those URL parameters live here, so the page's address, the RPC and the endpoint read one spelling.
 */
import { z } from 'zod';

const fieldList = z.array(z.string()).max(100);

export const discoverParams = {
  events: z
    .object({
      dataset: z.string().optional(),
      field: fieldList,
      query: z.string().optional(),
      sort: z.array(z.string()).max(20).optional(),
      perPage: z.number().int().positive().max(100).optional(),
      cursor: z.string().optional(),
      statsPeriod: z.string().optional(),
      start: z.string().optional(),
      end: z.string().optional(),
      project: z.array(z.number().int().positive()).max(100).optional(),
      environment: z.array(z.string()).max(100).optional(),
    })
    .strict(),
  datasets: z.object({}).strict(),
  /** Sentry's events-stats parameters (`GET /organizations/{org}/events-stats/`). */
  stats: z
    .object({
      dataset: z.string().optional(),
      yAxis: z.array(z.string()).max(20).optional(),
      field: fieldList.optional(),
      query: z.string().optional(),
      orderby: z.array(z.string()).max(20).optional(),
      interval: z.string().optional(),
      topEvents: z.number().int().optional(),
      excludeOther: z.boolean().optional(),
      partial: z.boolean().optional(),
      /** Seconds back to the period compared with (Sentry's "Previous Period"): each bucket's `comparisonCount`. */
      comparisonDelta: z.number().int().optional(),
      statsPeriod: z.string().optional(),
      start: z.string().optional(),
      end: z.string().optional(),
      project: z.array(z.number().int().positive()).max(100).optional(),
      environment: z.array(z.string()).max(100).optional(),
    })
    .strict(),
  /** The tag summary of a query: Sentry's `events-facets` parameters (the keys paged by `perPage`/`cursor`). */
  facets: z
    .object({
      dataset: z.string().optional(),
      query: z.string().optional(),
      perPage: z.number().int().positive().max(100).optional(),
      cursor: z.string().optional(),
      includeAll: z.boolean().optional(),
      statsPeriod: z.string().optional(),
      start: z.string().optional(),
      end: z.string().optional(),
      project: z.array(z.number().int().positive()).max(100).optional(),
      environment: z.array(z.string()).max(100).optional(),
    })
    .strict(),
};

export type StatsQuery = z.input<typeof discoverParams.stats>;

/** A bucket's value: `{count}` whatever the function (a count, a rate, a duration …), as Sentry writes it. */
export interface StatsItem {
  count: string | number | boolean | null;
  comparisonCount?: string | number | boolean | null;
}

/** One series as Sentry's events-stats answers it: `[bucket start (epoch seconds), [{count}]]` each. */
export interface StatsSeries {
  data: [number, StatsItem[]][];
  order?: number;
  isMetricsData: boolean;
  start: number;
  end: number;
  meta: DiscoverTable['meta'];
}

/**
 * Sentry's events-stats answer: one series; or, for several `yAxis`, one per yAxis; or, for the top
 * events, one per group (for several `yAxis`, one per yAxis of each, with the group's `order`).
 */
export type EventsStats = StatsSeries | Record<string, StatsSeries | Record<string, StatsSeries | number>>;

const isSeries = (value: unknown): value is StatsSeries =>
  typeof value === 'object' && value !== null && Array.isArray((value as { data?: unknown }).data);

/** The series of an answer by name, in Sentry's order (`order`; a lone series is named by its yAxis). */
export function namedSeries(stats: EventsStats, yAxis: string): { name: string; series: StatsSeries }[] {
  if (isSeries(stats)) return [{ name: yAxis, series: stats }];
  const named = Object.entries(stats).flatMap(([name, value]) => {
    if (isSeries(value)) return [{ name, series: value }];
    const axis = value[yAxis];
    return isSeries(axis) ? [{ name, series: { ...axis, order: Number(value.order ?? 0) } }] : [];
  });
  return named.sort((a, b) => (a.series.order ?? 0) - (b.series.order ?? 0));
}

/** A stats query as Sentry's URL parameters (booleans as `1`/`0`, as the endpoint reads them). */
export function statsSearchParams(query: StatsQuery): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value])
      search.append(key, typeof one === 'boolean' ? (one ? '1' : '0') : String(one));
  }
  return search;
}

export type DiscoverQuery = z.input<typeof discoverParams.events>;
export type DiscoverFacetsQuery = z.input<typeof discoverParams.facets>;

/** One value of a tag in the summary: `name` is how it reads (a project's slug), `value` what a search names. */
export interface DiscoverFacetValue {
  name: string;
  value: string | number;
  count: number;
}

/** A tag key with its most frequent values among the query's events (Sentry's `events-facets` item). */
export interface DiscoverFacet {
  key: string;
  topValues: DiscoverFacetValue[];
}

export interface DiscoverFacets {
  facets: DiscoverFacet[];
  /** The pages of keys; both null with `includeAll`. */
  links: { previous: PageLink | null; next: PageLink | null };
}

export type DiscoverCell = string | number | boolean | null | readonly unknown[];

/** One side of Sentry's `Link` header: the cursor of the page, and whether it has rows. */
export interface PageLink {
  cursor: string;
  results: boolean;
}

export interface DiscoverTable {
  data: Record<string, DiscoverCell>[];
  meta: {
    fields: Record<string, string>;
    units: Record<string, string | null>;
    dataset: string;
    /** True when a dataset read a bounded number of items and older ones were left unread. */
    faultlinePartial?: boolean;
  };
  links: { previous: PageLink | null; next: PageLink | null };
  /** The SnQL query the core ran, for the console; null where the dataset is not read with SnQL. */
  snql: string | null;
}

/** How a function's argument is given: none (`count()`), a field (`count_unique(user)`), or a condition. */
export type FunctionArgument = 'none' | 'field' | 'condition';

export interface DiscoverFunction {
  name: string;
  argument: FunctionArgument;
  /** For a field argument: the dataset's columns the function takes (others, such as tags, may work too). */
  fields: string[];
}

export interface DiscoverDataset {
  /** The name the page offers. */
  name: string;
  /** Other names of the same dataset the endpoint takes (`discover` for `errors`, `ourlogs` for `logs`). */
  aliases: string[];
  /** The dataset's own columns; any other valid name is a tag or attribute. */
  columns: string[];
  functions: DiscoverFunction[];
}

const PARAM_NAMES = {
  perPage: 'per_page',
} as const;

/** A query as Sentry's URL parameters (`field=…&field=…&sort=…`), in Sentry's names. */
export function discoverSearchParams(query: DiscoverQuery | DiscoverFacetsQuery): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    // Sentry reads any text of a flag (`includeAll`) as true: false is no parameter.
    if (value === undefined || value === false) continue;
    const name = key === 'perPage' ? PARAM_NAMES.perPage : key;
    for (const one of Array.isArray(value) ? value : [value]) search.append(name, String(one));
  }
  return search;
}

const single = (search: URLSearchParams, name: string) => {
  const value = search.get(name);
  return value === null || value === '' ? undefined : value;
};

/**
 * A query from URL parameters, as a Discover link carries it. Only the shape is read here (a page
 * size or project id that is no number is left out); the core says what the values mean.
 */
export function discoverQueryOf(search: URLSearchParams): DiscoverQuery {
  const perPage = Number(single(search, 'per_page'));
  const projects = search
    .getAll('project')
    .map(Number)
    .filter((id) => Number.isInteger(id) && id > 0);
  const environments = search.getAll('environment').filter((name) => name !== '');
  const sort = search.getAll('sort').filter((name) => name !== '');
  const entries: DiscoverQuery = {
    dataset: single(search, 'dataset'),
    field: search.getAll('field').filter((name) => name.trim() !== ''),
    query: single(search, 'query'),
    sort: sort.length > 0 ? sort : undefined,
    perPage: Number.isInteger(perPage) && perPage > 0 && perPage <= 100 ? perPage : undefined,
    cursor: single(search, 'cursor'),
    statsPeriod: single(search, 'statsPeriod'),
    start: single(search, 'start'),
    end: single(search, 'end'),
    project: projects.length > 0 ? projects : undefined,
    environment: environments.length > 0 ? environments : undefined,
  };
  return Object.fromEntries(
    Object.entries(entries).filter(([, value]) => value !== undefined),
  ) as DiscoverQuery;
}

/** Sentry's `Link` header (`<url>; rel="next"; results="true"; cursor="100:1:0", …`) as its two links. */
export function parseLinkHeader(header: string | undefined): DiscoverTable['links'] {
  const links: DiscoverTable['links'] = { previous: null, next: null };
  for (const part of (header ?? '').split(/,\s*(?=<)/)) {
    const rel = /rel="(previous|next)"/.exec(part)?.[1];
    const cursor = /cursor="([^"]*)"/.exec(part)?.[1];
    if (!rel || cursor === undefined) continue;
    links[rel as 'previous' | 'next'] = { cursor, results: /results="true"/.test(part) };
  }
  return links;
}

/** A column of the editor: a field (`title`), or a function with its argument (`count_unique(user)`). */
export interface ColumnParts {
  /** '' for a plain field. */
  fn: string;
  argument: string;
}

const FUNCTION = /^(\w+)\((.*)\)$/;

export function columnParts(field: string): ColumnParts {
  const match = FUNCTION.exec(field.trim());
  return match
    ? { fn: match[1] ?? '', argument: (match[2] ?? '').trim() }
    : { fn: '', argument: field.trim() };
}

export function columnField(parts: ColumnParts): string {
  return parts.fn === '' ? parts.argument.trim() : `${parts.fn}(${parts.argument.trim()})`;
}
