/**
 * Worker commands about project options: a settings change (inbound filters) tells the worker to
 * read the project's options again. Commands run between batches, so every batch after the change
 * is prepared, or prepared again (prepare-batch.ts `regroupStale`), with the new options.
 */
import { z } from 'zod';
import type { WorkerCommand } from './command.ts';
import { command } from './command.ts';
import { forgetProjectOptions } from './project-options.ts';

export const PROJECT_OPTION_COMMANDS: Record<string, WorkerCommand> = {
  'projects.optionsChanged': command(z.object({ projectId: z.number().int().positive() }), (stores, args) => {
    forgetProjectOptions(stores.db, args.projectId);
    return null;
  }),
};
