/**
 * Discover's saved queries as Sentry serves them: `GET`/`POST /organizations/{org}/discover/saved/`
 * (the list: `query`, `sortBy`, 25 a page by Sentry's cursors, `all=1` for every one; a new one: 201)
 * and `GET`/`PUT`/`DELETE /organizations/{org}/discover/saved/{id}/` (200, 200, 204). The bodies are
 * checked by the same code as the RPC's `discover.saved.save`: DRF's field errors as the 400's body.
 */

import {
  deleteSavedQuery,
  getSavedQuery,
  listSavedQueries,
  saveSavedQuery,
} from '../../discover/saved-queries.ts';
import { assertOrganization, organizationObjectId } from './organization.ts';
import { linkHeader, pageOf } from './pagination.ts';
import { type Endpoint, ok, withFieldErrors } from './request.ts';

/** Sentry's `default_per_page` for this list. */
const PER_PAGE = 25;

const list: Endpoint = ({ ctx, params, query, url }) => {
  assertOrganization(params.org);
  const all = listSavedQueries(ctx.db, {
    query: query.get('query') ?? undefined,
    sortBy: query.get('sortBy') ?? undefined,
  });
  if (query.get('all') === '1') return ok(all);
  const page = pageOf(query, 100, PER_PAGE);
  const rows = all.slice(page.offset, page.offset + page.limit);
  return ok(rows, { link: linkHeader(url, page, page.offset + page.limit < all.length) });
};

const create: Endpoint = ({ ctx, params, body }) => {
  assertOrganization(params.org);
  return { status: 201, body: withFieldErrors(() => saveSavedQuery(ctx, { body })) };
};

const details: Endpoint = (request) => ok(getSavedQuery(request.ctx.db, organizationObjectId(request)));

const update: Endpoint = (request) => {
  const id = organizationObjectId(request);
  return ok(withFieldErrors(() => saveSavedQuery(request.ctx, { id, body: request.body })));
};

const remove: Endpoint = (request) => {
  deleteSavedQuery(request.ctx.db, organizationObjectId(request));
  return { status: 204 };
};

export const discoverSavedEndpoints = { list, create, details, update, remove } satisfies Record<
  string,
  Endpoint
>;
