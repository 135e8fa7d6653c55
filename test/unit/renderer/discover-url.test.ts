/**
 * The Discover page's URL is its query, spelled as Sentry's Discover spells it; what a cell links to;
 * the table as CSV; Sentry's `Link` header read back into its cursors.
 */
import { describe, expect, it } from 'vitest';
import {
  cellHref,
  changed,
  discoverHref,
  discoverQueryFromUrl,
  firstRowOf,
  tableCsv,
} from '../../../src-renderer/features/discover/discover-url.ts';
import {
  columnField,
  columnParts,
  type DiscoverDataset,
  discoverQueryOf,
  discoverSearchParams,
  parseLinkHeader,
} from '../../../src-shared/discover-api.ts';

const datasets: DiscoverDataset[] = [
  { name: 'errors', aliases: ['discover'], columns: ['title', 'timestamp'], functions: [] },
  { name: 'spans', aliases: [], columns: ['span.op', 'timestamp'], functions: [] },
  { name: 'logs', aliases: ['ourlogs'], columns: ['message', 'timestamp'], functions: [] },
];

const fromHash = (href: string) => new URLSearchParams(href.split('?')[1] ?? '');

describe('the Discover URL', () => {
  it("reads Sentry's Discover query string: repeated fields, sort, search, period, projects, environments", () => {
    const params = new URLSearchParams(
      'field=title&field=count()&field=count_unique(user)&sort=-count&query=level:error OR level:fatal' +
        '&statsPeriod=7d&project=2&project=3&environment=prod&dataset=errors&cursor=50:1:0&per_page=50',
    );
    expect(discoverQueryFromUrl(params, datasets)).toEqual({
      dataset: 'errors',
      field: ['title', 'count()', 'count_unique(user)'],
      sort: ['-count'],
      query: 'level:error OR level:fatal',
      statsPeriod: '7d',
      project: [2, 3],
      environment: ['prod'],
      cursor: '50:1:0',
      perPage: 50,
    });
  });

  it("opens on Sentry's defaults: the dataset's columns, newest first, the last 24 hours", () => {
    expect(discoverQueryFromUrl(new URLSearchParams(''), datasets)).toEqual({
      dataset: 'errors',
      field: ['title', 'project', 'user.display', 'timestamp'],
      sort: ['-timestamp'],
      statsPeriod: '24h',
      perPage: 50,
    });
    const logs = discoverQueryFromUrl(new URLSearchParams('dataset=ourlogs'), datasets);
    expect(logs.field).toEqual(['severity', 'message', 'trace', 'timestamp']);
    // An absolute range replaces the default period.
    const ranged = discoverQueryFromUrl(
      new URLSearchParams('field=title&start=2026-11-01T00:00:00Z&end=2026-11-02T00:00:00Z'),
      datasets,
    );
    expect(ranged.statsPeriod).toBeUndefined();
    expect(ranged.sort).toBeUndefined();
  });

  it('leaves out a page size or project that is no number rather than sending it', () => {
    const query = discoverQueryOf(new URLSearchParams('field=id&per_page=lots&project=x&project=4'));
    expect(query).toEqual({ field: ['id'], project: [4] });
  });

  it('writes a query back as the same URL, so a link and Back restore it', () => {
    const query = discoverQueryFromUrl(
      new URLSearchParams(
        'field=title&field=count()&sort=-count()&query=a OR b&statsPeriod=14d&environment=x',
      ),
      datasets,
    );
    const href = discoverHref(query);
    expect(href.startsWith('#/discover?')).toBe(true);
    expect(fromHash(href).getAll('field')).toEqual(['title', 'count()']);
    expect(discoverQueryFromUrl(fromHash(href), datasets)).toEqual(query);
  });

  it('a changed query starts at its first page; paging keeps the rest', () => {
    const query = { field: ['title'], cursor: '50:2:0', query: 'a' };
    expect(changed(query, { query: 'b' })).toEqual({ field: ['title'], query: 'b' });
    expect(changed(query, { cursor: '50:3:0' })).toEqual({ field: ['title'], query: 'a', cursor: '50:3:0' });
    expect(changed(query, { query: undefined })).toEqual({ field: ['title'] });
  });

  it("numbers the rows from Sentry's cursor", () => {
    expect(firstRowOf(undefined, 50)).toBe(1);
    expect(firstRowOf('50:2:0', 50)).toBe(101);
    expect(firstRowOf('junk', 50)).toBe(1);
  });

  it('maps the RPC params to the endpoint parameters under their Sentry names', () => {
    const search = discoverSearchParams({ field: ['a', 'b'], perPage: 10, project: [1], sort: ['-a'] });
    expect(search.toString()).toBe('field=a&field=b&per_page=10&project=1&sort=-a');
  });
});

describe('column parts', () => {
  it('splits a function from its argument and joins them again', () => {
    expect(columnParts('count_unique( user )')).toEqual({ fn: 'count_unique', argument: 'user' });
    expect(columnParts('count()')).toEqual({ fn: 'count', argument: '' });
    expect(columnParts('tags[browser]')).toEqual({ fn: '', argument: 'tags[browser]' });
    expect(columnField({ fn: 'p95', argument: 'span.duration' })).toBe('p95(span.duration)');
    expect(columnField({ fn: '', argument: ' title ' })).toBe('title');
  });
});

describe("Sentry's Link header", () => {
  it('gives the previous and next cursors with whether they have rows', () => {
    const header =
      '<http://x/api/0/organizations/o/events/?field=a&cursor=50:0:1>; rel="previous"; results="false"; cursor="50:0:1", ' +
      '<http://x/api/0/organizations/o/events/?field=a&cursor=50:2:0>; rel="next"; results="true"; cursor="50:2:0"';
    expect(parseLinkHeader(header)).toEqual({
      previous: { cursor: '50:0:1', results: false },
      next: { cursor: '50:2:0', results: true },
    });
    expect(parseLinkHeader(undefined)).toEqual({ previous: null, next: null });
  });
});

describe('row links', () => {
  const projects = { bySlug: new Map([['shop', 2]]), fallback: 1 };

  it("links an event id, an issue and a trace as Sentry's Discover does", () => {
    const row = { id: 'ab12', issue: 'SHOP-3', 'issue.id': 9, trace: 'f00d', project: 'shop' };
    expect(cellHref('id', row, projects, 'errors')).toBe('#/issues/9/events/ab12');
    expect(cellHref('issue', row, projects, 'discover')).toBe('#/issues/9');
    expect(cellHref('trace', row, projects, 'errors')).toBe('#/traces/f00d?project=2');
    expect(cellHref('project', row, projects, 'errors')).toBeUndefined();
  });

  it("without the issue's id, opens the event or issue through the issue search's direct hit", () => {
    const row = { id: 'ab12', issue: 'SHOP-3', project: 'shop' };
    expect(fromHash(cellHref('id', row, projects, 'errors') ?? '').get('query')).toBe('ab12');
    expect(fromHash(cellHref('issue', row, projects, 'errors') ?? '').get('project')).toBe('2');
    expect(cellHref('issue', { issue: 'unknown' }, projects, 'errors')).toBeUndefined();
    // A span's id is no error event.
    expect(cellHref('id', { id: 'ab12' }, projects, 'spans')).toBeUndefined();
  });
});

describe('CSV of the table', () => {
  it('writes the columns and rows, lists joined, formulas neutralized, numbers kept', () => {
    const csv = tableCsv(
      ['title', 'count()', 'error.type'],
      [
        { title: '=HYPERLINK("x")', 'count()': -5, 'error.type': ['A', 'B'] },
        { title: 'plain, text', 'count()': 2, 'error.type': null },
      ],
    );
    expect(csv).toBe('title,count(),error.type\n"\'=HYPERLINK(""x"")",-5,"A, B"\n"plain, text",2,\n');
  });
});
