/**
 * Sentry's events-stats, `GET /organizations/{org}/events-stats/`: the time series its Discover chart,
 * dashboard widgets and tools read, over the events endpoint's own parsing (dataset, fields and
 * functions, search, environment, projects, time range). `yAxis` (repeated; `count()` when absent),
 * `interval` (`stats-buckets.ts`), `topEvents` with `field` and `orderby` (`excludeOther`), `partial`,
 * `withoutZerofill`, `comparisonDelta`. Answered in Sentry's shapes: one series
 * `{data: [[ts, [{count}]], …], isMetricsData, start, end, meta}`; several `yAxis` keyed by each (with
 * its `order`); the top events keyed by their group (`order`, and `Other`).
 */
import type { CoreContext } from '../../context.ts';
import { eventsRequest, isErrorsDataset, orderBy } from './discover.ts';
import { tableMeta } from './discover-fields.ts';
import { EXPLORE_DATASETS } from './explore.ts';
import { assertOrganization } from './organization.ts';
import { type ApiReply, type ApiRequest, type Endpoint, ok, SentryApiError } from './request.ts';
import {
  type Buckets,
  bucketsOf,
  rollupOf,
  type Series,
  type SeriesColumn,
  type SeriesValue,
  type StatsReader,
} from './stats-buckets.ts';
import { errorsStatsReader } from './stats-errors.ts';
import { exploreStatsReader } from './stats-explore.ts';
import type { TimeRange } from './time-range.ts';

/** Sentry's `MAX_TOP_EVENTS`. */
const MAX_TOP_EVENTS = 10;

/** `topEvents`: 0 when absent; Sentry's 400s. */
function topEventsOf(query: URLSearchParams): number {
  if (!query.has('topEvents')) return 0;
  const text = (query.get('topEvents') ?? '').trim();
  if (!/^[+-]?\d+$/.test(text)) throw new SentryApiError(400, 'topEvents must be an integer');
  const limit = Number(text);
  if (limit > MAX_TOP_EVENTS)
    throw new SentryApiError(400, `Can only get up to ${MAX_TOP_EVENTS} top events`);
  if (limit <= 0) throw new SentryApiError(400, 'If topEvents needs to be at least 1');
  return limit;
}

/** `comparisonDelta` in seconds: undefined when absent; Sentry's 400. */
function comparisonDeltaOf(query: URLSearchParams): number | undefined {
  if (!query.has('comparisonDelta')) return undefined;
  const text = (query.get('comparisonDelta') ?? '').trim();
  if (!/^[+-]?\d+$/.test(text)) throw new SentryApiError(400, 'comparisonDelta must be an integer');
  return Number(text);
}

/** A bucket's item: `{count}` whatever the function (Sentry's serializer), and its comparison's. */
type Item = { count: SeriesValue; comparisonCount?: SeriesValue };
type Point = [number, Item[]];

interface Shape {
  buckets: Buckets;
  zerofill: boolean;
  meta: ReturnType<typeof tableMeta> & { faultlinePartial?: boolean };
}

/**
 * One column of a series as Sentry serializes it (`SnubaTSResultSerializer`): its buckets zero-filled
 * (or only those with data, `withoutZerofill=1`), each with the comparison's value when asked.
 */
function serialized(
  series: Series,
  axis: number,
  shape: Shape,
  order?: number,
  comparison?: Map<number, SeriesValue>,
) {
  const keys = shape.zerofill ? shape.buckets.keys : shape.buckets.keys.filter((key) => series.has(key));
  const data: Point[] = keys.map((key) => {
    const item: Item = { count: series.get(key)?.[axis] ?? 0 };
    if (comparison) item.comparisonCount = comparison.get(key) ?? 0;
    return [key, [item]];
  });
  return {
    data,
    ...(order === undefined ? {} : { order }),
    isMetricsData: false,
    start: shape.buckets.start,
    end: shape.buckets.end,
    meta: shape.meta,
  };
}

/** Several `yAxis`: keyed by each, with its order (and each one's comparison, when asked). */
function byAxis(
  series: Series,
  axes: SeriesColumn[],
  shape: Shape,
  comparison?: (axis: number) => Map<number, SeriesValue>,
) {
  return Object.fromEntries(
    axes.map((axis, i) => [axis.name, serialized(series, i, shape, i, comparison?.(i))]),
  );
}

export interface StatsRequest {
  reader: StatsReader;
  range: TimeRange;
  rollup: number;
  topEvents: number;
  query: URLSearchParams;
  dataset: string;
}

async function answer({ reader, range, rollup, topEvents, query, dataset }: StatsRequest) {
  const partial = query.get('partial') === '1';
  const buckets = bucketsOf(range, rollup, partial);
  const delta = comparisonDeltaOf(query);
  const columns = [{ name: 'time', type: 'date', unit: null }, ...reader.axes];
  const shapeWith = (extra: SeriesColumn[]): Shape => ({
    buckets,
    zerofill: query.get('withoutZerofill') !== '1',
    meta: {
      ...tableMeta([...columns, ...extra], dataset),
      ...(reader.partial() ? { faultlinePartial: true } : {}),
    },
  });
  const multiple = reader.axes.length > 1;
  if (topEvents > 0) {
    const top = await reader.top(topEvents, query.get('excludeOther') !== '1');
    const shape = shapeWith(reader.groupColumns());
    if (top.groups.length === 0 && top.other === null) {
      // No events: one zero-filled series in the place of the groups (Sentry's placeholder).
      const empty: Series = new Map();
      return multiple ? { '': byAxis(empty, reader.axes, shape) } : serialized(empty, 0, shape);
    }
    const named: [string, Series, number][] = [
      ...(top.other ? [['Other', top.other, topEvents] as [string, Series, number]] : []),
      ...top.groups.map((g, i): [string, Series, number] => [g.key, g.series, i]),
    ];
    return Object.fromEntries(
      named.map(([key, series, order]) => [
        key,
        multiple ? { ...byAxis(series, reader.axes, shape), order } : serialized(series, 0, shape, order),
      ]),
    );
  }
  const series = await reader.series(range);
  const shape = shapeWith([]);
  if (delta === undefined)
    return multiple ? byAxis(series, reader.axes, shape) : serialized(series, 0, shape);
  // Sentry's comparison: the same buckets `comparisonDelta` seconds earlier, bucket for bucket; for
  // several `yAxis`, each axis against its own earlier buckets.
  const shifted = { start: range.start - delta * 1000, end: range.end - delta * 1000 };
  const previous = await reader.series(shifted);
  const previousKeys = bucketsOf(shifted, rollup, partial).keys;
  const comparison = (axis: number) =>
    new Map(buckets.keys.map((key, i) => [key, previous.get(previousKeys[i] ?? Number.NaN)?.[axis] ?? 0]));
  return multiple
    ? byAxis(series, reader.axes, shape, comparison)
    : serialized(series, 0, shape, undefined, comparison(0));
}

/**
 * The endpoint's answer to its query parameters: the one path of the web API's
 * `/organizations/{org}/events-stats/` and the app's Discover chart (`discover.stats`).
 */
export async function eventsStats(ctx: CoreContext, query: URLSearchParams): Promise<unknown> {
  const topEvents = topEventsOf(query);
  const { dataset, range } = await eventsRequest(ctx, query);
  const rollup = rollupOf(query.get('interval'), range, topEvents);
  const asked = query.getAll('yAxis').map((name) => name.trim());
  const yAxis =
    asked.filter((name) => name !== '').length > 0
      ? [...new Set(asked.filter((n) => n !== ''))]
      : ['count()'];
  const fields = [...new Set(query.getAll('field').map((name) => name.trim()))].filter((name) => name !== '');
  const request = { query, yAxis, fields, range, rollup };
  let reader: StatsReader;
  if (EXPLORE_DATASETS[dataset]) reader = exploreStatsReader(ctx, { ...request, dataset });
  // Sentry's other datasets: no events (zero-filled series), the errors dataset's functions.
  else
    reader = errorsStatsReader(ctx, {
      ...request,
      orderBy: (f) => orderBy(query, f),
      empty: !isErrorsDataset(dataset),
    });
  return answer({ reader, range, rollup, topEvents, query, dataset });
}

async function organizationEventsStats({ ctx, params, query }: ApiRequest): Promise<ApiReply> {
  assertOrganization(params.org);
  return ok(await eventsStats(ctx, query));
}

export const discoverStatsEndpoints: Record<string, Endpoint> = { organizationEventsStats };
