/**
 * Discover's chart asks events-stats what Sentry's Discover asks: the first function of the columns
 * over the page's filters, its top 5 when there is something to group by, `display=` kept in the URL;
 * and the answer's series read back by name in Sentry's order.
 */
import { describe, expect, it } from 'vitest';
import {
  canShowTop5,
  chartQueryOf,
  discoverHref,
  displayDisabled,
  displayOf,
  isAdditive,
  shownDisplay,
} from '../../../src-renderer/features/discover/discover-url.ts';
import { type EventsStats, namedSeries, statsSearchParams } from '../../../src-shared/discover-api.ts';

const series = (order: number | undefined, counts: number[]) => ({
  data: counts.map((count, i): [number, { count: number }[]] => [i * 60, [{ count }]]),
  ...(order === undefined ? {} : { order }),
  isMetricsData: false,
  start: 0,
  end: counts.length * 60,
  meta: { fields: {}, units: {}, dataset: 'errors' },
});

describe("Discover's chart query", () => {
  it('charts the first function over the filters, count() when there is none', () => {
    const query = {
      dataset: 'errors',
      field: ['step', 'count_unique(user)', 'count()'],
      query: 'level:error',
      statsPeriod: '24h',
      environment: ['production'],
      perPage: 50,
      cursor: '50:1:0',
    };
    expect(chartQueryOf(query, 'default')).toEqual({
      yAxis: ['count_unique(user)'],
      display: 'default',
      bars: false,
      interval: '5m',
      topEvents: 5,
      stats: {
        yAxis: ['count_unique(user)'],
        partial: true,
        dataset: 'errors',
        query: 'level:error',
        statsPeriod: '24h',
        environment: ['production'],
        // Sentry's chart interval for 24 hours.
        interval: '5m',
      },
    });
    expect(chartQueryOf({ field: ['title', 'timestamp'] }, 'top5').stats).toEqual({
      yAxis: ['count()'],
      partial: true,
      interval: '5m',
    });
  });

  it('asks the top 5 groups of the other columns, sorted as the table or by the function', () => {
    const { stats } = chartQueryOf({ field: ['step', 'count()'], sort: ['step'] }, 'top5');
    expect(stats).toMatchObject({ topEvents: 5, field: ['step', 'count()'], orderby: ['step'] });
    expect(chartQueryOf({ field: ['step', 'count()'] }, 'top5').stats?.orderby).toEqual(['-count()']);
    expect(canShowTop5(['step', 'count()'])).toBe(true);
    expect(canShowTop5(['count()'])).toBe(false);
    expect(canShowTop5(['step', 'title'])).toBe(false);
    expect(statsSearchParams({ yAxis: ['count()'], partial: true, topEvents: 5 }).toString()).toBe(
      'yAxis=count%28%29&partial=1&topEvents=5',
    );
  });

  it('keeps the display in the URL as Sentry does, the default left out', () => {
    const top5 = new URLSearchParams(discoverHref({ field: ['step', 'count()'] }, 'top5').split('?')[1]);
    expect(top5.getAll('field')).toEqual(['step', 'count()']);
    expect(top5.get('display')).toBe('top5');
    expect(discoverHref({ field: ['step'] })).not.toContain('display');
    expect(displayOf(new URLSearchParams('display=top5'))).toBe('top5');
    expect(displayOf(new URLSearchParams('display=daily'))).toBe('daily');
    expect(displayOf(new URLSearchParams('display=worldmap'))).toBe('default');
    expect(isAdditive('count()')).toBe(true);
    expect(isAdditive('count_unique(user)')).toBe(false);
  });
});

describe("the chart's displays", () => {
  const day = { field: ['step', 'count()'], statsPeriod: '24h' };

  it('compares with the period before, by its length in seconds', () => {
    expect(chartQueryOf(day, 'previous').stats?.comparisonDelta).toBe(86_400);
    expect(chartQueryOf({ field: ['title'], statsPeriod: '2w' }, 'previous').stats?.comparisonDelta).toBe(
      1_209_600,
    );
  });

  it('asks by day, drawn as bars, for the daily displays; the bar chart is the total period as bars', () => {
    expect(chartQueryOf(day, 'daily')).toMatchObject({
      display: 'daily',
      bars: true,
      stats: { interval: '1d' },
    });
    expect(chartQueryOf(day, 'dailytop5')).toMatchObject({
      bars: true,
      stats: { interval: '1d', topEvents: 5, field: ['step', 'count()'] },
    });
    const bar = chartQueryOf(day, 'bar');
    expect(bar.bars).toBe(true);
    expect(bar.stats).toEqual(chartQueryOf(day, 'default').stats);
  });

  it('disables what the query cannot show, with the reason, and falls back as Sentry does', () => {
    const range = { field: ['step', 'count()'], start: '2026-01-01T00:00:00', end: '2026-01-03T00:00:00' };
    expect(displayDisabled(range, 'previous')).toMatch(/relative period/);
    expect(chartQueryOf(range, 'previous')).toMatchObject({ display: 'default' });
    expect(displayDisabled(range, 'daily')).toBeUndefined();
    const hour = { field: ['title', 'timestamp'], statsPeriod: '1h' };
    expect(displayDisabled(hour, 'top5')).toBe('Add a function that groups events to use this view.');
    expect(displayDisabled(hour, 'daily')).toBe('Change the date range to at least 1 day to use this view.');
    expect(displayDisabled({ ...hour, field: ['step', 'count()'] }, 'dailytop5')).toMatch(/at least 1 day/);
    // Daily top 5 falls back to daily, which (a day long) can show it.
    expect(shownDisplay({ field: ['title'], statsPeriod: '7d' }, 'dailytop5')).toBe('daily');
    expect(shownDisplay(hour, 'dailytop5')).toBe('default');
    expect(displayDisabled(day, 'bar')).toBeUndefined();
  });
});

describe('events-stats answers read by series', () => {
  it('names a lone series by its yAxis, top events by their group in their order, Other last', () => {
    expect(namedSeries(series(undefined, [1, 2]), 'count()').map((s) => s.name)).toEqual(['count()']);
    const top: EventsStats = { Other: series(2, [1]), pay: series(0, [3]), confirm: series(1, [2]) };
    expect(namedSeries(top, 'count()').map((s) => s.name)).toEqual(['pay', 'confirm', 'Other']);
    const nested: EventsStats = {
      Other: { 'count()': series(0, [1]), 'p50()': series(1, [5]), order: 1 },
      pay: { 'count()': series(0, [4]), 'p50()': series(1, [7]), order: 0 },
    };
    const named = namedSeries(nested, 'p50()');
    expect(named.map((s) => [s.name, s.series.data[0]?.[1][0]?.count])).toEqual([
      ['pay', 7],
      ['Other', 5],
    ]);
  });
});
