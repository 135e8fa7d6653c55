/** The API handler of the Releases page: `releases.health` (SQLite on the main thread, event counts through the pipeline worker). */
import type { Handlers } from '../api/handlers.ts';
import { releaseHealth } from './health.ts';

export const releaseHandlers: Pick<Handlers, 'releases.health'> = {
  'releases.health': (params, ctx) => releaseHealth(ctx, params),
};
