/**
 * The issue list's saved views in the API contract, as Sentry's issue views (`GroupSearchView`) are
 * served by `/organizations/{org}/group-search-views/`: a name, the search (`query`), its sort
 * (`querySort`), the projects, environments and time filters, whether it is starred (shown in the
 * issue list's bar, in its starred order) and when it was last opened. A save takes Sentry's request
 * body as it is and the core checks it as Sentry's validator does, so the RPC and the web API refuse
 * the same bodies with the same words.
 */
import { z } from 'zod';

/** Sentry's `MAX_VIEWS`: how many views one may keep. */
export const MAX_VIEWS = 50;
/** Sentry's `GroupSearchView.name` length. */
export const MAX_VIEW_NAME = 128;

/** The list's sorts (Sentry's `sort` of `group-search-views/`); `-visited` when none is given. */
export const VIEW_LIST_SORTS = [
  'visited',
  '-visited',
  'popularity',
  '-popularity',
  'name',
  '-name',
  'created',
  '-created',
] as const;
export type ViewListSort = (typeof VIEW_LIST_SORTS)[number];

/** Sentry's page filter of a view: a relative period, or an absolute range (`start`, `end`). */
export interface ViewTimeFilters {
  period?: string | null;
  start?: string | null;
  end?: string | null;
  utc?: boolean | null;
}

/** Sentry's `GroupSearchViewSerializer` JSON. */
export interface IssueView {
  id: string;
  /** Sentry's creating user: Faultline has none. */
  createdBy: null;
  name: string;
  query: string;
  querySort: string;
  /** Project ids; `[-1]` for "All projects", `[]` for "My projects" (Sentry's). */
  projects: number[];
  /** Environment names; none for every environment. */
  environments: string[];
  timeFilters: ViewTimeFilters;
  lastVisited: string | null;
  starred: boolean;
  /** How many stars it has: Faultline's one user's, 0 or 1. */
  stars: number;
  dateCreated: string;
  dateUpdated: string;
}

const viewId = z.number().int().positive();

export const issueViewParams = {
  /** Sentry's list: `query` (in a name or search), `sort` (each of `VIEW_LIST_SORTS`); starred first. */
  list: z
    .object({
      query: z.string().max(500).optional(),
      sort: z.array(z.enum(VIEW_LIST_SORTS)).max(8).optional(),
    })
    .strict(),
  get: z.object({ id: viewId }).strict(),
  /** A new view without `id` (Sentry's POST, `starred` to star it), else that view replaced (its PUT). */
  save: z.object({ id: viewId.optional(), body: z.record(z.string(), z.unknown()) }).strict(),
  delete: z.object({ id: viewId }).strict(),
  /** Sentry's `starred/` of one view: star it (at `position`, else last) or unstar it. */
  star: z
    .object({ id: viewId, starred: z.boolean(), position: z.number().int().nonnegative().optional() })
    .strict(),
  /** Sentry's `starred-order/`: every starred view's id, in the new order. */
  reorder: z.object({ viewIds: z.array(viewId).max(MAX_VIEWS) }).strict(),
  /** Sentry's `visit/`: the view was opened now. */
  visit: z.object({ id: viewId }).strict(),
};
