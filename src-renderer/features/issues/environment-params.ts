/** The environment page filter in the URL and in an event search (no DOM, no React: unit tests read it). */
import { valuesFilter } from '../../../src-shared/issue-search/index.ts';

/** Sentry's repeatable `environment` URL parameter, sorted; none is every environment. */
export function environmentsOf(params: URLSearchParams): string[] {
  return [...new Set(params.getAll('environment').filter((name) => name !== ''))].sort();
}

/** The environments as an issue event search's condition (`environment:["a", "b"]`); '' for all. */
export function environmentSearch(environments: readonly string[]): string {
  if (environments.length === 0) return '';
  return valuesFilter('environment', environments);
}
