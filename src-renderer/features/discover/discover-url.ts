/**
 * The Discover page's state is its URL, spelled as Sentry's Discover spells it (`field=…&field=…&
 * sort=-timestamp&query=…&statsPeriod=24h&project=1&environment=…&dataset=errors&cursor=…`): so a
 * query is shareable, and Back and Forward step through the queries built. Also where a row's cell
 * links (an event, an issue, a trace) and the table as CSV. No DOM here, so it is unit-tested.
 */

import { csvText } from '../../../src-shared/csv.ts';
import {
  columnParts,
  type DiscoverCell,
  type DiscoverDataset,
  type DiscoverQuery,
  discoverQueryOf,
  discoverSearchParams,
  type StatsQuery,
} from '../../../src-shared/discover-api.ts';
import { hrefFor } from '../../app/router.ts';
import { chartInterval, DEFAULT_TOP_EVENTS, intervalHours, parseTopEvents } from './chart-interval.ts';
import { CLEARED_Y_AXIS, chosenYAxes, drawsSeveralAxes, SINGLE_AXIS_REASON } from './y-axis.ts';

/** Sentry's Discover opens on the last 24 hours. */
export const DEFAULT_PERIOD = '24h';
export const DEFAULT_DATASET = 'errors';
export const PAGE_SIZE = 50;

/** The columns a dataset opens with (Sentry's "All Events" for errors), where the dataset has them. */
const DEFAULT_FIELDS: Record<string, string[]> = {
  errors: ['title', 'project', 'user.display', 'timestamp'],
  spans: ['span.op', 'span.description', 'span.duration', 'transaction', 'timestamp'],
  logs: ['severity', 'message', 'trace', 'timestamp'],
};

export function defaultFields(dataset: Pick<DiscoverDataset, 'name' | 'columns'> | undefined): string[] {
  const known = dataset ? DEFAULT_FIELDS[dataset.name] : DEFAULT_FIELDS[DEFAULT_DATASET];
  if (known) return known;
  // A dataset the page has no default for: its first columns, and its time if it has one.
  const columns = dataset?.columns ?? [];
  return [...new Set([...columns.slice(0, 3), ...(columns.includes('timestamp') ? ['timestamp'] : [])])];
}

/**
 * The query a Discover URL asks, with the page's defaults where it says nothing: the dataset's
 * default columns, newest first when the time is a column, the last 24 hours.
 */
export function discoverQueryFromUrl(
  params: URLSearchParams,
  datasets: readonly DiscoverDataset[] = [],
): DiscoverQuery {
  const asked = discoverQueryOf(params);
  const dataset = asked.dataset ?? DEFAULT_DATASET;
  const known = datasets.find((d) => d.name === dataset || d.aliases.includes(dataset));
  const field = asked.field.length > 0 ? asked.field : defaultFields(known ?? { name: dataset, columns: [] });
  const sort =
    asked.sort ?? (field.includes('timestamp') && asked.field.length === 0 ? ['-timestamp'] : undefined);
  const hasRange = asked.start !== undefined || asked.end !== undefined;
  return {
    ...asked,
    dataset,
    field,
    ...(sort ? { sort } : {}),
    ...(hasRange || asked.statsPeriod ? {} : { statsPeriod: DEFAULT_PERIOD }),
    perPage: asked.perPage ?? PAGE_SIZE,
  };
}

/**
 * The chart's display, Sentry's `display=` parameter: `default` ("Total Period", the series of the
 * Y-axes), `previous` (that series against the period before), `top5` (that series for each of the
 * top N groups of the other columns, 5 unless `topEvents=` says, and Other), `daily` and `dailytop5` (the same by day, as bars),
 * `bar` (the total period as bars).
 */
export const CHART_DISPLAYS = ['default', 'previous', 'top5', 'daily', 'dailytop5', 'bar'] as const;
export type ChartDisplay = (typeof CHART_DISPLAYS)[number];

/** A display's name, as Sentry's Discover says it: the top displays with their limit ("Top 3 Period"). */
export function displayLabel(display: ChartDisplay, topEvents: number = DEFAULT_TOP_EVENTS): string {
  const labels: Record<ChartDisplay, string> = {
    default: 'Total Period',
    previous: 'Previous Period',
    top5: `Top ${topEvents} Period`,
    daily: 'Total Daily',
    dailytop5: `Top ${topEvents} Daily`,
    bar: 'Bar Chart',
  };
  return labels[display];
}

/** The displays with an interval picker (Sentry's); the daily ones are by day. */
export const INTERVAL_DISPLAYS: readonly ChartDisplay[] = ['default', 'previous', 'top5', 'bar'];
export const isTopDisplay = (display: ChartDisplay) => display === 'top5' || display === 'dailytop5';

export function displayOf(params: URLSearchParams): ChartDisplay {
  const asked = params.get('display');
  return CHART_DISPLAYS.find((display) => display === asked) ?? 'default';
}

/**
 * The Y-axes the URL asks (`yAxis=`, repeated), as written; `chosenYAxes` says which are drawn. A
 * `yAxis=` with no value is the picker cleared ({@link CLEARED_Y_AXIS}).
 */
export function yAxisOf(params: URLSearchParams): string[] {
  const all = params.getAll('yAxis');
  const asked = all.filter((axis) => axis.trim() !== '');
  return asked.length > 0 ? asked : all.length > 0 ? [...CLEARED_Y_AXIS] : [];
}

/** The chart's interval (`interval=`) and Top N limit (`topEvents=`) as the URL asks them. */
export interface ChartOptions {
  interval?: string;
  topEvents?: number;
}

/**
 * The chart's options the URL asks: an interval that is one (`5m`, `1h`…), a Top N from 1 to 10;
 * `refused` says why a value was not taken (the chart then uses its default).
 */
export function chartOptionsOf(params: URLSearchParams): ChartOptions & { refused?: string } {
  const options: ChartOptions & { refused?: string } = {};
  const refusals: string[] = [];
  const interval = params.get('interval')?.trim();
  if (interval) {
    if (intervalHours(interval) !== undefined) options.interval = interval;
    else refusals.push(`“${interval}” is no interval (such as 5m, 1h, 1d): the default is used.`);
  }
  const topEvents = params.get('topEvents');
  if (topEvents !== null && topEvents.trim() !== '') {
    const parsed = parseTopEvents(topEvents);
    if ('topEvents' in parsed) options.topEvents = parsed.topEvents;
    else refusals.push(parsed.error);
  }
  if (refusals.length > 0) options.refused = refusals.join(' ');
  return options;
}

const PERIOD = /^(\d+)([smhdw])$/;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** The query's relative period in seconds (`24h`), undefined for an absolute range. */
function periodSeconds(query: DiscoverQuery): number | undefined {
  if (query.start !== undefined || query.end !== undefined) return undefined;
  const match = PERIOD.exec(query.statsPeriod ?? DEFAULT_PERIOD);
  return match ? Number(match[1]) * (UNIT_SECONDS[match[2] ?? ''] ?? 0) : undefined;
}

/** The query's length in days: its period, or its range's. */
export function daysOf(query: DiscoverQuery): number {
  const period = periodSeconds(query);
  if (period !== undefined) return period / 86_400;
  const start = Date.parse(query.start ?? '');
  const end = query.end === undefined ? Date.now() : Date.parse(query.end);
  return Number.isFinite(start) && Number.isFinite(end) ? (end - start) / 86_400_000 : 0;
}

/**
 * Why a display cannot show the query with its Y-axes (as Sentry's Discover disables it), or
 * undefined when it can.
 */
export function displayDisabled(
  query: DiscoverQuery,
  display: ChartDisplay,
  yAxis: readonly string[] = [],
): string | undefined {
  if (yAxis.length > 1 && !drawsSeveralAxes(display)) return SINGLE_AXIS_REASON;
  if (display === 'previous' && periodSeconds(query) === undefined)
    return 'Previous period is only available for a relative period, not for a date range.';
  if ((display === 'top5' || display === 'dailytop5') && !canShowTop5(query.field))
    return 'Add a function that groups events to use this view.';
  if ((display === 'daily' || display === 'dailytop5') && daysOf(query) < 1)
    return 'Change the date range to at least 1 day to use this view.';
  return undefined;
}

/** Where a display falls back when it cannot show the query (Sentry's chain: daily top 5 to daily, the rest to the total). */
const FALLBACK: Record<ChartDisplay, ChartDisplay> = {
  default: 'default',
  previous: 'default',
  top5: 'default',
  daily: 'default',
  dailytop5: 'daily',
  bar: 'default',
};

/** The display the chart shows: the one asked, else the first of its fallbacks that can show the query. */
export function shownDisplay(
  query: DiscoverQuery,
  display: ChartDisplay,
  yAxis: readonly string[] = [],
): ChartDisplay {
  let shown = display;
  while (shown !== 'default' && displayDisabled(query, shown, yAxis) !== undefined) shown = FALLBACK[shown];
  return shown;
}

/**
 * The page's URL for a query, the chart's display and the Y-axes asked; a cursor is kept only when
 * given (a new query starts at its first page). A saved query's `id` stays while it is edited, as in
 * Sentry's Discover.
 */
export function discoverHref(
  query: DiscoverQuery,
  display: ChartDisplay = 'default',
  savedId?: string | null,
  yAxis: readonly string[] = [],
  chart: ChartOptions = {},
): string {
  const params: Record<string, string[]> = savedId ? { id: [savedId] } : {};
  for (const [key, value] of discoverSearchParams(query)) params[key] = [...(params[key] ?? []), value];
  if (display !== 'default') params.display = [display];
  if (yAxis.length > 0) params.yAxis = [...yAxis];
  if (chart.interval !== undefined) params.interval = [chart.interval];
  if (chart.topEvents !== undefined) params.topEvents = [String(chart.topEvents)];
  return hrefFor('discover', [], params);
}

const isFunction = (field: string) => columnParts(field).fn !== '';

/** Whether the columns can show their top 5: a function, and a column that is none to group by. */
export const canShowTop5 = (fields: readonly string[]) =>
  fields.some(isFunction) && fields.some((field) => !isFunction(field));

/** Functions whose buckets add up to the period's value (a count), so the chart can say the total. */
const ADDITIVE = new Set(['count', 'count_if', 'sum', 'failure_count']);
export const isAdditive = (yAxis: string) => ADDITIVE.has(columnParts(yAxis).fn);

/**
 * The chart's events-stats query for the table's query, as Sentry's Discover asks it: the Y-axes
 * (`chosenYAxes`: those asked that the columns offer, else the first function, else `count()`; none,
 * and so no query, when the picker is cleared) over the page's filters, every bucket to now
 * (`partial`), by the interval asked when it fits the query's length, else Sentry's default for it
 * (`chart-interval.ts`); for the top displays (one axis), the top N (`topEvents`, 5 by default)
 * grouped by the columns, sorted as the table is (else by that axis); by day for the daily displays;
 * with the period before (`comparisonDelta`) for the previous period.
 * `bars`: drawn as bars (the daily displays and the bar chart).
 */
export function chartQueryOf(
  query: DiscoverQuery,
  asked: ChartDisplay,
  askedYAxis: readonly string[] = [],
  chart: ChartOptions = {},
): {
  yAxis: string[];
  stats: StatsQuery | undefined;
  display: ChartDisplay;
  bars: boolean;
  interval: string;
  topEvents: number;
} {
  const yAxis = chosenYAxes(askedYAxis, query.field, query.dataset);
  const display = shownDisplay(query, asked, yAxis);
  const daily = display === 'daily' || display === 'dailytop5';
  const interval = daily ? '1d' : chartInterval(chart.interval, daysOf(query) * 24);
  const topEvents = chart.topEvents ?? DEFAULT_TOP_EVENTS;
  const bars = daily || display === 'bar';
  if (yAxis.length === 0) return { yAxis, stats: undefined, display, bars, interval, topEvents };
  const stats: StatsQuery = { yAxis, partial: true };
  for (const key of ['dataset', 'query', 'statsPeriod', 'start', 'end', 'project', 'environment'] as const)
    if (query[key] !== undefined) Object.assign(stats, { [key]: query[key] });
  if (isTopDisplay(display))
    Object.assign(stats, { topEvents, field: query.field, orderby: query.sort ?? [`-${yAxis[0]}`] });
  stats.interval = interval;
  const period = periodSeconds(query);
  if (display === 'previous' && period !== undefined) stats.comparisonDelta = period;
  return { yAxis, stats, display, bars, interval, topEvents };
}

/** A changed query: its first page, unless the change is the cursor itself. */
export function changed(query: DiscoverQuery, change: Partial<DiscoverQuery>): DiscoverQuery {
  const next: DiscoverQuery = { ...query, ...change };
  if (!('cursor' in change)) delete next.cursor;
  for (const key of Object.keys(next) as (keyof DiscoverQuery)[])
    if (next[key] === undefined) delete next[key];
  return next;
}

/** The first row's number of a page, from Sentry's cursor (`limit:page:isPrev`). */
export function firstRowOf(cursor: string | undefined, perPage: number): number {
  const match = /^(\d+(?:\.\d+)?):(-?\d+):[01]$/.exec(cursor ?? '');
  if (!match) return 1;
  const size = Math.trunc(Number(match[1])) || perPage;
  return Math.max(0, Number(match[2])) * size + 1;
}

export interface RowProjects {
  /** Project ids by slug. */
  bySlug: Map<string, number>;
  /** The project when the row names none: the query's first, else the first project. */
  fallback: number;
}

function rowProject(row: Record<string, DiscoverCell>, projects: RowProjects): number {
  const id = row['project.id'];
  if (typeof id === 'number') return id;
  const slug = row.project ?? row['project.name'];
  return (typeof slug === 'string' && projects.bySlug.get(slug)) || projects.fallback;
}

/**
 * Where a cell links, as Sentry's Discover links it: an event id to its event page, an issue to its
 * issue page, a trace to the trace view. Without the issue's id in the row, the issue list's
 * search for the event id or short id opens it (Sentry's direct hit).
 */
export function cellHref(
  field: string,
  row: Record<string, DiscoverCell>,
  projects: RowProjects,
  dataset: string,
): string | undefined {
  const value = row[field];
  if (typeof value !== 'string' || value === '') return undefined;
  const project = String(rowProject(row, projects));
  const issueId = row['issue.id'];
  const errors = dataset === 'errors' || dataset === 'discover';
  if (field === 'trace') return hrefFor('traces', [value], { project });
  if (!errors) return undefined;
  if (field === 'id')
    return typeof issueId === 'number'
      ? hrefFor('issues', [issueId, 'events', value])
      : hrefFor('issues', [], { project, query: value, period: '90d' });
  // As Sentry's Discover renders its `issue` cell: the issue alone, without the query's search (a
  // Discover query is not an issue search, so there is no event search of it to carry).
  if (field === 'issue' && value !== 'unknown')
    return typeof issueId === 'number'
      ? hrefFor('issues', [issueId])
      : hrefFor('issues', [], { project, query: value, period: '90d' });
  return undefined;
}

/** A cell as text: lists joined as Sentry's table shows them, nothing for null. */
export function cellText(value: DiscoverCell | undefined): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map((item) => cellText(item as DiscoverCell)).join(', ');
  return String(value);
}

/**
 * A text cell a spreadsheet would take for a formula gets a quote in front, as the app's exports
 * do (see README, CSV injection); numbers stay numbers.
 */
function neutralized(value: DiscoverCell | undefined): string {
  const text = cellText(value);
  if (typeof value === 'number') return text;
  const number = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text);
  return /^[=+@\t\r-]/.test(text) && !number ? `'${text}` : text;
}

/** The table shown, as CSV: the columns' names, then the rows. */
export function tableCsv(fields: readonly string[], rows: readonly Record<string, DiscoverCell>[]): string {
  return csvText(
    fields,
    rows.map((row) => fields.map((field) => neutralized(row[field]))),
  );
}
