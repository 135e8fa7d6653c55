/**
 * Sentry's cursor pagination as its `OffsetPaginator` writes it: a cursor is `value:offset:is_prev`
 * with `value` the page size and `offset` the page number, and each page answers a `Link` header
 * with a `previous` and a `next` link, each saying whether it has `results` (sentry-cli follows
 * `next` while `results="true"`).
 */
import { SentryApiError } from './request.ts';

export interface Page {
  offset: number;
  limit: number;
  /** The page number of the cursor (0 for the first page). */
  page: number;
}

export const DEFAULT_LIMIT = 100;

/** The `limit` (1..max, else `fallback`) and `cursor` query parameters as a page; 400 on a bad cursor. */
export function pageOf(query: URLSearchParams, max = DEFAULT_LIMIT, fallback = DEFAULT_LIMIT): Page {
  const asked = Number(query.get('limit') ?? query.get('per_page') ?? fallback);
  if (!Number.isInteger(asked) || asked < 1) throw new SentryApiError(400, 'Invalid limit parameter.');
  const limit = Math.min(asked, max);
  const cursor = query.get('cursor');
  if (!cursor) return { offset: 0, limit, page: 0 };
  const match = /^(\d+(?:\.\d+)?):(-?\d+):([01])$/.exec(cursor);
  if (!match) throw new SentryApiError(400, 'Invalid cursor parameter.');
  const size = Math.trunc(Number(match[1])) || limit;
  const page = Math.max(0, Number(match[2]));
  return { offset: page * size, limit: Math.min(size, max), page };
}

function link(url: URL, cursor: string, rel: 'previous' | 'next', results: boolean): string {
  const target = new URL(url);
  target.searchParams.set('cursor', cursor);
  return `<${target.href}>; rel="${rel}"; results="${results}"; cursor="${cursor}"`;
}

/** The `Link` header of a page; `hasMore` says whether a next page has anything. */
export function linkHeader(url: URL, page: Page, hasMore: boolean): string {
  const previous = `${page.limit}:${page.page - 1}:1`;
  const next = `${page.limit}:${page.page + 1}:0`;
  return `${link(url, previous, 'previous', page.page > 0)}, ${link(url, next, 'next', hasMore)}`;
}

/** The headers of a page of `total` items (Sentry's `X-Hits` with the `Link` header). */
export function pageHeaders(url: URL, page: Page, total: number): Record<string, string> {
  return { link: linkHeader(url, page, page.offset + page.limit < total), 'x-hits': String(total) };
}
