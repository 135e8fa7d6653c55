/**
 * A tiny hash router: `#/issues?query=…`, `#/issues/12`, `#/issues/12/events/latest`, `#/console`,
 * … — works the same from file:// and http://. A route is its page, its path segments after the
 * page name, and its query parameters.
 */
import { useSyncExternalStore } from 'react';

export const PAGES = [
  'issues',
  'feedback',
  'traces',
  'performance',
  'queries',
  'requests',
  'caches',
  'queues',
  'web-vitals',
  'agents',
  'assets',
  'logs',
  'metrics',
  'replays',
  'profiles',
  'crons',
  'releases',
  'discover',
  'dashboards',
  'console',
  'export',
  'setup',
  'outcomes',
  'settings',
] as const;
export type Page = (typeof PAGES)[number];

export interface Route {
  /** `not-found` for a link to no page (`#/nope`); no page at all (`#/`) is the issue list. */
  page: Page | 'not-found';
  /** Path segments after the page name (`['12', 'events', 'latest']`). */
  segments: string[];
  params: URLSearchParams;
}

/**
 * The hash the app shows: the location's as of the last `hashchange`, not as of this instant. Going
 * back changes the location a task before its `hashchange`; a page re-rendering in between (a fetch
 * answered) would otherwise read the next route's parameters while still mounted for its own (the
 * issue page asking for its events with the list's `is:unresolved`).
 */
let shownHash: string | null = null;

function currentHash(): string {
  shownHash ??= window.location.hash;
  return shownHash;
}

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  const [name = '', ...segments] = path.split('/').filter((part) => part !== '');
  const page =
    name === '' ? 'issues' : (PAGES as readonly string[]).includes(name) ? (name as Page) : 'not-found';
  return { page, segments: segments.map(decodeURIComponent), params: new URLSearchParams(query) };
}

const listeners = new Set<() => void>();

function notifyAll(): void {
  shownHash = window.location.hash;
  for (const listener of [...listeners]) listener();
}

/**
 * One `hashchange` listener tells every component at once. With a listener each, the browser ran
 * React's microtasks between them, so a page rendered alone with the next route before the app
 * replaced it (the issue list, opening an issue, fetched the default list for nothing).
 */
function subscribe(onChange: () => void): () => void {
  if (listeners.size === 0) {
    // Nobody listened since the last change: start from the location as it is now.
    shownHash = window.location.hash;
    window.addEventListener('hashchange', notifyAll);
  }
  listeners.add(onChange);
  return () => {
    listeners.delete(onChange);
    if (listeners.size === 0) window.removeEventListener('hashchange', notifyAll);
  };
}

/** The current location's hash (`#/issues?query=…`); re-renders on every hash change. */
export function useHash(): string {
  return useSyncExternalStore(subscribe, currentHash);
}

/** The current route; re-renders on every hash change. */
export function useRoute(): Route {
  return parseRoute(useHash());
}

export function usePage(): Route['page'] {
  return useRoute().page;
}

/** A page's URL; a list of values repeats its parameter (`environment=a&environment=b`, as Sentry's). */
export function hrefFor(
  page: Page,
  segments: Array<string | number> = [],
  params?: Record<string, string | readonly string[]>,
): string {
  const path = [page, ...segments.map((segment) => encodeURIComponent(String(segment)))].join('/');
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {}))
    for (const one of typeof value === 'string' ? [value] : value) search.append(key, one);
  const query = search.toString();
  return `#/${path}${query ? `?${query}` : ''}`;
}

export function navigate(href: string, options: { replace?: boolean } = {}): void {
  if (options.replace) {
    window.history.replaceState(null, '', href);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else window.location.hash = href;
}
