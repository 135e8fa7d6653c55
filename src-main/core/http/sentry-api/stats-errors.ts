/**
 * Events-stats on the `errors`/`discover` dataset: SnQL on the `events` entity, as Sentry's
 * timeseries and top-events builders send it to Snuba — the `yAxis` functions `BY time` with the
 * rollup as GRANULARITY; for the top events, first the groups (the `field`s not functions, sorted by
 * `orderby`, `LIMIT topEvents`), then their series (`BY time` and the group's fields, only those
 * groups), then Other's (every event in none of them). Fields, search and scope are the events
 * endpoint's own (`discover-fields.ts`, `discover-query.ts`, `snql-text.ts`).
 */
import type { SnqlRow, SnqlValue } from '../../../../src-shared/snql-api.ts';
import type { CoreContext } from '../../context.ts';
import { rowsOf } from './discover.ts';
import { equationAliases, errorsEquationField } from './discover-equations.ts';
import { type DiscoverField, discoverField, type FieldContext } from './discover-fields.ts';
import { discoverQuery } from './discover-query.ts';
import { streamProjects } from './issues.ts';
import { SentryApiError } from './request.ts';
import { scopeConditions, snqlRows, snqlString } from './snql-text.ts';
import {
  type Series,
  type SeriesValue,
  type StatsReader,
  type TopSeries,
  topEventKey,
} from './stats-buckets.ts';
import type { TimeRange } from './time-range.ts';

/** Sentry's limit on a time series query's rows. */
const SERIES_ROWS = 10_000;

/** A `time` of a row (`2026-01-02T03:04:00`, or a day `2026-01-02`, UTC) as epoch seconds. */
function timeOf(value: SnqlValue): number {
  const text = String(value);
  const ms = Date.parse(/(Z|[+-]\d\d:?\d\d)$/.test(text) || text.length === 10 ? text : `${text}Z`);
  return Math.floor(ms / 1000);
}

/** A function's value in a bucket (never a list or a map: those are not functions' values). */
const cell = (value: SnqlValue | undefined): SeriesValue =>
  value === undefined ? null : value === null || typeof value !== 'object' ? value : JSON.stringify(value);

/** A group's value of a field as a condition that holds (1) or not (0), never null. */
function valueCondition(field: DiscoverField, value: SnqlValue): string {
  if (value === null) return `isNull(${field.snql})`;
  if (Array.isArray(value))
    return `ifNull(equals(arrayStringConcat(${field.snql}, '\\n'), ${snqlString(value.map(String).join('\n'))}), 0)`;
  if (typeof value === 'number') return `ifNull(equals(${field.snql}, ${value}), 0)`;
  if (typeof value === 'boolean') return `ifNull(equals(${field.snql}, ${value ? 1 : 0}), 0)`;
  return `ifNull(equals(${field.snql}, ${snqlString(String(value))}), 0)`;
}

const allOf = (parts: string[]) =>
  parts.reduce((all, part) => (all === '' ? part : `and(${all}, ${part})`), '');
const anyOf = (parts: string[]) =>
  parts.reduce((all, part) => (all === '' ? part : `or(${all}, ${part})`), '');

/** The JSON of a row's group values, to find its group. */
const groupId = (row: SnqlRow, count: number) =>
  JSON.stringify(Array.from({ length: count }, (_, i) => row[`g${i}`] ?? null));

export interface ErrorsRequest {
  query: URLSearchParams;
  yAxis: string[];
  /** The `field`s, for the top events. */
  fields: string[];
  range: TimeRange;
  rollup: number;
  /** The top events' sort, resolved against the fields (`orderBy` of the events endpoint). */
  orderBy: (fields: DiscoverField[]) => string[];
  /** A dataset with no events here: every series is zero. */
  empty: boolean;
}

/** The fields (or, `axes`, the `yAxis`: an equation's functions need not be selected, and it needs one). */
function fieldsOf(names: string[], context: FieldContext, axes: boolean): DiscoverField[] {
  const aliases = equationAliases(names);
  return names.map((name) => {
    const alias = aliases.get(name);
    if (!alias) return discoverField(name, context);
    const selected = axes ? undefined : names;
    return errorsEquationField(name, { selected, alias, options: { aggregatesOnly: axes } }, context);
  });
}

export function errorsStatsReader(ctx: CoreContext, request: ErrorsRequest): StatsReader {
  const periodSeconds = Math.max(1, (request.range.end - request.range.start) / 1000);
  const axes = fieldsOf(request.yAxis, { periodSeconds }, true);
  for (const axis of axes)
    if (!axis.aggregate) throw new SentryApiError(400, `${axis.name} is not a function: yAxis must be one.`);
  const fields = fieldsOf(request.fields, { periodSeconds }, false);
  const groupFields = fields.filter((f) => !f.aggregate);
  const scope = discoverQuery(ctx, streamProjects(ctx, request.query), request.query.get('query') ?? '');
  const nothing = request.empty || scope.matchesNothing || scope.projects.length === 0;
  const where = (range: TimeRange, extra: string[] = []) =>
    [
      ...scopeConditions(
        scope.projects.map((p) => p.id),
        range,
      ),
      ...scope.conditions,
      ...extra,
    ].join(' AND ');
  const ySelect = axes.map((axis, i) => `${axis.snql} AS y${i}`).join(', ');

  async function seriesRows(range: TimeRange, by: string[], extra: string[]): Promise<SnqlRow[]> {
    if (nothing) return [];
    return snqlRows(
      ctx,
      [
        `MATCH (events) SELECT ${ySelect} BY ${['time', ...by].join(', ')}`,
        `WHERE ${where(range, extra)}`,
        `ORDER BY time ASC LIMIT ${SERIES_ROWS} GRANULARITY ${request.rollup}`,
      ].join(' '),
    );
  }

  const seriesOf = (rows: SnqlRow[]): Series =>
    new Map(rows.map((row) => [timeOf(row.time ?? null), axes.map((_, i) => cell(row[`y${i}`]))]));

  async function top(limit: number, withOther: boolean): Promise<TopSeries> {
    if (groupFields.length === 0)
      throw new SentryApiError(400, 'topEvents needs a field that is not a function to group the events by.');
    if (nothing) return { groups: [], other: null };
    const aggregates = fields.filter((f) => f.aggregate);
    // The sort names the fields by their index among all of them (`f<i>`); unsorted, the groups
    // with most of the first function (or events) come first, so the answer does not vary.
    const asked = request.orderBy(fields);
    const firstAggregate = fields.findIndex((f) => f.aggregate);
    const order = asked.length > 0 ? asked : [firstAggregate >= 0 ? `f${firstAggregate} DESC` : 'c DESC'];
    const select = fields.map((f, i) => `${f.snql} AS f${i}`);
    const topRows = await snqlRows(
      ctx,
      [
        `MATCH (events) SELECT ${(aggregates.length > 0 ? select.filter((_, i) => fields[i]?.aggregate) : ['count() AS c']).join(', ')}`,
        `BY ${select.filter((_, i) => !fields[i]?.aggregate).join(', ')}`,
        `WHERE ${where(request.range)}`,
        `ORDER BY ${order.join(', ')}`,
        `LIMIT ${limit}`,
      ]
        .filter((part) => part !== '')
        .join(' '),
    );
    const groupIndex = groupFields.map((g) => fields.indexOf(g));
    const raw = topRows.map((row) => groupIndex.map((i) => row[`f${i}`] ?? null));
    const shown = rowsOf(ctx, fields, topRows);
    const conditions = raw.map((values) =>
      allOf(groupFields.map((field, i) => valueCondition(field, values[i] ?? null))),
    );
    const inTop = anyOf(conditions);
    const by = groupFields.map((f, i) => `${f.snql} AS g${i}`);
    const rows = raw.length > 0 ? await seriesRows(request.range, by, [`${inTop} = 1`]) : [];
    const ids = raw.map((values) => JSON.stringify(values));
    const groups = shown.map((values) => ({
      key: topEventKey(
        groupFields.map((f) => f.name),
        values,
      ),
      series: new Map() as Series,
    }));
    for (const row of rows) {
      const group = groups[ids.indexOf(groupId(row, groupFields.length))];
      group?.series.set(
        timeOf(row.time ?? null),
        axes.map((_, i) => cell(row[`y${i}`])),
      );
    }
    let other: Series | null = null;
    if (withOther && raw.length === limit) {
      const otherRows = await seriesRows(request.range, [], [`not(${inTop}) = 1`]);
      if (otherRows.length > 0) other = seriesOf(otherRows);
    }
    return { groups, other };
  }

  return {
    axes,
    groupColumns: () => groupFields,
    series: async (range) => seriesOf(await seriesRows(range, [], [])),
    top,
    partial: () => false,
  };
}
