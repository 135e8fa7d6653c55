/** A command the pipeline worker runs for the main thread: a params schema and a handler. */
import type { z } from 'zod';
import type { LiveEvent } from '../../../src-shared/api.ts';
import type { PipelineStores } from './process-batch.ts';

export interface WorkerCommand<S extends z.ZodType = z.ZodType> {
  args: S;
  /**
   * A read on its own connection (SnQL, tag lists): it runs at once instead of waiting behind
   * batches and group changes, so a slow query never holds up ingest.
   */
  readOnly: boolean;
  run(
    stores: PipelineStores,
    args: z.output<S>,
    publish: (event: LiveEvent) => void,
  ): Promise<unknown> | unknown;
}

export function command<S extends z.ZodType>(
  args: S,
  run: WorkerCommand<S>['run'],
  options: { readOnly?: boolean } = {},
): WorkerCommand<S> {
  return { args, run, readOnly: options.readOnly ?? false };
}

/** Marks every command of a table as a read on its own connection (see `readOnly`). */
export function readOnlyCommands(table: Record<string, WorkerCommand>): Record<string, WorkerCommand> {
  return Object.fromEntries(
    Object.entries(table).map(([name, entry]) => [name, { ...entry, readOnly: true }]),
  );
}
