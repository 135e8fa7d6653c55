/**
 * A saved issue view and the issue list's URL, both ways (no DOM, no React: unit tests read it):
 * the filter a view opens (its search, sort, environments and period; its project when it has
 * one), which of those the list has changed since (Sentry's unsaved-changes marker), and the list's
 * filter as the body Sentry's `group-search-views/` takes.
 */
import type { IssueView } from '../../../src-shared/issue-views-api.ts';
import {
  ISSUE_SORTS,
  type IssueSort,
  STATS_PERIODS,
  type StatsPeriod,
} from '../../../src-shared/issues-api.ts';
import { issueListHref } from './list-location.ts';
import type { IssueListFilter } from './queries.ts';

/** The parts of a view Sentry names in its unsaved-changes tooltip. */
export type ViewPart = 'query' | 'sort' | 'projects' | 'environments' | 'time range';

/** The saved view the URL names (`view=`), if any. */
export function viewIdOf(params: URLSearchParams): string | undefined {
  const id = params.get('view');
  return id && /^\d+$/.test(id) ? id : undefined;
}

/** The list as the view opens it; a view of several projects (or all) keeps the current one. */
export function viewFilter(view: IssueView, current: IssueListFilter): IssueListFilter {
  const { period, start, end } = view.timeFilters;
  const projectId = view.projects.length === 1 && view.projects[0] !== -1 ? view.projects[0] : undefined;
  const sort = (ISSUE_SORTS as readonly string[]).includes(view.querySort)
    ? (view.querySort as IssueSort)
    : 'date';
  return {
    projectId: projectId ?? current.projectId,
    query: view.query,
    sort,
    period: period && (STATS_PERIODS as readonly string[]).includes(period) ? (period as StatsPeriod) : '14d',
    ...(start && end ? { start, end } : {}),
    ...(view.environments.length > 0 ? { environments: [...view.environments].sort() } : {}),
  };
}

/** Where selecting the view goes: the list as the view opens it, the view named in the URL. */
export const viewHref = (view: IssueView, current: IssueListFilter): string =>
  issueListHref(viewFilter(view, current), view.id);

const sameList = (a: readonly string[] | undefined, b: readonly string[] | undefined) =>
  (a ?? []).join('\n') === (b ?? []).join('\n');

/** What the list shows differently from the view it was opened from; none when it is as saved. */
export function viewChanges(view: IssueView, filter: IssueListFilter): ViewPart[] {
  const saved = viewFilter(view, filter);
  const changes: ViewPart[] = [];
  if (saved.query.trim() !== filter.query.trim()) changes.push('query');
  if (saved.sort !== filter.sort) changes.push('sort');
  if (saved.projectId !== filter.projectId) changes.push('projects');
  if (!sameList(saved.environments, filter.environments)) changes.push('environments');
  const range = (f: IssueListFilter) => (f.start && f.end ? `${f.start}/${f.end}` : f.period);
  if (range(saved) !== range(filter)) changes.push('time range');
  return changes;
}

/** The list's filter as Sentry's view body, under `name`. */
export function viewBody(filter: IssueListFilter, name: string, starred?: boolean): Record<string, unknown> {
  return {
    name,
    query: filter.query,
    querySort: filter.sort,
    projects: [filter.projectId],
    environments: filter.environments ?? [],
    timeFilters:
      filter.start && filter.end ? { start: filter.start, end: filter.end } : { period: filter.period },
    ...(starred === undefined ? {} : { starred }),
  };
}

/** A saved view's own body under another name (rename keeps everything else as saved). */
export function renamedBody(view: IssueView, name: string): Record<string, unknown> {
  return {
    name,
    query: view.query,
    querySort: view.querySort,
    projects: view.projects,
    environments: view.environments,
    timeFilters: view.timeFilters,
  };
}
