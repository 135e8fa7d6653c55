/**
 * The issue list as the user last left it (project, search, sort, period, saved view), so "← Issues" on an
 * issue page, and deleting an issue there, return to it as Sentry's breadcrumb does; and how far
 * each list was scrolled, so that going back to it (Back, "← Issues") finds the row it was left
 * at. Kept per browser tab (session storage), so a reload of the issue page keeps it too.
 */
import { hrefFor } from '../../app/router.ts';
import type { IssueListFilter } from './queries.ts';

const KEY = 'faultline.issueList';
const SCROLL_KEY = 'faultline.issueListScroll';
/** Lists whose scroll position is kept: the most recently scrolled. */
const SCROLLED_LISTS = 20;
/** The list as it was left: its filter, and the saved view it was opened from, if any. */
type LeftList = IssueListFilter & { viewId?: string };
let remembered: LeftList | undefined;
let scrolled: Record<string, number> | undefined;

/**
 * The list's URL for a filter; every part is spelled out so the URL alone restores the list. `view`
 * is the saved view the list was opened from (Sentry's `/issues/views/{id}/`): its own filters may
 * since have been changed, which the page shows as unsaved changes.
 */
export function issueListHref(filter: IssueListFilter, viewId?: string): string {
  return hrefFor('issues', [], {
    ...(viewId ? { view: viewId } : {}),
    project: String(filter.projectId),
    query: filter.query,
    sort: filter.sort,
    period: filter.period,
    ...(filter.start && filter.end ? { start: filter.start, end: filter.end } : {}),
    ...(filter.environments?.length ? { environment: filter.environments } : {}),
  });
}

export function rememberIssueList(filter: LeftList): void {
  remembered = filter;
  try {
    sessionStorage.setItem(KEY, JSON.stringify(filter));
  } catch {
    // Storage full or unavailable: the in-memory copy still serves this page's life.
  }
}

function recalled(): LeftList | undefined {
  if (remembered) return remembered;
  try {
    const value = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Partial<LeftList> | null;
    if (
      value &&
      typeof value.projectId === 'number' &&
      typeof value.query === 'string' &&
      typeof value.sort === 'string' &&
      typeof value.period === 'string' &&
      (value.viewId === undefined || typeof value.viewId === 'string')
    )
      return value as LeftList;
  } catch {
    // Unreadable: fall back to the default list.
  }
  return undefined;
}

/**
 * Where "back to the issues" goes from an issue of `projectId`: the list as it was left, or, when
 * that list showed another project (the issue was opened from elsewhere), that project's list.
 * Without a project (an issue that does not exist), the list as it was left.
 */
export function backToIssuesHref(projectId?: number): string {
  const filter = recalled();
  if (filter && (projectId === undefined || filter.projectId === projectId)) {
    const { viewId, ...list } = filter;
    return issueListHref(list, viewId);
  }
  return projectId === undefined ? hrefFor('issues') : hrefFor('issues', [], { project: String(projectId) });
}

function scrollPositions(): Record<string, number> {
  if (scrolled) return scrolled;
  scrolled = {};
  try {
    const value: unknown = JSON.parse(sessionStorage.getItem(SCROLL_KEY) ?? '{}');
    if (value && typeof value === 'object')
      for (const [href, top] of Object.entries(value)) if (typeof top === 'number') scrolled[href] = top;
  } catch {
    // Unreadable: every list starts at the top.
  }
  return scrolled;
}

/** Remembers how far the list at `href` (its `issueListHref`) is scrolled. */
export function rememberListScroll(href: string, scrollTop: number): void {
  const positions = scrollPositions();
  delete positions[href];
  positions[href] = scrollTop;
  const hrefs = Object.keys(positions);
  for (const old of hrefs.slice(0, Math.max(0, hrefs.length - SCROLLED_LISTS))) delete positions[old];
  try {
    sessionStorage.setItem(SCROLL_KEY, JSON.stringify(positions));
  } catch {
    // Storage full or unavailable: the in-memory copy still serves this page's life.
  }
}

/** How far the list at `href` was scrolled when it was left, if it was. */
export function recalledListScroll(href: string): number | undefined {
  return scrollPositions()[href];
}
