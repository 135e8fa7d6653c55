/** The link from a tag value to the events that carry it, as Sentry writes it: `key:"value"`. */
import { hrefFor } from '../../app/router.ts';

export function tagQuery(key: string, value: string): string {
  return `${key}:"${value.replaceAll('"', '\\"')}"`;
}

export function tagEventsHref(groupId: number, key: string, value: string): string {
  return hrefFor('issues', [groupId, 'events'], { query: tagQuery(key, value) });
}
