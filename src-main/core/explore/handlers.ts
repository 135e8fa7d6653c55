/**
 * The Traces page's saved queries (`explore.saved.*`): the same functions as the web API's
 * `explore/saved/`, so both list, save, refuse and star alike.
 */
import type { Handlers } from '../api/handlers.ts';
import {
  deleteExploreSavedQuery,
  getExploreSavedQuery,
  listExploreSavedQueries,
  saveExploreSavedQuery,
  starExploreSavedQuery,
} from './saved-queries.ts';

export const exploreHandlers: Pick<
  Handlers,
  | 'explore.saved.list'
  | 'explore.saved.get'
  | 'explore.saved.save'
  | 'explore.saved.delete'
  | 'explore.saved.star'
> = {
  'explore.saved.list': (params, ctx) => listExploreSavedQueries(ctx.db, params),
  'explore.saved.get': (params, ctx) => getExploreSavedQuery(ctx.db, params.id),
  'explore.saved.save': (params, ctx) => saveExploreSavedQuery(ctx, params),
  'explore.saved.delete': (params, ctx) => deleteExploreSavedQuery(ctx.db, params.id),
  'explore.saved.star': (params, ctx) => starExploreSavedQuery(ctx.db, params.id, params.body),
};
