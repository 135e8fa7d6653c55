/** The API handlers of the Profiles pages: `profiles.list`, `profiles.get` and `profiles.aggregate` (SQLite only, on the main thread). */
import type { Handlers } from '../api/handlers.ts';
import { aggregateProfiles } from './aggregate.ts';
import { profileDetail } from './detail.ts';
import { listProfiles } from './list.ts';

export const profileHandlers: Pick<Handlers, 'profiles.list' | 'profiles.get' | 'profiles.aggregate'> = {
  'profiles.list': (params, ctx) => listProfiles(ctx.db, params.projectId, params.limit),
  'profiles.get': (params, ctx) => profileDetail(ctx.db, params),
  'profiles.aggregate': (params, ctx) => aggregateProfiles(ctx.db, params),
};
