/**
 * A tiny hash router: `#/issues?query=…`, `#/issues/12`, `#/issues/12/events/latest`, `#/console`,
 * … — works the same from file:// and http://. A route is its page, its path segments after the
 * page name, and its query parameters.
 */
import { useSyncExternalStore } from 'react';

export const PAGES = ['issues', 'console', 'export', 'setup', 'outcomes', 'settings'] as const;
export type Page = (typeof PAGES)[number];

export interface Route {
  page: Page;
  /** Path segments after the page name (`['12', 'events', 'latest']`). */
  segments: string[];
  params: URLSearchParams;
}

function currentHash(): string {
  return window.location.hash;
}

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  const [name = '', ...segments] = path.split('/').filter((part) => part !== '');
  const page = (PAGES as readonly string[]).includes(name) ? (name as Page) : 'issues';
  return { page, segments: segments.map(decodeURIComponent), params: new URLSearchParams(query) };
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The current route; re-renders on every hash change. */
export function useRoute(): Route {
  return parseRoute(useSyncExternalStore(subscribe, currentHash));
}

export function usePage(): Page {
  return useRoute().page;
}

export function hrefFor(
  page: Page,
  segments: Array<string | number> = [],
  params?: Record<string, string>,
): string {
  const path = [page, ...segments.map((segment) => encodeURIComponent(String(segment)))].join('/');
  const query = params ? new URLSearchParams(params).toString() : '';
  return `#/${path}${query ? `?${query}` : ''}`;
}

export function navigate(href: string, options: { replace?: boolean } = {}): void {
  if (options.replace) {
    window.history.replaceState(null, '', href);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else window.location.hash = href;
}
