/**
 * The commands the pipeline worker runs, between batches and one at a time: every change to
 * groups (SQLite first, then the event index replays it as Snuba's replacer would) and every
 * read of the event index. Each area registers its commands here by spreading its own table.
 */
import type { LiveEvent } from '../../../src-shared/api.ts';
import { FaultlineError } from '../../../src-shared/errors.ts';
import { EXPORT_COMMANDS } from '../export/worker-commands.ts';
import { ISSUE_QUERY_COMMANDS } from '../issues/worker-queries.ts';
import { RETENTION_COMMANDS } from '../retention/commands.ts';
import { SNQL_COMMANDS } from '../snql/worker-commands.ts';
import { TRACE_COMMANDS } from '../traces/error-index.ts';
import { ATTACHMENT_COMMANDS } from './attachment-commands.ts';
import type { WorkerCommand } from './command.ts';
import { GROUP_COMMANDS } from './group-commands.ts';
import type { PipelineStores } from './process-batch.ts';
import { PROJECT_OPTION_COMMANDS } from './project-option-commands.ts';

export const COMMANDS: Record<string, WorkerCommand> = {
  ...GROUP_COMMANDS,
  ...ATTACHMENT_COMMANDS,
  ...ISSUE_QUERY_COMMANDS,
  ...SNQL_COMMANDS,
  ...EXPORT_COMMANDS,
  ...RETENTION_COMMANDS,
  ...PROJECT_OPTION_COMMANDS,
  ...TRACE_COMMANDS,
};

export function isReadOnlyCommand(name: string): boolean {
  return Object.hasOwn(COMMANDS, name) && COMMANDS[name]?.readOnly === true;
}

export async function runCommand(
  stores: PipelineStores,
  name: string,
  rawArgs: unknown,
  publish: (event: LiveEvent) => void,
): Promise<unknown> {
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) throw new FaultlineError('unknown_method', `unknown pipeline command '${name}'`);
  const parsed = entry.args.safeParse(rawArgs ?? {});
  if (!parsed.success) {
    throw new FaultlineError(
      'invalid_params',
      `invalid arguments for ${name}: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
    );
  }
  return entry.run(stores, parsed.data, publish);
}
