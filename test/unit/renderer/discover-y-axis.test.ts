/**
 * Discover's Y-axis picker follows Sentry's rules: the options are the query's charted functions and
 * its equations over functions, then count() (and count_unique(user) on errors); up to 3 at once; a
 * Y-axis no longer among the columns is dropped; several Y-axes only on the displays that draw them;
 * and the URL and the saved query keep the choice.
 */
import { describe, expect, it } from 'vitest';
import {
  chartQueryOf,
  discoverHref,
  discoverQueryFromUrl,
  displayDisabled,
  shownDisplay,
  yAxisOf,
} from '../../../src-renderer/features/discover/discover-url.ts';
import {
  isUnchanged,
  savedQueryBody,
  savedQueryHref,
} from '../../../src-renderer/features/discover/saved-query-url.ts';
import {
  chosenYAxes,
  MAX_Y_AXES,
  SINGLE_AXIS_REASON,
  yAxesAfterColumns,
  yAxisOptions,
} from '../../../src-renderer/features/discover/y-axis.ts';
import type { DiscoverDataset } from '../../../src-shared/discover-api.ts';
import type { DiscoverSavedQuery } from '../../../src-shared/discover-saved-api.ts';

const EQUATION = 'equation|count() / count_unique(user)';
const FIELDS = ['step', 'count()', 'last_seen()', 'max(timestamp)', 'count_if(level,equals,error)', EQUATION];
const fromHash = (href: string) => new URLSearchParams(href.split('?')[1] ?? '');

describe("Discover's Y-axis options", () => {
  it('offers the charted functions and equations over functions in column order, then the defaults', () => {
    expect(yAxisOptions(FIELDS, 'errors')).toEqual([
      'count()',
      'count_if(level,equals,error)',
      EQUATION,
      'count_unique(user)',
    ]);
    // An equation over plain columns charts nothing; other datasets have only count() by default.
    expect(yAxisOptions(['span.duration', 'equation|span.duration * 2'], 'spans')).toEqual(['count()']);
    expect(yAxisOptions(['span.op', 'avg(span.duration)'], 'spans')).toEqual([
      'avg(span.duration)',
      'count()',
    ]);
  });

  it('draws those asked that the columns offer, up to 3, else the first option', () => {
    expect(chosenYAxes([], FIELDS, 'errors')).toEqual(['count()']);
    expect(chosenYAxes([EQUATION, 'count()'], FIELDS, 'errors')).toEqual([EQUATION, 'count()']);
    expect(chosenYAxes(['last_seen()', 'p95()'], FIELDS, 'errors')).toEqual(['count()']);
    const four = yAxisOptions(FIELDS, 'errors');
    expect(four).toHaveLength(4);
    expect(chosenYAxes(four, FIELDS, 'errors')).toEqual(four.slice(0, MAX_Y_AXES));
  });

  it('drops a Y-axis whose column is gone, and keeps the others', () => {
    expect(yAxesAfterColumns([EQUATION, 'count()'], ['step', 'count()'], 'errors')).toEqual(['count()']);
    expect(yAxesAfterColumns([EQUATION], ['step'], 'errors')).toEqual([]);
    // count_unique(user) is always offered on errors, a column or not.
    expect(yAxesAfterColumns(['count_unique(user)'], ['step'], 'errors')).toEqual(['count_unique(user)']);
  });
});

describe("Discover's chart with several Y-axes", () => {
  const query = { dataset: 'errors', field: FIELDS, statsPeriod: '24h' };

  it('asks events-stats for each chosen Y-axis, and compares each with the period before', () => {
    expect(chartQueryOf(query, 'default', ['count()', EQUATION])).toMatchObject({
      yAxis: ['count()', EQUATION],
      display: 'default',
      stats: { yAxis: ['count()', EQUATION] },
    });
    expect(chartQueryOf(query, 'previous', ['count()', EQUATION]).stats).toMatchObject({
      yAxis: ['count()', EQUATION],
      comparisonDelta: 86_400,
    });
  });

  it('disables the top 5 displays for several Y-axes and falls back as Sentry does', () => {
    const two = ['count()', EQUATION];
    expect(displayDisabled(query, 'top5', two)).toBe(SINGLE_AXIS_REASON);
    expect(displayDisabled(query, 'top5', ['count()'])).toBeUndefined();
    for (const display of ['default', 'daily', 'previous', 'bar'] as const)
      expect(displayDisabled(query, display, two)).toBeUndefined();
    expect(shownDisplay(query, 'dailytop5', two)).toBe('daily');
    expect(chartQueryOf(query, 'top5', two)).toMatchObject({ display: 'default' });
    expect(chartQueryOf(query, 'top5', two).stats?.topEvents).toBeUndefined();
  });

  it('keeps the chosen Y-axes in the URL, repeated, and reads them back', () => {
    const href = discoverHref(query, 'previous', null, ['count()', EQUATION]);
    const params = fromHash(href);
    expect(params.getAll('yAxis')).toEqual(['count()', EQUATION]);
    expect(yAxisOf(params)).toEqual(['count()', EQUATION]);
    expect(fromHash(discoverHref(query)).has('yAxis')).toBe(false);
  });
});

describe('saved queries keep the Y-axes', () => {
  const datasets: DiscoverDataset[] = [
    { name: 'errors', aliases: ['discover'], columns: ['title', 'timestamp'], functions: [] },
  ];
  const query = discoverQueryFromUrl(
    fromHash(`#/discover?field=step&field=count()&field=${encodeURIComponent(EQUATION)}&statsPeriod=24h`),
    datasets,
  );
  const saved = (yAxis: string[]): DiscoverSavedQuery => ({
    ...savedQueryBody('Axes', query, 'default', yAxis),
    id: '3',
    projects: [],
    datasetSource: 'user',
    expired: false,
    dateCreated: '2026-01-01T00:00:00.000Z',
    dateUpdated: '2026-01-01T00:00:00.000Z',
    createdBy: null,
  });

  it('saves the drawn Y-axes and opens with them; another choice is a change to save', () => {
    expect(savedQueryBody('Axes', query, 'default', [EQUATION, 'count()']).yAxis).toEqual([
      EQUATION,
      'count()',
    ]);
    expect(savedQueryBody('Axes', query, 'default').yAxis).toEqual(['count()']);
    const two = saved([EQUATION, 'count()']);
    const opened = fromHash(savedQueryHref(two));
    expect(opened.getAll('yAxis')).toEqual([EQUATION, 'count()']);
    expect(isUnchanged(two, query, 'default', datasets, yAxisOf(opened))).toBe(true);
    expect(isUnchanged(two, query, 'default', datasets, ['count()'])).toBe(false);
  });
});
