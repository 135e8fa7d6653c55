/** The link from a tag value to the issue's events that carry it, as Sentry writes it: `key:"value"`. */
import { hrefFor } from '../../app/router.ts';
import { filterParams, type IssuePageFilter } from './page-filter.ts';

export function tagQuery(key: string, value: string): string {
  return `${key}:"${value.replaceAll('"', '\\"')}"`;
}

/** The issue's events with the value, under the page's environments and time: the value is the new search. */
export function tagEventsHref(groupId: number, key: string, value: string, filter: IssuePageFilter): string {
  return hrefFor('issues', [groupId, 'events'], { ...filterParams(filter), query: tagQuery(key, value) });
}
