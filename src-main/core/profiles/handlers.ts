/** The API handlers of the Profiles pages: `profiles.list` and `profiles.get` (SQLite only, on the main thread). */
import type { Handlers } from '../api/handlers.ts';
import { profileDetail } from './detail.ts';
import { listProfiles } from './list.ts';

export const profileHandlers: Pick<Handlers, 'profiles.list' | 'profiles.get'> = {
  'profiles.list': (params, ctx) => listProfiles(ctx.db, params.projectId, params.limit),
  'profiles.get': (params, ctx) => profileDetail(ctx.db, params),
};
