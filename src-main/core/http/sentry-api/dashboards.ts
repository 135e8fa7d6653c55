/**
 * Dashboards as Sentry serves them: `GET`/`POST /organizations/{org}/dashboards/` (the list, the
 * prebuilt General dashboard first, `query` by title and `sort`, 100 a page by Sentry's cursors; a new
 * one: 201), `GET`/`PUT`/`DELETE /organizations/{org}/dashboards/{id}/` (200, 200, 204) and
 * `POST /organizations/{org}/dashboards/widgets/` (a widget checked: 200 with its warnings). The bodies
 * are checked by the same code as the RPC's `dashboards.*`: DRF's field errors as the 400's body, the
 * conflicts Sentry's 409.
 */
import { FaultlineError } from '../../../../src-shared/errors.ts';
import {
  createDashboard,
  deleteDashboard,
  getDashboard,
  listDashboards,
  updateDashboard,
  validateWidget,
} from '../../dashboards/dashboards.ts';
import { SavedQueryInvalid } from '../../discover/drf-fields.ts';
import { assertOrganization } from './organization.ts';
import { linkHeader, pageOf } from './pagination.ts';
import { type ApiRequest, type Endpoint, ok, SentryApiError } from './request.ts';

const NO_WARNINGS = { queries: [], columns: {} };

/** A refused body answers DRF's error object; a conflict Sentry's 409 `{"detail": …}`. */
async function withFieldErrors<T>(save: () => T | Promise<T>, warnings = false): Promise<T> {
  try {
    return await save();
  } catch (error) {
    if (error instanceof SavedQueryInvalid)
      throw new SentryApiError(400, warnings ? { ...error.errors, warnings: NO_WARNINGS } : error.errors);
    if (error instanceof FaultlineError && error.type === 'conflict')
      throw new SentryApiError(409, error.message);
    throw error;
  }
}

function dashboardId({ params }: ApiRequest): string {
  assertOrganization(params.org);
  return params.id ?? '';
}

const list: Endpoint = ({ ctx, params, query, url }) => {
  assertOrganization(params.org);
  const all = listDashboards(ctx.db, {
    query: query.get('query') ?? undefined,
    sort: query.get('sort') ?? undefined,
  });
  const page = pageOf(query, 100, 100);
  const rows = all.slice(page.offset, page.offset + page.limit);
  return ok(rows, { link: linkHeader(url, page, page.offset + page.limit < all.length) });
};

const create: Endpoint = async ({ ctx, params, body }) => {
  assertOrganization(params.org);
  return { status: 201, body: await withFieldErrors(() => createDashboard(ctx, body)) };
};

const details: Endpoint = (request) => ok(getDashboard(request.ctx.db, dashboardId(request)));

const update: Endpoint = async (request) => {
  const id = dashboardId(request);
  return ok(await withFieldErrors(() => updateDashboard(request.ctx, { id, body: request.body })));
};

const remove: Endpoint = async (request) => {
  const id = dashboardId(request);
  await withFieldErrors(() => deleteDashboard(request.ctx.db, id));
  return { status: 204 };
};

const widget: Endpoint = async ({ ctx, params, body }) => {
  assertOrganization(params.org);
  return ok(await withFieldErrors(() => validateWidget(ctx, body), true));
};

export const dashboardEndpoints = { list, create, details, update, remove, widget } satisfies Record<
  string,
  Endpoint
>;
