/** The API handler of the Logs page: `logs.list` (SQLite only, on the main thread). */
import type { Handlers } from '../api/handlers.ts';
import { listLogs } from './list.ts';

export const logHandlers: Pick<Handlers, 'logs.list'> = {
  'logs.list': (params, ctx) => listLogs(ctx.db, params),
};
