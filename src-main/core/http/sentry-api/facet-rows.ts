/**
 * The rows of Sentry's `get_facets` (`FacetResult`: key, value, count) and the page arithmetic every
 * dataset's facets share (discover-facets.ts for the errors index, explore-transaction-facets.ts for
 * transactions).
 */

/** Sentry's `TOP_VALUES_DEFAULT_LIMIT`: values per key. */
export const TOP_VALUES = 9;

/** One value of one key, as `get_facets` answers (`FacetResult`); a project's value is its id. */
export interface FacetRow {
  key: string;
  value: string | number;
  count: number;
}

export type { DiscoverFacet as Facet } from '../../../../src-shared/discover-api.ts';

/** The keys to read for a page (`offset`, `limit` keys), and whether the project facet comes first. */
export interface FacetPage {
  offset: number;
  limit: number;
  /** More than one project selected: the first page carries the `project` facet. */
  withProjects: boolean;
}

/**
 * Sentry's arithmetic of a page: with the project facet the first page gives one key's place to it,
 * so later pages start one key earlier.
 */
export function keyWindow(page: FacetPage): { offset: number; limit: number; projects: boolean } {
  const projects = page.withProjects && page.offset === 0;
  const offset = page.withProjects && page.offset > 0 ? page.offset - 1 : page.offset;
  return { offset, limit: page.limit, projects };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The rows in the order the page is cut in: projects first, then the keys most frequent first (`keys`,
 * as read), each key's values by count descending, then value. Sentry orders them by key here and its
 * paginator then drops the alphabetically last key of a full page, which the next page lists again
 * or never; cutting in frequency order gives each key to exactly one page. The endpoint sorts a page
 * by key afterwards, as Sentry's does.
 */
export function orderFacetRows(projects: FacetRow[], tags: FacetRow[], keys: string[]): FacetRow[] {
  const rank = new Map(keys.map((key, i) => [key, i]));
  const sorted = [...tags].sort(
    (a, b) =>
      (rank.get(a.key) ?? 0) - (rank.get(b.key) ?? 0) ||
      b.count - a.count ||
      compare(String(a.value), String(b.value)),
  );
  return [...projects, ...sorted];
}
