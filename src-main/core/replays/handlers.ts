/** The API handlers of the Replays pages: `replays.list` and `replays.get` (SQLite only, on the main thread). */
import type { Handlers } from '../api/handlers.ts';
import { replayDetail } from './detail.ts';
import { listReplays } from './read.ts';

export const replayHandlers: Pick<Handlers, 'replays.list' | 'replays.get'> = {
  'replays.list': (params, ctx) => listReplays(ctx.db, params.projectId, params.limit),
  'replays.get': (params, ctx) => replayDetail(ctx.db, params.projectId, params.replayId),
};
