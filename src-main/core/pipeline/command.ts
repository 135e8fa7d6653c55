/** A command the pipeline worker runs for the main thread: a params schema and a handler. */
import type { z } from 'zod';
import type { LiveEvent } from '../../../src-shared/api.ts';
import type { PipelineStores } from './process-batch.ts';

export interface WorkerCommand<S extends z.ZodType = z.ZodType> {
  args: S;
  run(
    stores: PipelineStores,
    args: z.output<S>,
    publish: (event: LiveEvent) => void,
  ): Promise<unknown> | unknown;
}

export function command<S extends z.ZodType>(args: S, run: WorkerCommand<S>['run']): WorkerCommand<S> {
  return { args, run };
}
