/**
 * The app's Discover page: `discover.events` answers a query with the web API's events endpoint's own
 * code (`eventsTable`), so both give the same rows, and the same refusals — Sentry's 400 texts arrive
 * as `invalid_query` errors with the same words. `discover.stats` is the events-stats endpoint's
 * `eventsStats` the same way, for the page's chart, and `discover.facets` the events-facets endpoint's
 * `eventsFacets`, for its tag summary. `discover.saved.*` are the saved queries (saved-queries.ts).
 */
import {
  type DiscoverTable,
  discoverSearchParams,
  type EventsStats,
  parseLinkHeader,
  statsSearchParams,
} from '../../../src-shared/discover-api.ts';
import { type ErrorType, FaultlineError } from '../../../src-shared/errors.ts';
import type { Handlers } from '../api/handlers.ts';
import { eventsTable } from '../http/sentry-api/discover.ts';
import { eventsFacets } from '../http/sentry-api/discover-facets.ts';
import { eventsStats } from '../http/sentry-api/discover-stats.ts';
import { SentryApiError } from '../http/sentry-api/request.ts';
import { discoverDatasets } from './catalog.ts';
import { deleteSavedQuery, getSavedQuery, listSavedQueries, saveSavedQuery } from './saved-queries.ts';

/** The address the `Link` header's cursors are written against; only the cursors are read back. */
const EVENTS_URL = 'http://faultline.invalid/api/0/organizations/faultline/events/';
const FACETS_URL = 'http://faultline.invalid/api/0/organizations/faultline/events-facets/';

function errorType(status: number): ErrorType {
  if (status === 404) return 'not_found';
  if (status === 403) return 'forbidden';
  return 'invalid_query';
}

function detailOf(error: SentryApiError): string {
  const body = error.body as { detail?: unknown } | undefined;
  return typeof body?.detail === 'string' ? body.detail : error.message;
}

/** The endpoint's answer, its `SentryApiError` as the contract's error with Sentry's words. */
async function withSentryErrors<T>(answer: () => Promise<T>): Promise<T> {
  try {
    return await answer();
  } catch (error) {
    if (error instanceof SentryApiError) throw new FaultlineError(errorType(error.status), detailOf(error));
    throw error;
  }
}

export const discoverHandlers: Pick<
  Handlers,
  | 'discover.events'
  | 'discover.datasets'
  | 'discover.stats'
  | 'discover.facets'
  | 'discover.saved.list'
  | 'discover.saved.get'
  | 'discover.saved.save'
  | 'discover.saved.delete'
> = {
  'discover.events': (params, ctx) =>
    withSentryErrors(async () => {
      const search = discoverSearchParams(params);
      const { reply, snql } = await eventsTable(ctx, search, new URL(`${EVENTS_URL}?${search}`));
      const body = reply.body as Pick<DiscoverTable, 'data' | 'meta'>;
      return { data: body.data, meta: body.meta, links: parseLinkHeader(reply.headers?.link), snql };
    }),
  // The web API's events-stats, the same function: the same series, the same refusals.
  'discover.stats': (params, ctx) =>
    withSentryErrors(async () => (await eventsStats(ctx, statsSearchParams(params))) as EventsStats),
  // The tag summary: the web API's `events-facets` answer, its `Link` header as two links.
  'discover.facets': (params, ctx) =>
    withSentryErrors(async () => {
      const search = discoverSearchParams(params);
      const answer = await eventsFacets(ctx, search, new URL(`${FACETS_URL}?${search}`));
      return { facets: answer.facets, links: parseLinkHeader(answer.link) };
    }),
  'discover.datasets': () => discoverDatasets(),
  // Saved queries: the same functions as the web API's `discover/saved/`, the same refusals.
  'discover.saved.list': (params, ctx) => listSavedQueries(ctx.db, params),
  'discover.saved.get': (params, ctx) => getSavedQuery(ctx.db, params.id),
  'discover.saved.save': (params, ctx) => saveSavedQuery(ctx, params),
  'discover.saved.delete': (params, ctx) => deleteSavedQuery(ctx.db, params.id),
};
