/**
 * A saved issue view and the issue list's URL: a view opens as its own search, sort, environments
 * and period, named in the URL; a change to the list afterwards is seen as unsaved, part by part;
 * the list saves back as the body that opens it again.
 */
import { describe, expect, it } from 'vitest';
import {
  viewBody,
  viewChanges,
  viewFilter,
  viewHref,
  viewIdOf,
} from '../../../src-renderer/features/issues/issue-views.ts';
import type { IssueListFilter } from '../../../src-renderer/features/issues/queries.ts';
import type { IssueView } from '../../../src-shared/issue-views-api.ts';

const current: IssueListFilter = { projectId: 1, query: 'is:unresolved', sort: 'date', period: '14d' };

/** What the core answers for a body. */
function asSaved(id: string, body: ReturnType<typeof viewBody>): IssueView {
  return {
    id,
    createdBy: null,
    name: body.name as string,
    query: body.query as string,
    querySort: body.querySort as string,
    projects: body.projects as number[],
    environments: body.environments as string[],
    timeFilters: body.timeFilters as IssueView['timeFilters'],
    lastVisited: null,
    starred: true,
    stars: 1,
    dateCreated: '2026-01-01T00:00:00.000Z',
    dateUpdated: '2026-01-01T00:00:00.000Z',
  };
}

const params = (href: string) => new URLSearchParams(href.split('?')[1] ?? '');

describe('saved issue views in the URL', () => {
  it('saves the list as Sentry’s body and opens it again as the same list, the view named in the URL', () => {
    const list: IssueListFilter = {
      projectId: 2,
      query: 'is:unresolved level:error',
      sort: 'freq',
      period: '7d',
      environments: ['production', 'staging'],
    };
    const body = viewBody(list, 'Errors', true);
    expect(body).toEqual({
      name: 'Errors',
      query: 'is:unresolved level:error',
      querySort: 'freq',
      projects: [2],
      environments: ['production', 'staging'],
      timeFilters: { period: '7d' },
      starred: true,
    });
    const view = asSaved('12', body);
    expect(viewFilter(view, current)).toEqual(list);
    const url = params(viewHref(view, current));
    expect(viewIdOf(url)).toBe('12');
    expect(url.get('query')).toBe('is:unresolved level:error');
    expect(url.get('sort')).toBe('freq');
    expect(url.get('period')).toBe('7d');
    expect(url.get('project')).toBe('2');
    expect(url.getAll('environment')).toEqual(['production', 'staging']);
    expect(viewChanges(view, list)).toEqual([]);
  });

  it('keeps an absolute range, and the current project for a view of all projects', () => {
    const range = { start: '2026-01-01T00:00:00.000Z', end: '2026-01-02T00:00:00.000Z' };
    const view = { ...asSaved('3', viewBody({ ...current, ...range }, 'Range')), projects: [-1] };
    expect(viewBody({ ...current, ...range }, 'Range').timeFilters).toEqual(range);
    expect(viewFilter(view, { ...current, projectId: 5 })).toEqual({ ...current, projectId: 5, ...range });
  });

  it('names each part of the list changed since the view was saved', () => {
    const view = asSaved('4', viewBody(current, 'Unresolved'));
    expect(viewChanges(view, { ...current, query: 'is:unresolved browser:Firefox' })).toEqual(['query']);
    expect(viewChanges(view, { ...current, sort: 'new', period: '24h' })).toEqual(['sort', 'time range']);
    expect(viewChanges(view, { ...current, projectId: 3, environments: ['production'] })).toEqual([
      'projects',
      'environments',
    ]);
    expect(viewChanges(view, { ...current, query: ' is:unresolved ' })).toEqual([]);
  });

  it('reads no view from a URL without one, or with a view id that is not a number', () => {
    expect(viewIdOf(new URLSearchParams('query=is:unresolved'))).toBeUndefined();
    expect(viewIdOf(new URLSearchParams('view=abc'))).toBeUndefined();
  });
});
