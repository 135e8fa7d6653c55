/**
 * The Discover chart's interval picker and Top N limit, as Sentry's Discover offers them: the choices
 * for a query's length and their bounds, the default interval, an interval that does not fit giving
 * way to it, Top N from 1 to 10 with its labels, both kept in the URL and in saved queries; and the
 * Y-axis picker cleared ("No Y-Axis selected": no events-stats query).
 */
import { describe, expect, it } from 'vitest';
import {
  answeredInterval,
  chartInterval,
  defaultChartInterval,
  intervalChoices,
  intervalFits,
  intervalHours,
  intervalText,
  parseTopEvents,
  TOP_EVENTS_CHOICES,
} from '../../../src-renderer/features/discover/chart-interval.ts';
import {
  chartOptionsOf,
  chartQueryOf,
  discoverHref,
  discoverQueryFromUrl,
  displayLabel,
  yAxisOf,
} from '../../../src-renderer/features/discover/discover-url.ts';
import {
  isUnchanged,
  savedQueryBody,
  savedQueryHref,
} from '../../../src-renderer/features/discover/saved-query-url.ts';
import { chosenYAxes, yAxesAfterColumns } from '../../../src-renderer/features/discover/y-axis.ts';
import type { DiscoverDataset } from '../../../src-shared/discover-api.ts';
import type { DiscoverSavedQuery } from '../../../src-shared/discover-saved-api.ts';

const DAY = 24;
const fromHash = (href: string) => new URLSearchParams(href.split('?')[1] ?? '');
const datasets: DiscoverDataset[] = [
  { name: 'errors', aliases: ['discover'], columns: ['title', 'step', 'timestamp'], functions: [] },
];

describe("the chart's interval", () => {
  it('reads intervals in seconds, minutes, hours, days and weeks, and nothing else', () => {
    expect(intervalHours('30s')).toBeCloseTo(30 / 3600);
    expect(intervalHours('15m')).toBe(0.25);
    expect(intervalHours('4h')).toBe(4);
    expect(intervalHours('5d')).toBe(120);
    expect(intervalHours('1w')).toBe(168);
    for (const bad of ['0m', '5', 'm', '1y', '-1h', '1.5h', '']) expect(intervalHours(bad)).toBeUndefined();
  });

  it("offers Sentry's choices for the query's length, none coarser than half of it", () => {
    expect(intervalChoices(1)).toEqual(['1m', '5m', '15m']);
    expect(intervalChoices(DAY)).toEqual(['5m', '15m', '1h']);
    expect(intervalChoices(7 * DAY)).toEqual(['30m', '1h', '4h', '1d']);
    expect(intervalChoices(14 * DAY)).toEqual(['30m', '1h', '4h', '1d']);
    expect(intervalChoices(30 * DAY)).toEqual(['30m', '1h', '4h', '1d', '5d']);
    expect(intervalChoices(90 * DAY)).toEqual(['1h', '4h', '1d', '5d']);
    // Half a minute: only 1s and 5s fit (30s is not under half of it, 15s).
    expect(intervalChoices(0.5 / 60)).toEqual(['1s', '5s']);
  });

  it("defaults to Sentry's chart interval for the length, finer the shorter", () => {
    expect(defaultChartInterval(1)).toBe('1m');
    expect(defaultChartInterval(DAY)).toBe('5m');
    expect(defaultChartInterval(7 * DAY)).toBe('30m');
    expect(defaultChartInterval(14 * DAY)).toBe('30m');
    expect(defaultChartInterval(30 * DAY)).toBe('1h');
    expect(defaultChartInterval(90 * DAY)).toBe('4h');
    // Every default is among the choices it falls in with, or fits them.
    for (const hours of [1, DAY, 7 * DAY, 14 * DAY, 30 * DAY, 90 * DAY])
      expect(intervalFits(defaultChartInterval(hours), hours)).toBe(true);
  });

  it('keeps an interval that fits and gives way to the default for one that does not', () => {
    expect(chartInterval('1h', DAY)).toBe('1h');
    // A custom interval within the bounds is kept though it is not among the choices.
    expect(chartInterval('2h', DAY)).toBe('2h');
    // Finer than 24 hours' bound (a minute), or coarser than half of it: the default.
    expect(intervalFits('30s', DAY)).toBe(false);
    expect(chartInterval('30s', DAY)).toBe('5m');
    expect(chartInterval('13h', DAY)).toBe('5m');
    // 90 days by the minute would be 129,600 buckets: the default, 4 hours.
    expect(chartInterval('1m', 90 * DAY)).toBe('4h');
    expect(chartInterval(undefined, 7 * DAY)).toBe('30m');
  });
});

describe('the interval events-stats answered by', () => {
  it('is told from the buckets when it is not the one asked', () => {
    expect(intervalText(30)).toBe('30s');
    expect(intervalText(300)).toBe('5m');
    expect(intervalText(14_400)).toBe('4h');
    expect(intervalText(86_400)).toBe('1d');
    expect(answeredInterval('1h', [0, 3600, 7200])).toBeUndefined();
    expect(answeredInterval('1h', [0, 86_400])).toBe('1d');
    // One bucket, or none: nothing to tell.
    expect(answeredInterval('1h', [0])).toBeUndefined();
    expect(answeredInterval('1h', [])).toBeUndefined();
  });
});

describe('Top N', () => {
  it('takes 1 to 10, and says why it takes nothing else', () => {
    expect(TOP_EVENTS_CHOICES).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(parseTopEvents('3')).toEqual({ topEvents: 3 });
    expect(parseTopEvents('10')).toEqual({ topEvents: 10 });
    for (const bad of ['0', '11', 'five', '2.5', '-1'])
      expect(parseTopEvents(bad)).toEqual({ error: expect.stringMatching(/from 1 to 10.*top 5/) });
  });

  it("names the top displays by their limit, as Sentry's Discover does", () => {
    expect(displayLabel('top5')).toBe('Top 5 Period');
    expect(displayLabel('top5', 3)).toBe('Top 3 Period');
    expect(displayLabel('dailytop5', 10)).toBe('Top 10 Daily');
    expect(displayLabel('previous', 3)).toBe('Previous Period');
  });
});

describe('the interval and Top N in the URL and the chart query', () => {
  const query = { field: ['step', 'count()'], statsPeriod: '7d' };

  it('keeps them in the URL and reads them back; a bad value is refused with the reason', () => {
    const href = discoverHref(query, 'top5', null, [], { interval: '4h', topEvents: 3 });
    const params = fromHash(href);
    expect(params.get('interval')).toBe('4h');
    expect(params.get('topEvents')).toBe('3');
    expect(chartOptionsOf(params)).toEqual({ interval: '4h', topEvents: 3 });
    expect(discoverHref(query, 'top5')).not.toMatch(/interval|topEvents/);
    const bad = chartOptionsOf(new URLSearchParams('interval=soon&topEvents=11'));
    expect(bad.interval).toBeUndefined();
    expect(bad.topEvents).toBeUndefined();
    expect(bad.refused).toMatch(/“soon” is no interval/);
    expect(bad.refused).toMatch(/not “11”/);
  });

  it('asks events-stats for the interval and the top N; the daily displays by day', () => {
    expect(chartQueryOf(query, 'top5', [], { interval: '4h', topEvents: 3 }).stats).toMatchObject({
      interval: '4h',
      topEvents: 3,
      field: ['step', 'count()'],
    });
    expect(chartQueryOf(query, 'top5').stats).toMatchObject({ interval: '30m', topEvents: 5 });
    expect(chartQueryOf(query, 'default', [], { interval: '1h', topEvents: 3 }).stats).toEqual({
      yAxis: ['count()'],
      partial: true,
      statsPeriod: '7d',
      interval: '1h',
    });
    const daily = chartQueryOf(query, 'dailytop5', [], { interval: '1h', topEvents: 2 });
    expect(daily.stats).toMatchObject({ interval: '1d', topEvents: 2 });
    // An interval that does not fit the period gives way to its default.
    expect(chartQueryOf(query, 'bar', [], { interval: '1m' }).stats?.interval).toBe('30m');
  });
});

describe('the Y-axis picker cleared', () => {
  const query = { field: ['step', 'count()'], statsPeriod: '24h' };

  it('is yAxis= with no value: no axis and no events-stats query', () => {
    const cleared = yAxisOf(new URLSearchParams('yAxis='));
    expect(cleared).toEqual(['']);
    expect(yAxisOf(new URLSearchParams(''))).toEqual([]);
    expect(yAxisOf(new URLSearchParams('yAxis=&yAxis=count()'))).toEqual(['count()']);
    expect(chosenYAxes(cleared, query.field, 'errors')).toEqual([]);
    const chart = chartQueryOf(query, 'default', cleared);
    expect(chart.yAxis).toEqual([]);
    expect(chart.stats).toBeUndefined();
    // It stays cleared as the columns change, and in the URL.
    expect(yAxesAfterColumns(cleared, ['title'], 'errors')).toEqual(['']);
    expect(fromHash(discoverHref(query, 'default', null, cleared)).getAll('yAxis')).toEqual(['']);
  });
});

describe('the interval, Top N and a cleared picker in saved queries', () => {
  const asSaved = (id: string, body: ReturnType<typeof savedQueryBody>): DiscoverSavedQuery => ({
    ...body,
    id,
    expired: false,
    datasetSource: 'user',
    dateCreated: '2026-01-01T00:00:00.000Z',
    dateUpdated: '2026-01-01T00:00:00.000Z',
    createdBy: null,
  });

  it('saves them as Sentry does and opens them again', () => {
    const url = fromHash(
      '#/discover?field=step&field=count()&statsPeriod=7d&display=top5&interval=4h&topEvents=3',
    );
    const query = discoverQueryFromUrl(url, datasets);
    const chart = chartOptionsOf(url);
    const body = savedQueryBody('Top 3', query, 'top5', [], chart);
    expect(body).toMatchObject({ interval: '4h', topEvents: 3, display: 'top5' });
    const opened = fromHash(savedQueryHref(asSaved('7', body)));
    expect(opened.get('interval')).toBe('4h');
    expect(opened.get('topEvents')).toBe('3');
    expect(isUnchanged(asSaved('7', body), query, 'top5', datasets, [], chart)).toBe(true);
    expect(isUnchanged(asSaved('7', body), query, 'top5', datasets, [], { ...chart, topEvents: 4 })).toBe(
      false,
    );
    // Nothing asked, nothing saved.
    const plain = savedQueryBody('Plain', query, 'top5');
    expect(plain).not.toHaveProperty('interval');
    expect(plain).not.toHaveProperty('topEvents');
  });

  it('saves a cleared picker as no Y-axis, which opens cleared', () => {
    const query = discoverQueryFromUrl(fromHash('#/discover?field=step&field=count()'), datasets);
    const body = savedQueryBody('None', query, 'default', ['']);
    expect(body.yAxis).toEqual([]);
    const opened = fromHash(savedQueryHref(asSaved('8', body)));
    expect(opened.getAll('yAxis')).toEqual(['']);
    expect(isUnchanged(asSaved('8', body), query, 'default', datasets, [''])).toBe(true);
    expect(isUnchanged(asSaved('8', body), query, 'default', datasets, [])).toBe(false);
  });
});
