/**
 * The links into Discover that Sentry has (an issue's events, a tag value of an issue, a transaction
 * summary), read back as Discover reads its URL; and the issue list's link to an issue, which keeps
 * the list's chosen period.
 */
import { describe, expect, it } from 'vitest';
import { discoverQueryFromUrl } from '../../../src-renderer/features/discover/discover-url.ts';
import {
  ISSUE_DISCOVER_FIELDS,
  issueDiscoverHref,
  tagValueDiscoverHref,
} from '../../../src-renderer/features/issue/discover-link.ts';
import { issueHref } from '../../../src-renderer/features/issues/issue-link.ts';
import { transactionDiscoverHref } from '../../../src-renderer/features/performance/discover-link.ts';

/** What Discover's page makes of a link: its path and the query it reads from the URL. */
function opened(href: string) {
  const [path, search = ''] = href.slice(2).split('?');
  return { path, query: discoverQueryFromUrl(new URLSearchParams(search)) };
}

const issue = { shortId: 'SHOP-3', projectId: 2 };

describe("an issue's Open in Discover", () => {
  it("asks the issue's events in the errors dataset with Sentry's issue columns, under the page's filter", () => {
    const { path, query } = opened(
      issueDiscoverHref(issue, {
        environments: ['production', 'staging'],
        period: '7d',
        query: 'level:error',
      }),
    );
    expect(path).toBe('discover');
    expect(query).toMatchObject({
      dataset: 'errors',
      field: ISSUE_DISCOVER_FIELDS,
      query: 'issue:SHOP-3 level:error',
      statsPeriod: '7d',
      project: [2],
      environment: ['production', 'staging'],
    });
    expect(query.start).toBeUndefined();
  });

  it('keeps an absolute range in place of a period, and asks every event (90d) when the page chose no time', () => {
    const range = { start: '2026-01-01T00:00:00.000Z', end: '2026-01-02T00:00:00.000Z' };
    const ranged = opened(issueDiscoverHref(issue, { environments: [], period: '24h', range })).query;
    expect(ranged).toMatchObject({ ...range, query: 'issue:SHOP-3' });
    expect(ranged.statsPeriod).toBeUndefined();
    const allTime = opened(issueDiscoverHref(issue, { environments: [] })).query;
    expect(allTime).toMatchObject({ statsPeriod: '90d', query: 'issue:SHOP-3' });
    expect(allTime.environment).toBeUndefined();
  });

  it("adds a tag value to the page's search, quoted as Sentry quotes it", () => {
    const { query } = opened(
      tagValueDiscoverHref(issue, { environments: [], query: 'user.id:7' }, 'browser', 'Chrome "beta" 1'),
    );
    expect(query.query).toBe('issue:SHOP-3 user.id:7 browser:"Chrome \\"beta\\" 1"');
  });
});

describe("a transaction summary's Open in Discover", () => {
  it('asks the transaction in the transactions dataset, over the summary period, in the list order', () => {
    const slowest = opened(transactionDiscoverHref(1, 'GET /users/:id', '24h', 'slowest')).query;
    expect(slowest).toMatchObject({
      dataset: 'transactions',
      field: ['id', 'user.display', 'transaction.duration', 'trace', 'timestamp'],
      sort: ['-transaction.duration'],
      query: 'transaction:"GET /users/:id"',
      statsPeriod: '24h',
      project: [1],
    });
    expect(opened(transactionDiscoverHref(1, 'checkout', '7d', 'newest')).query.sort).toEqual(['-timestamp']);
  });
});

describe("the issue list's link to an issue", () => {
  const paramsOf = (href: string) => new URLSearchParams(href.split('?')[1] ?? '');

  it('carries the chosen period, and none when the list shows its default', () => {
    expect(paramsOf(issueHref(4, { period: '30d', environments: ['production'] })).get('period')).toBe('30d');
    expect(issueHref(4, {})).toBe('#/issues/4');
    expect(paramsOf(issueHref(4, { query: 'is:unresolved' })).has('period')).toBe(false);
  });

  it('carries an absolute range in place of the period', () => {
    const range = { start: '2026-01-01T00:00:00.000Z', end: '2026-01-02T00:00:00.000Z' };
    const params = paramsOf(issueHref(4, { period: '30d', range }));
    expect(params.get('start')).toBe(range.start);
    expect(params.has('period')).toBe(false);
  });
});
