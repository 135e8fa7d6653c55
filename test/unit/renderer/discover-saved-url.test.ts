/**
 * A Discover query as Sentry's saved-query body, and a saved query back as the page's URL: what is
 * saved opens as the same query, with its `id`; a change to the page is seen as one.
 */
import { describe, expect, it } from 'vitest';
import { discoverHref, discoverQueryFromUrl } from '../../../src-renderer/features/discover/discover-url.ts';
import {
  isUnchanged,
  savedDatasetOf,
  savedQueryBody,
  savedQueryHref,
} from '../../../src-renderer/features/discover/saved-query-url.ts';
import type { DiscoverDataset } from '../../../src-shared/discover-api.ts';
import type { DiscoverSavedQuery } from '../../../src-shared/discover-saved-api.ts';

const datasets: DiscoverDataset[] = [
  { name: 'errors', aliases: ['discover'], columns: ['title', 'timestamp'], functions: [] },
  { name: 'transactions', aliases: ['metricsEnhanced'], columns: ['transaction'], functions: [] },
];
const fromHash = (href: string) => new URLSearchParams(href.split('?')[1] ?? '');

/** What the core answers for a body: the body's query keys, with the saved query's own. */
function asSaved(id: string, body: ReturnType<typeof savedQueryBody>): DiscoverSavedQuery {
  return {
    ...body,
    id,
    projects: body.projects,
    expired: false,
    datasetSource: 'user',
    dateCreated: '2026-01-01T00:00:00.000Z',
    dateUpdated: '2026-01-01T00:00:00.000Z',
    createdBy: null,
  };
}

describe('saved Discover queries in the URL', () => {
  it('saves the page’s query in Sentry’s names and opens it again as the same query, with its id', () => {
    const url = fromHash(
      '#/discover?field=step&field=count()&sort=-count()&query=level:error&statsPeriod=7d&project=2&environment=production&dataset=errors&display=top5',
    );
    const query = discoverQueryFromUrl(url, datasets);
    const body = savedQueryBody('Steps', query, 'top5');
    expect(body).toEqual({
      name: 'Steps',
      version: 2,
      queryDataset: 'error-events',
      fields: ['step', 'count()'],
      orderby: '-count()',
      query: 'level:error',
      projects: [2],
      environment: ['production'],
      range: '7d',
      yAxis: ['count()'],
      display: 'top5',
    });
    const opened = fromHash(savedQueryHref(asSaved('12', body)));
    expect(opened.get('id')).toBe('12');
    expect(discoverQueryFromUrl(opened, datasets)).toEqual(query);
    expect(opened.get('display')).toBe('top5');
    expect(isUnchanged(asSaved('12', body), query, 'top5', datasets)).toBe(true);
  });

  it('keeps "All projects" as Sentry’s [-1] and a date range as start and end', () => {
    const query = discoverQueryFromUrl(
      fromHash(
        '#/discover?field=title&start=2026-03-01T00:00:00&end=2026-03-02T00:00:00&dataset=transactions',
      ),
      datasets,
    );
    const body = savedQueryBody('March', query, 'default');
    expect(body).toMatchObject({
      projects: [-1],
      start: query.start,
      end: query.end,
      queryDataset: 'transaction-like',
    });
    expect(body).not.toHaveProperty('range');
    const opened = fromHash(savedQueryHref(asSaved('3', body)));
    expect(opened.getAll('project')).toEqual([]);
    expect(opened.get('dataset')).toBe('transactions');
    expect(discoverQueryFromUrl(opened, datasets)).toEqual(query);
  });

  it('sees a change of search, column or display as unsaved, and keeps the id while the query is edited', () => {
    const query = discoverQueryFromUrl(fromHash('#/discover?field=title&field=count()'), datasets);
    const saved = asSaved('5', savedQueryBody('Titles', query, 'default'));
    expect(isUnchanged(saved, query, 'default', datasets)).toBe(true);
    expect(isUnchanged(saved, { ...query, query: 'level:warning' }, 'default', datasets)).toBe(false);
    expect(isUnchanged(saved, { ...query, field: ['title'] }, 'default', datasets)).toBe(false);
    expect(isUnchanged(saved, query, 'top5', datasets)).toBe(false);
    expect(fromHash(discoverHref({ ...query, query: 'x' }, 'default', '5')).get('id')).toBe('5');
    expect(fromHash(discoverHref(query)).has('id')).toBe(false);
  });

  it('saves errors and transactions queries, as Sentry’s Discover does; spans and logs are not', () => {
    expect(savedDatasetOf('errors')).toBe('error-events');
    expect(savedDatasetOf('discover')).toBe('error-events');
    expect(savedDatasetOf('transactions')).toBe('transaction-like');
    expect(savedDatasetOf('spans')).toBeUndefined();
    expect(savedDatasetOf('logs')).toBeUndefined();
  });
});
