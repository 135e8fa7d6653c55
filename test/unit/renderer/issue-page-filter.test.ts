/**
 * The issue page's filter in its URL, as Sentry's issue details keep it: environments, a period or a
 * range, and the event search `query`, read back from the URL, written into every link within the
 * issue, and changed without losing the page's other parameters.
 */
import { describe, expect, it } from 'vitest';
import {
  eventParams,
  filterLabel,
  filterParams,
  hrefWithFilter,
  issuePageFilterOf,
  narrows,
  scopeParams,
} from '../../../src-renderer/features/issue/page-filter.ts';
import { tagEventsHref } from '../../../src-renderer/features/issue/tag-query.ts';

const params = (search: string) => new URLSearchParams(search);

describe('the issue page filter in the URL', () => {
  it('reads the event search from `query`, trimmed, its repeated parts joined, none when blank', () => {
    expect(issuePageFilterOf(params('query=level%3Aerror')).query).toBe('level:error');
    expect(issuePageFilterOf(params('query=region%3Aeu&query=+timeout+')).query).toBe('region:eu timeout');
    expect(issuePageFilterOf(params('query=+++')).query).toBeUndefined();
    expect(issuePageFilterOf(params('environment=production')).query).toBeUndefined();
  });

  it('writes the search into the links within the issue with the environments and the time', () => {
    const filter = issuePageFilterOf(params('environment=production&period=7d&query=region%3Aeu'));
    expect(filterParams(filter)).toEqual({ environment: ['production'], query: 'region:eu', period: '7d' });
    expect(filterParams(issuePageFilterOf(params('')))).toEqual({});
  });

  it('gives the search to the event shown but not to the tabs that do not take it', () => {
    const filter = issuePageFilterOf(params('environment=staging&query=level%3Aerror'));
    expect(eventParams(filter)).toEqual({ environments: ['staging'], query: 'level:error' });
    expect(scopeParams(filter)).toEqual({ environments: ['staging'] });
    expect(eventParams(issuePageFilterOf(params('')))).toEqual({ environments: [], query: '' });
  });

  it('counts a search alone as narrowing the events, and names it in words', () => {
    const searched = issuePageFilterOf(params('query=region%3Aeu'));
    expect(narrows(searched)).toBe(true);
    expect(narrows(issuePageFilterOf(params('')))).toBe(false);
    expect(filterLabel(searched)).toBe('matching region:eu');
    expect(filterLabel(issuePageFilterOf(params('environment=staging&period=24h&query=region%3Aeu')))).toBe(
      'staging, in 24h, matching region:eu',
    );
  });

  it('changes the search in place: the page and its other parameters kept, the offset dropped, a cleared search gone', () => {
    const current = params('query=region%3Aeu&environment=production&offset=50&attachmentFilter=screenshot');
    const filter = issuePageFilterOf(current);
    const changed = hrefWithFilter(['1', 'events', 'latest'], current, { ...filter, query: 'level:error' });
    const url = new URL(changed.slice(1), 'http://x');
    expect(url.pathname).toBe('/issues/1/events/latest');
    expect(url.searchParams.getAll('query')).toEqual(['level:error']);
    expect(url.searchParams.getAll('environment')).toEqual(['production']);
    expect(url.searchParams.get('attachmentFilter')).toBe('screenshot');
    expect(url.searchParams.has('offset')).toBe(false);
    const cleared = new URL(hrefWithFilter(['1'], current, { ...filter, query: '' }).slice(1), 'http://x');
    expect(cleared.searchParams.has('query')).toBe(false);
  });

  it("makes a tag value the new search of the Events tab, keeping the page's environments", () => {
    const filter = issuePageFilterOf(params('environment=production&query=level%3Aerror'));
    const href = tagEventsHref(7, 'region', 'e"u', filter);
    const url = new URL(href.slice(1), 'http://x');
    expect(url.pathname).toBe('/issues/7/events');
    expect(url.searchParams.getAll('query')).toEqual(['region:"e\\"u"']);
    expect(url.searchParams.getAll('environment')).toEqual(['production']);
  });
});
