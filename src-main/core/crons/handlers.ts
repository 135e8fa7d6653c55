/** The API handlers of the Crons page: `crons.list` and `crons.checkIns` (SQLite only, on the main thread). */
import type { Handlers } from '../api/handlers.ts';
import { listCheckIns } from './check-ins.ts';
import { listMonitors } from './monitors.ts';

export const cronHandlers: Pick<Handlers, 'crons.list' | 'crons.checkIns'> = {
  'crons.list': (params, ctx) => listMonitors(ctx.db, params),
  'crons.checkIns': (params, ctx) => listCheckIns(ctx.db, params),
};
