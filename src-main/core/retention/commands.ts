/**
 * Worker commands of data management: the retention sweep, the data usage the Settings page
 * shows, and clearing all data. They touch DuckDB, so they run in the pipeline worker.
 */
import { z } from 'zod';
import type { LiveEvent } from '../../../src-shared/api.ts';
import type { WorkerCommand } from '../pipeline/command.ts';
import { command } from '../pipeline/command.ts';
import { readSettings } from '../settings/settings-store.ts';
import { clearData } from './clear.ts';
import { sweepRetention } from './sweep.ts';
import { measureUsage } from './usage.ts';

function issuesChanged(publish: (event: LiveEvent) => void, projects: Iterable<number>): void {
  for (const projectId of projects) publish({ type: 'issues.changed', projectId });
}

export const RETENTION_COMMANDS: Record<string, WorkerCommand> = {
  /** Applies the stored retention settings; `now` lets tests move the clock. */
  'retention.sweep': command(
    z.object({ now: z.number().int().optional() }),
    async (stores, args, publish) => {
      const settings = readSettings(stores.db);
      const { projects, ...result } = await sweepRetention(stores, settings, args.now ?? Date.now());
      issuesChanged(publish, projects);
      return result;
    },
  ),

  'retention.usage': command(z.object({}), ({ db, index }) => measureUsage(db, index)),

  'data.clear': command(z.object({}), async (stores, _args, publish) => {
    const { projects, ...result } = await clearData(stores);
    issuesChanged(publish, projects);
    return result;
  }),
};
