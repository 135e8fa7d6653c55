/** A tiny hash router: `#/issues`, `#/console`, … — works the same from file:// and http://. */
import { useSyncExternalStore } from 'react';

export const PAGES = ['issues', 'console', 'export', 'setup'] as const;
export type Page = (typeof PAGES)[number];

function currentPage(): Page {
  const name = window.location.hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return (PAGES as readonly string[]).includes(name ?? '') ? (name as Page) : 'issues';
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function usePage(): Page {
  return useSyncExternalStore(subscribe, currentPage);
}

export function hrefFor(page: Page): string {
  return `#/${page}`;
}
