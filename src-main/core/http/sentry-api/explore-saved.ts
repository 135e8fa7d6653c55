/**
 * Explore's saved queries as Sentry serves them: `GET`/`POST /organizations/{org}/explore/saved/`
 * (the list: `query`, `sortBy` (repeated), `starred=1`, 25 a page by Sentry's cursors; a new one:
 * 201, starred when its body says `starred`), `GET`/`PUT`/`DELETE …/explore/saved/{id}/` (200, 200,
 * 204) and `POST …/explore/saved/{id}/starred/` (`{starred}`: 200 when it changed, 204 when it was
 * already so). The bodies are checked by the same code as the RPC's `explore.saved.*`: DRF's field
 * errors as the 400's body.
 */

import {
  deleteExploreSavedQuery,
  getExploreSavedQuery,
  listExploreSavedQueries,
  saveExploreSavedQuery,
  starExploreSavedQuery,
} from '../../explore/saved-queries.ts';
import { assertOrganization, organizationObjectId } from './organization.ts';
import { linkHeader, pageOf } from './pagination.ts';
import { type Endpoint, ok, withFieldErrors } from './request.ts';

/** Sentry's `default_per_page` for this list. */
const PER_PAGE = 25;

const list: Endpoint = ({ ctx, params, query, url }) => {
  assertOrganization(params.org);
  const all = listExploreSavedQueries(ctx.db, {
    query: query.get('query') ?? undefined,
    sortBy: query.getAll('sortBy'),
    starred: query.get('starred') === '1',
  });
  const page = pageOf(query, 100, PER_PAGE);
  const rows = all.slice(page.offset, page.offset + page.limit);
  return ok(rows, { link: linkHeader(url, page, page.offset + page.limit < all.length) });
};

const create: Endpoint = ({ ctx, params, body }) => {
  assertOrganization(params.org);
  return { status: 201, body: withFieldErrors(() => saveExploreSavedQuery(ctx, { body })) };
};

const details: Endpoint = (request) =>
  ok(getExploreSavedQuery(request.ctx.db, organizationObjectId(request)));

const update: Endpoint = (request) => {
  const id = organizationObjectId(request);
  return ok(withFieldErrors(() => saveExploreSavedQuery(request.ctx, { id, body: request.body })));
};

const remove: Endpoint = (request) => {
  deleteExploreSavedQuery(request.ctx.db, organizationObjectId(request));
  return { status: 204 };
};

const starred: Endpoint = (request) => {
  const id = organizationObjectId(request);
  const { changed } = withFieldErrors(() => starExploreSavedQuery(request.ctx.db, id, request.body));
  return { status: changed ? 200 : 204 };
};

export const exploreSavedEndpoints = { list, create, details, update, remove, starred } satisfies Record<
  string,
  Endpoint
>;
