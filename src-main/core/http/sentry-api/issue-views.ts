/**
 * The issue list's saved views as Sentry serves its issue views: `GET`/`POST
 * /organizations/{org}/group-search-views/` (the list: `query`, `sort`, `createdBy`, starred first,
 * by Sentry's cursors; a new one: 201), `GET`/`PUT`/`DELETE …/group-search-views/{id}/` (200, 200,
 * 204), `GET …/group-search-views/starred/` (the starred views in order), `PUT …/starred-order/`
 * (204), `POST …/{id}/starred/` (200 when it changed, else 204) and `POST …/{id}/visit/` (204). The
 * bodies are checked by the same code as the RPC's `issues.views.*`: DRF's field errors as the 400's body.
 */
import { VIEW_LIST_SORTS, type ViewListSort } from '../../../../src-shared/issue-views-api.ts';
import {
  deleteIssueView,
  getIssueView,
  listIssueViews,
  reorderStarredIssueViews,
  saveIssueView,
  starIssueView,
  starredIssueViews,
  visitIssueView,
} from '../../issues/views.ts';
import { assertOrganization, organizationObjectId } from './organization.ts';
import { linkHeader, pageOf } from './pagination.ts';
import { type Endpoint, ok, SentryApiError, withFieldErrors } from './request.ts';

const notAChoice = (value: string) => `"${value}" is not a valid choice.`;

function listSorts(query: URLSearchParams): ViewListSort[] {
  const sorts = query.getAll('sort');
  const unknown = sorts.find((sort) => !(VIEW_LIST_SORTS as readonly string[]).includes(sort));
  if (unknown !== undefined) throw new SentryApiError(400, { sort: [notAChoice(unknown)] });
  return sorts as ViewListSort[];
}

const list: Endpoint = ({ ctx, params, query, url }) => {
  assertOrganization(params.org);
  const createdBy = query.get('createdBy') ?? 'me';
  if (createdBy !== 'me' && createdBy !== 'others')
    throw new SentryApiError(400, { createdBy: [notAChoice(createdBy)] });
  const sort = listSorts(query);
  // Every view is the one user's: none was made by others.
  const all =
    createdBy === 'others' ? [] : listIssueViews(ctx.db, { query: query.get('query') ?? undefined, sort });
  const page = pageOf(query);
  const rows = all.slice(page.offset, page.offset + page.limit);
  return ok(rows, { link: linkHeader(url, page, page.offset + page.limit < all.length) });
};

const create: Endpoint = ({ ctx, params, body }) => {
  assertOrganization(params.org);
  return { status: 201, body: withFieldErrors(() => saveIssueView(ctx, { body })) };
};

const details: Endpoint = (request) => ok(getIssueView(request.ctx.db, organizationObjectId(request)));

const update: Endpoint = (request) => {
  const id = organizationObjectId(request);
  return ok(withFieldErrors(() => saveIssueView(request.ctx, { id, body: request.body })));
};

const remove: Endpoint = (request) => {
  deleteIssueView(request.ctx.db, organizationObjectId(request));
  return { status: 204 };
};

const starred: Endpoint = ({ ctx, params }) => {
  assertOrganization(params.org);
  return ok(starredIssueViews(ctx.db));
};

const objectBody = (body: unknown): Record<string, unknown> =>
  body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};

/** Sentry's `StarViewSerializer`: `starred` (required), `position` only when starring. */
const star: Endpoint = (request) => {
  const id = organizationObjectId(request);
  const given = objectBody(request.body);
  const errors: Record<string, string[]> = {};
  if (!Object.hasOwn(given, 'starred')) errors.starred = ['This field is required.'];
  else if (typeof given.starred !== 'boolean') errors.starred = ['Must be a valid boolean.'];
  const position = given.position;
  if (position !== undefined && (typeof position !== 'number' || !Number.isInteger(position) || position < 0))
    errors.position = ['A valid integer is required.'];
  if (Object.keys(errors).length > 0) throw new SentryApiError(400, errors);
  const changed = withFieldErrors(() =>
    starIssueView(request.ctx.db, {
      id,
      starred: given.starred as boolean,
      ...(typeof position === 'number' ? { position } : {}),
    }),
  );
  return { status: changed ? 200 : 204 };
};

/** Sentry's `GroupSearchViewStarredOrderSerializer`: `view_ids`, every starred view once. */
const starredOrder: Endpoint = ({ ctx, params, body }) => {
  assertOrganization(params.org);
  const given = objectBody(body);
  const ids = given.view_ids ?? given.viewIds;
  if (ids === undefined) throw new SentryApiError(400, { view_ids: ['This field is required.'] });
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'number' || !Number.isInteger(id)))
    throw new SentryApiError(400, { view_ids: ['Expected a list of integers.'] });
  withFieldErrors(() => reorderStarredIssueViews(ctx.db, ids as number[]));
  return { status: 204 };
};

const visit: Endpoint = (request) => {
  visitIssueView(request.ctx.db, organizationObjectId(request));
  return { status: 204 };
};

export const issueViewEndpoints = {
  list,
  create,
  details,
  update,
  remove,
  starred,
  star,
  starredOrder,
  visit,
} satisfies Record<string, Endpoint>;
