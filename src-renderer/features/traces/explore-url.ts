/**
 * The Traces page's query, as Sentry's Explore keeps it in its URL: `mode` (`samples`, `aggregate`),
 * `table` (`trace` for Trace Samples), `query` (the spans search), `field` (the Span Samples' columns,
 * repeated) and `sort`, `visualize` (each `{"chartType":…,"yAxes":[…]}` as JSON, repeated), `groupBy`
 * (repeated) and `aggregateSort`, `statsPeriod`, `project`, and `id` (the saved query open). From it,
 * the `discover.events` and `discover.stats` requests over the `spans` dataset, and the body of a
 * saved query (Sentry's `ExploreSavedQuery`), and back.
 */
import type { DiscoverQuery, StatsQuery } from '../../../src-shared/discover-api.ts';
import {
  CHART_TYPES,
  type ExploreSavedQuery,
  type ExploreVisualize,
} from '../../../src-shared/explore-saved-api.ts';
import { hrefFor } from '../../app/router.ts';
import {
  type ExploreAttributes,
  groupSearch,
  parseJson,
  type Visualize,
  visualizeOf,
  yAxesOf as yAxesOfCharts,
} from '../explore/explore-query.ts';

export { groupSearch };

export type ExploreTab = 'span' | 'trace' | 'aggregate';

export interface ExploreState {
  project: number;
  tab: ExploreTab;
  query: string;
  fields: string[];
  sort: string;
  visualize: Visualize[];
  groupBy: string[];
  aggregateSort: string | undefined;
  statsPeriod: string;
  savedId: string | null;
}

/** Sentry's Explore defaults: a span's id, op, description, duration, transaction and time, newest first. */
export const DEFAULT_FIELDS = [
  'id',
  'span.op',
  'span.description',
  'span.duration',
  'transaction',
  'timestamp',
] as const;
export const DEFAULT_VISUALIZE: Visualize = { chartType: CHART_TYPES.bar, yAxes: ['count(span.duration)'] };
export const PERIODS = ['1h', '24h', '7d', '14d', '30d', '90d'] as const;
const DEFAULT_PERIOD = '24h';

/** The span attributes Visualize and Group By offer. */
export const SPAN_ATTRIBUTES: ExploreAttributes = {
  count: 'span.duration',
  numeric: ['span.duration', 'span.self_time'],
  string: [
    'span.op',
    'span.description',
    'span.status',
    'transaction',
    'transaction.op',
    'project',
    'trace',
    'span.status_code',
    'http.method',
    'db.system',
    'user',
  ],
};

export function exploreStateOf(params: URLSearchParams): ExploreState {
  const visualize = params.getAll('visualize').flatMap((text) => visualizeOf(parseJson(text)) ?? []);
  const fields = params.getAll('field').filter((field) => field !== '');
  const mode = params.get('mode');
  return {
    project: Number(params.get('project') ?? 1) || 1,
    tab: mode === 'aggregate' ? 'aggregate' : params.get('table') === 'trace' ? 'trace' : 'span',
    query: params.get('query') ?? '',
    fields: fields.length > 0 ? fields : [...DEFAULT_FIELDS],
    sort: params.get('sort') || '-timestamp',
    visualize: visualize.length > 0 ? visualize : [DEFAULT_VISUALIZE],
    groupBy: params.getAll('groupBy').filter((g) => g !== ''),
    aggregateSort: params.get('aggregateSort') || undefined,
    statsPeriod: params.get('statsPeriod') || DEFAULT_PERIOD,
    savedId: params.get('id'),
  };
}

export function exploreHref(state: ExploreState): string {
  const params: Record<string, string[]> = { project: [String(state.project)] };
  if (state.savedId) params.id = [state.savedId];
  if (state.tab === 'aggregate') params.mode = ['aggregate'];
  else params.mode = ['samples'];
  if (state.tab === 'trace') params.table = ['trace'];
  if (state.query !== '') params.query = [state.query];
  params.field = [...state.fields];
  params.sort = [state.sort];
  params.visualize = state.visualize.map((v) => JSON.stringify(v));
  if (state.groupBy.length > 0) params.groupBy = [...state.groupBy];
  if (state.aggregateSort) params.aggregateSort = [state.aggregateSort];
  params.statsPeriod = [state.statsPeriod];
  return hrefFor('traces', [], params);
}

export const yAxesOf = (state: ExploreState) => yAxesOfCharts(state.visualize);

const base = (state: ExploreState) => ({
  dataset: 'spans',
  project: [state.project],
  statsPeriod: state.statsPeriod,
  ...(state.query !== '' ? { query: state.query } : {}),
});

/** The Span Samples' request: the chosen columns, and the trace and project every row links with. */
export function samplesQuery(state: ExploreState): DiscoverQuery {
  return {
    ...base(state),
    field: [...new Set([...state.fields, 'trace', 'project.id', 'id'])],
    sort: [state.sort],
    perPage: 50,
  };
}

/** The Aggregates' request: the Group By columns and every visualized function, by the first function unless sorted. */
export function aggregatesQuery(state: ExploreState): DiscoverQuery {
  const yAxes = yAxesOf(state);
  return {
    ...base(state),
    field: [...state.groupBy, ...yAxes],
    sort: [state.aggregateSort ?? `-${yAxes[0] ?? 'count(span.duration)'}`],
    perPage: 50,
  };
}

/**
 * One chart's request: its functions; grouped, the top 5 groups of the first (as Sentry's aggregate
 * mode draws); the bucket still running included (`partial`), as Sentry's Explore asks, so that
 * spans just received are drawn.
 */
export function chartQuery(state: ExploreState, visualize: Visualize): StatsQuery {
  const grouped = state.tab === 'aggregate' && state.groupBy.length > 0;
  return {
    ...base(state),
    partial: true,
    yAxis: grouped ? visualize.yAxes.slice(0, 1) : visualize.yAxes,
    ...(grouped
      ? {
          field: [...state.groupBy, visualize.yAxes[0] ?? 'count(span.duration)'],
          orderby: [`-${visualize.yAxes[0] ?? 'count(span.duration)'}`],
          topEvents: 5,
        }
      : {}),
  };
}

/** The page as Sentry's saved-query body: one query of the page's mode. */
export function savedBody(name: string, state: ExploreState): Record<string, unknown> {
  return {
    name,
    dataset: 'spans',
    projects: [state.project],
    range: state.statsPeriod,
    query: [
      {
        mode: state.tab === 'aggregate' ? 'aggregate' : 'samples',
        fields: state.fields,
        orderby: state.sort,
        groupby: state.groupBy,
        query: state.query,
        visualize: state.visualize satisfies ExploreVisualize[],
        ...(state.aggregateSort ? { aggregateOrderby: state.aggregateSort } : {}),
      },
    ],
  };
}

/** A saved query as the page that opens it. */
export function stateOfSaved(saved: ExploreSavedQuery): ExploreState {
  const [first] = saved.query;
  const visualize = (first?.visualize ?? []).map((v) => ({
    chartType: v.chartType ?? CHART_TYPES.bar,
    yAxes: v.yAxes,
  }));
  const project = saved.projects.find((id) => id > 0) ?? 1;
  return {
    project,
    tab: first?.mode === 'aggregate' ? 'aggregate' : 'span',
    query: first?.query ?? '',
    fields: first?.fields?.length ? first.fields : [...DEFAULT_FIELDS],
    sort: first?.orderby || '-timestamp',
    visualize: visualize.length > 0 ? visualize : [DEFAULT_VISUALIZE],
    groupBy: first?.groupby ?? [],
    aggregateSort: first?.aggregateOrderby ?? undefined,
    statsPeriod: saved.range ?? DEFAULT_PERIOD,
    savedId: saved.id,
  };
}

export const savedHref = (saved: ExploreSavedQuery) => exploreHref(stateOfSaved(saved));

/** Whether the page is the saved query as saved (the Trace Samples tab reads as samples). */
export function isUnchanged(saved: ExploreSavedQuery, state: ExploreState): boolean {
  const asSaved = stateOfSaved(saved);
  const comparable = (s: ExploreState) =>
    JSON.stringify({ ...s, tab: s.tab === 'trace' ? 'span' : s.tab, savedId: null });
  return comparable(asSaved) === comparable(state);
}
