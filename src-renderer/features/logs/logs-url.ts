/**
 * The Logs page's query, as Sentry's Explore → Logs keeps it in its URL: `mode` (`aggregate`, else
 * the samples), `query` (the logs search; Faultline's links already write it so), `logsFields` (the
 * samples' columns, repeated), `aggregateField` (Sentry's list of `{"groupBy":…}` and
 * `{"yAxes":[…],"chartType":…}` as JSON, repeated: the Group By and the Visualize),
 * `logsAggregateSortBys`, the period (`period`) or range (`start`, `end`), `sort` (newest or oldest
 * first), `project`, and `id` (the saved query open). From it, the `discover.events` and
 * `discover.stats` requests over the `logs` dataset, and the body of a saved query (Sentry's
 * `ExploreSavedQuery` of dataset `logs`), and back.
 */
import type { DiscoverQuery, StatsQuery } from '../../../src-shared/discover-api.ts';
import { CHART_TYPES, type ExploreSavedQuery } from '../../../src-shared/explore-saved-api.ts';
import type { StatsPeriod, TimeRange } from '../../../src-shared/issues-api.ts';
import { LOG_SORTS, type LogRecord, type LogSort } from '../../../src-shared/logs-api.ts';
import { hrefFor } from '../../app/router.ts';
import {
  type ExploreAttributes,
  parseJson,
  type Visualize,
  visualizeOf,
  yAxesOf as yAxesOfCharts,
} from '../explore/explore-query.ts';
import { periodOf, rangeOf } from '../issues/RangePicker.tsx';

export type LogsMode = 'samples' | 'aggregate';

export interface LogsState {
  project: number;
  mode: LogsMode;
  query: string;
  fields: string[];
  sort: LogSort;
  period: StatsPeriod;
  /** An absolute range, which replaces the period (Sentry's page filter). */
  range: TimeRange | undefined;
  visualize: Visualize[];
  groupBy: string[];
  aggregateSort: string | undefined;
  savedId: string | null;
}

/** Sentry's page period when none is chosen, as on the issue list. */
export const DEFAULT_PERIOD: StatsPeriod = '14d';
/**
 * Sentry's default columns are the time and the message beside a static severity; Faultline's
 * severity is a column of its own, removable like the others.
 */
export const DEFAULT_FIELDS = ['timestamp', 'severity', 'message'] as const;
export const DEFAULT_VISUALIZE: Visualize = { chartType: CHART_TYPES.bar, yAxes: ['count(message)'] };
const DEFAULT_YAXIS = 'count(message)';

/** The attributes every log record has, as the `logs` dataset names them. */
const LOG_STRING_ATTRIBUTES = ['severity', 'message', 'trace', 'project', 'environment', 'release'];

/**
 * The attributes Visualize and Group By offer: the records' own, and those the records on the page
 * carry (a number as `tags[key,number]`, as Sentry's attribute list types them).
 */
export function logAttributes(records: readonly LogRecord[]): ExploreAttributes {
  const numeric = new Set<string>(['severity_number']);
  const string = new Set<string>(LOG_STRING_ATTRIBUTES);
  for (const record of records)
    for (const [key, value] of Object.entries(record.attributes)) {
      if (typeof value === 'number') numeric.add(`tags[${key},number]`);
      else if (typeof value === 'string' && !key.startsWith('sentry.')) string.add(key);
    }
  return { count: 'message', numeric: [...numeric], string: [...string] };
}

const sortOf = (value: string | null): LogSort => LOG_SORTS.find((sort) => sort === value) ?? 'newest';

/** Sentry's `aggregateField`s: each a Group By or a Visualize, in the URL's order. */
function aggregateFieldsOf(params: URLSearchParams): { groupBy: string[]; visualize: Visualize[] } {
  const groupBy: string[] = [];
  const visualize: Visualize[] = [];
  for (const text of params.getAll('aggregateField')) {
    const value = parseJson(text);
    const group = (value as { groupBy?: unknown } | null)?.groupBy;
    if (typeof group === 'string') {
      if (group !== '' && !groupBy.includes(group)) groupBy.push(group);
      continue;
    }
    const chart = visualizeOf(value);
    if (chart) visualize.push(chart);
  }
  return { groupBy, visualize };
}

export function logsStateOf(params: URLSearchParams): LogsState {
  const { groupBy, visualize } = aggregateFieldsOf(params);
  const fields = params.getAll('logsFields').filter((field) => field !== '');
  return {
    project: Number(params.get('project') ?? 1) || 1,
    mode: params.get('mode') === 'aggregate' ? 'aggregate' : 'samples',
    query: params.get('query') ?? '',
    fields: fields.length > 0 ? fields : [...DEFAULT_FIELDS],
    sort: sortOf(params.get('sort')),
    period: periodOf(params.get('period'), DEFAULT_PERIOD),
    range: rangeOf(params),
    visualize: visualize.length > 0 ? visualize : [DEFAULT_VISUALIZE],
    groupBy,
    aggregateSort: params.get('logsAggregateSortBys') || undefined,
    savedId: params.get('id'),
  };
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((value, i) => value === b[i]);

/** The page's URL: only what differs from the defaults, so that a plain link stays short. */
export function logsHref(state: LogsState): string {
  const params: Record<string, string[]> = { project: [String(state.project)] };
  if (state.savedId) params.id = [state.savedId];
  if (state.mode === 'aggregate') params.mode = ['aggregate'];
  params.query = [state.query];
  if (!sameList(state.fields, DEFAULT_FIELDS)) params.logsFields = [...state.fields];
  const defaultCharts =
    state.visualize.length === 1 && JSON.stringify(state.visualize[0]) === JSON.stringify(DEFAULT_VISUALIZE);
  if (state.groupBy.length > 0 || !defaultCharts)
    params.aggregateField = [
      ...state.groupBy.map((groupBy) => JSON.stringify({ groupBy })),
      ...state.visualize.map((v) => JSON.stringify({ yAxes: v.yAxes, chartType: v.chartType })),
    ];
  if (state.aggregateSort) params.logsAggregateSortBys = [state.aggregateSort];
  if (state.period !== DEFAULT_PERIOD) params.period = [state.period];
  if (state.range) {
    params.start = [state.range.start];
    params.end = [state.range.end];
  }
  if (state.sort !== 'newest') params.sort = [state.sort];
  return hrefFor('logs', [], params);
}

export const yAxesOf = (state: LogsState) => yAxesOfCharts(state.visualize);

const base = (state: LogsState) => ({
  dataset: 'logs',
  project: [state.project],
  ...(state.range ? { start: state.range.start, end: state.range.end } : { statsPeriod: state.period }),
  ...(state.query !== '' ? { query: state.query } : {}),
});

/** The aggregates' request: the Group By columns and every visualized function, by the first function unless sorted. */
export function aggregatesQuery(state: LogsState): DiscoverQuery {
  const yAxes = yAxesOf(state);
  return {
    ...base(state),
    field: [...state.groupBy, ...yAxes],
    sort: [state.aggregateSort ?? `-${yAxes[0] ?? DEFAULT_YAXIS}`],
    perPage: 50,
  };
}

/** Sentry's log severities, the most a chart grouped by severity draws. */
const SEVERITIES = 6;

/**
 * One chart's request: in the aggregates with a Group By, the top 5 groups of its first function (as
 * Sentry's aggregate mode draws); over the samples, a count split by severity, each level a series;
 * otherwise its functions. The bucket still running is included (`partial`), as Sentry's Explore
 * asks, so that records just received are drawn.
 */
export function chartQuery(state: LogsState, visualize: Visualize): StatsQuery {
  const [first = DEFAULT_YAXIS] = visualize.yAxes;
  const groups =
    state.mode === 'aggregate'
      ? state.groupBy
      : first.startsWith('count(') && visualize.yAxes.length === 1
        ? ['severity']
        : [];
  return {
    ...base(state),
    partial: true,
    yAxis: groups.length > 0 ? [first] : visualize.yAxes,
    ...(groups.length > 0
      ? {
          field: [...groups, first],
          orderby: [`-${first}`],
          topEvents: state.mode === 'aggregate' ? 5 : SEVERITIES,
        }
      : {}),
  };
}

/** The page as Sentry's saved-query body of dataset `logs`: one query of the page's mode. */
export function savedBody(name: string, state: LogsState): Record<string, unknown> {
  return {
    name,
    dataset: 'logs',
    projects: [state.project],
    ...(state.range ? { start: state.range.start, end: state.range.end } : { range: state.period }),
    query: [
      {
        mode: state.mode,
        fields: state.fields,
        orderby: state.sort === 'oldest' ? 'timestamp' : '-timestamp',
        query: state.query,
        groupby: state.groupBy,
        visualize: state.visualize,
        aggregateField: [
          ...state.groupBy.map((groupBy) => ({ groupBy })),
          ...state.visualize.map((v) => ({ yAxes: v.yAxes, chartType: v.chartType })),
        ],
        ...(state.aggregateSort ? { aggregateOrderby: state.aggregateSort } : {}),
      },
    ],
  };
}

/** A saved query of dataset `logs` as the page that opens it. */
export function stateOfSaved(saved: ExploreSavedQuery): LogsState {
  const [first] = saved.query;
  const fromFields = new URLSearchParams();
  for (const field of first?.aggregateField ?? []) fromFields.append('aggregateField', JSON.stringify(field));
  const aggregate = aggregateFieldsOf(fromFields);
  const visualize =
    aggregate.visualize.length > 0
      ? aggregate.visualize
      : (first?.visualize ?? []).flatMap((v) => visualizeOf(v) ?? []);
  const range = saved.start && saved.end ? { start: saved.start, end: saved.end } : undefined;
  return {
    project: saved.projects.find((id) => id > 0) ?? 1,
    mode: first?.mode === 'aggregate' ? 'aggregate' : 'samples',
    query: first?.query ?? '',
    fields: first?.fields?.length ? first.fields : [...DEFAULT_FIELDS],
    sort: first?.orderby === 'timestamp' ? 'oldest' : 'newest',
    period: periodOf(saved.range ?? null, DEFAULT_PERIOD),
    range,
    visualize: visualize.length > 0 ? visualize : [DEFAULT_VISUALIZE],
    groupBy: aggregate.groupBy.length > 0 ? aggregate.groupBy : (first?.groupby ?? []),
    aggregateSort: first?.aggregateOrderby ?? undefined,
    savedId: saved.id,
  };
}

export const savedHref = (saved: ExploreSavedQuery) => logsHref(stateOfSaved(saved));

/** Whether the page is the saved query as saved. */
export function isUnchanged(saved: ExploreSavedQuery, state: LogsState): boolean {
  const comparable = (s: LogsState) => JSON.stringify({ ...s, savedId: null });
  return comparable(stateOfSaved(saved)) === comparable(state);
}
