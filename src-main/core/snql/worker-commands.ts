/**
 * SnQL in the pipeline worker, which owns the DuckDB event index: run (and cancel), explain, tag keys for the
 * console's completion, and Parquet export. Registered in pipeline/commands.ts.
 */
import path from 'node:path';
import { snqlParams } from '../../../src-shared/snql-api.ts';
import { command, readOnlyCommands, type WorkerCommand } from '../pipeline/command.ts';
import type { PipelineStores } from '../pipeline/process-batch.ts';
import { bodyWithDamageNamed } from '../store/damaged-file.ts';
import { explainSnql, exportParquet, querySnql, type SnqlStores, tagKeys } from './service.ts';

const storesOf = (stores: PipelineStores): SnqlStores => ({
  connect: () => stores.index.connect(),
  db: stores.db,
});

/** Queries running in this worker under a caller's id, for `snql.cancel`. */
const running = new Map<string, AbortController>();

export const SNQL_COMMANDS: Record<string, WorkerCommand> = readOnlyCommands({
  'snql.query': command(snqlParams.query, async (stores, args) => {
    const controller = new AbortController();
    if (args.queryId !== undefined) running.set(args.queryId, controller);
    try {
      const result = await querySnql(storesOf(stores), args.query, {
        ...(args.debug !== undefined ? { debug: args.debug } : {}),
        ...(args.timeoutMs !== undefined ? { timeoutMs: args.timeoutMs } : {}),
        signal: controller.signal,
      });
      return 'error' in result
        ? { error: bodyWithDamageNamed(result.error, path.dirname(stores.index.path)) }
        : result;
    } finally {
      if (args.queryId !== undefined && running.get(args.queryId) === controller)
        running.delete(args.queryId);
    }
  }),
  'snql.cancel': command(snqlParams.cancel, (_stores, args) => {
    const controller = running.get(args.queryId);
    controller?.abort();
    return { cancelled: controller !== undefined };
  }),
  'snql.explain': command(snqlParams.explain, (_stores, args) => explainSnql(args.query)),
  'snql.tagKeys': command(snqlParams.tagKeys, (stores, args) => tagKeys(storesOf(stores), args)),
  'snql.export': command(snqlParams.export, (stores, args) => exportParquet(storesOf(stores), args.query)),
});
