/**
 * Exports in the pipeline worker, which owns the DuckDB event index. An export is a read on its
 * own connections, so it runs beside ingest instead of holding it up; its progress goes out as
 * `export.progress` live events, and `export.cancel` interrupts it.
 */
import { z } from 'zod';
import { EXPORT_FORMATS, exportRequestSchema } from '../../../src-shared/export-api.ts';
import { command, readOnlyCommands, type WorkerCommand } from '../pipeline/command.ts';
import { startedProgress } from './progress.ts';
import { runExport } from './run-export.ts';

const exportId = z.string().regex(/^[0-9a-f]{16}$/);
/** Progress events at most this often per export. */
const PROGRESS_EVERY_MS = 250;

/** Exports running in this worker, by id. */
const running = new Map<string, AbortController>();

const runArgs = z.object({
  exportId,
  request: exportRequestSchema,
  /** Absolute path of the finished file. */
  target: z.string().min(1),
  startedAt: z.string(),
  format: z.enum(EXPORT_FORMATS),
});

export const EXPORT_COMMANDS: Record<string, WorkerCommand> = readOnlyCommands({
  'export.run': command(runArgs, async (stores, args, publish) => {
    const controller = new AbortController();
    running.set(args.exportId, controller);
    let last = 0;
    const base = startedProgress(args.exportId, args.format, args.startedAt);
    try {
      return await runExport(
        { connect: () => stores.index.connect(), db: stores.db },
        args.request,
        args.target,
        {
          signal: controller.signal,
          onProgress: ({ rows, total }) => {
            const now = Date.now();
            if (now - last < PROGRESS_EVERY_MS && rows !== total) return;
            last = now;
            publish({ type: 'export.progress', progress: { ...base, rows, total } });
          },
        },
      );
    } finally {
      running.delete(args.exportId);
    }
  }),

  'export.cancel': command(z.object({ exportId }), (_stores, args) => {
    const controller = running.get(args.exportId);
    controller?.abort();
    return { cancelled: controller !== undefined };
  }),
});
