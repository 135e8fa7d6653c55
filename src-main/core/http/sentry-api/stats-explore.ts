/**
 * Events-stats on Explore's datasets (`spans`, `logs`/`ourlogs`, `transactions`/`metricsEnhanced`):
 * the rows the events endpoint reads (`explore.ts`, bounded to each project's newest items), put in
 * the bucket of their `timestamp`, each bucket's `yAxis` functions computed by the table's own
 * functions (`explore-table.ts`); the top events are the table's first rows grouped by the `field`s
 * not functions, Other every row in none of them.
 */
import type { CoreContext } from '../../context.ts';
import { type ExploreSource, exploreFields, sortsOf, withExploreSource } from './explore.ts';
import { type Cell, type TableField, tableField, tableRows } from './explore-table.ts';
import { SentryApiError } from './request.ts';
import { bucketOf, type Series, type StatsReader, type TopSeries, topEventKey } from './stats-buckets.ts';
import type { TimeRange } from './time-range.ts';

export interface ExploreRequest {
  query: URLSearchParams;
  dataset: string;
  yAxis: string[];
  fields: string[];
  range: TimeRange;
  rollup: number;
}

function seriesOf<R>(rows: R[], axes: TableField<R>[], time: (row: R) => number, rollup: number): Series {
  const buckets = new Map<number, R[]>();
  for (const row of rows) {
    const key = bucketOf(time(row), rollup);
    const bucket = buckets.get(key);
    if (bucket) bucket.push(row);
    else buckets.set(key, [row]);
  }
  return new Map([...buckets].map(([key, bucket]) => [key, axes.map((axis) => axis.value(bucket))]));
}

/** The reader of one source over the request's range: its fields checked before its rows are read. */
function sourceReader<R>(
  source: ExploreSource<R>,
  request: ExploreRequest,
  reread: (range: TimeRange) => Promise<Series>,
): StatsReader {
  const periodSeconds = Math.max(1, (request.range.end - request.range.start) / 1000);
  const axes = exploreFields(source, request.yAxis, periodSeconds, true);
  for (const axis of axes)
    if (!axis.aggregate) throw new SentryApiError(400, `${axis.name} is not a function: yAxis must be one.`);
  const fields = exploreFields(source, source.fieldNames(request.fields), periodSeconds);
  const groupFields = fields.filter((f) => !f.aggregate);
  const timestamp = source.dataset.columns.timestamp;
  const time = (row: R) => Date.parse(String(timestamp?.get(row) ?? ''));
  let partial = false;
  const read = () => {
    const result = source.read();
    partial ||= result.partial;
    return result.rows;
  };

  function top(limit: number, withOther: boolean): TopSeries {
    if (groupFields.length === 0)
      throw new SentryApiError(400, 'topEvents needs a field that is not a function to group the events by.');
    // Unsorted, the groups with most of the first function (or rows) come first.
    const sorted = [...request.query.getAll('sort'), ...request.query.getAll('orderby')].some(
      (s) => s !== '',
    );
    const firstAggregate = fields.find((f) => f.aggregate);
    const counter = firstAggregate ?? tableField(source.dataset, 'count()', periodSeconds);
    const sorts = sorted ? sortsOf(request.query, fields) : [{ field: counter.name, descending: true }];
    const rows = read();
    const table = tableRows(rows, firstAggregate ? fields : [...fields, counter], sorts).slice(0, limit);
    const idOf = (values: Cell[]) => JSON.stringify(values);
    const ids = table.map((row) => idOf(groupFields.map((f) => row[f.name] ?? null)));
    const members: R[][] = table.map(() => []);
    const others: R[] = [];
    for (const row of rows) {
      const index = ids.indexOf(idOf(groupFields.map((f) => f.value([row]))));
      if (index >= 0) members[index]?.push(row);
      else others.push(row);
    }
    const groups = table.map((row, i) => ({
      key: topEventKey(
        groupFields.map((f) => f.name),
        row,
      ),
      series: seriesOf(members[i] ?? [], axes, time, request.rollup),
    }));
    const other =
      withOther && table.length === limit && others.length > 0
        ? seriesOf(others, axes, time, request.rollup)
        : null;
    return { groups, other };
  }

  const column = (f: TableField<R>) => ({ name: f.name, type: f.type, unit: f.unit });
  return {
    axes: axes.map(column),
    groupColumns: () => groupFields.map(column),
    series: async (range) =>
      range === request.range ? seriesOf(read(), axes, time, request.rollup) : reread(range),
    top: async (limit, withOther) => top(limit, withOther),
    partial: () => partial,
  };
}

export function exploreStatsReader(ctx: CoreContext, request: ExploreRequest): StatsReader {
  // Another range (the comparison's): the same request read over it.
  const reread = (range: TimeRange) => exploreStatsReader(ctx, { ...request, range }).series(range);
  return withExploreSource(ctx, request.query, request.dataset, request.range, {
    visit: (source) => sourceReader(source, request, reread),
  });
}
