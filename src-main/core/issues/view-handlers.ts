/**
 * The API of the issue list's saved views: the same functions as the web API's
 * `group-search-views/` (views.ts), the same refusals. Written on the main thread; nothing the
 * pipeline worker keeps in step.
 */
import type { Handlers } from '../api/handlers.ts';
import {
  deleteIssueView,
  getIssueView,
  listIssueViews,
  reorderStarredIssueViews,
  saveIssueView,
  starIssueView,
  starredIssueViews,
  visitIssueView,
} from './views.ts';

type ViewMethods =
  | 'issues.views.list'
  | 'issues.views.starred'
  | 'issues.views.get'
  | 'issues.views.save'
  | 'issues.views.delete'
  | 'issues.views.star'
  | 'issues.views.reorder'
  | 'issues.views.visit';

export const issueViewHandlers: Pick<Handlers, ViewMethods> = {
  'issues.views.list': (params, ctx) => listIssueViews(ctx.db, params),
  'issues.views.starred': (_params, ctx) => starredIssueViews(ctx.db),
  'issues.views.get': ({ id }, ctx) => getIssueView(ctx.db, id),
  'issues.views.save': (params, ctx) => saveIssueView(ctx, params),
  'issues.views.delete': ({ id }, ctx) => deleteIssueView(ctx.db, id),
  'issues.views.star': (params, ctx) => ({ changed: starIssueView(ctx.db, params) }),
  'issues.views.reorder': ({ viewIds }, ctx) => {
    reorderStarredIssueViews(ctx.db, viewIds);
    return starredIssueViews(ctx.db);
  },
  'issues.views.visit': ({ id }, ctx) => {
    visitIssueView(ctx.db, id);
    return getIssueView(ctx.db, id);
  },
};
