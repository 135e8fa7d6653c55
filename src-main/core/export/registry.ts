/**
 * The exports of a running app (main thread): each one's latest progress, kept from the worker's
 * `export.progress` live events, and its file in DATA_DIR/exports once done. The UI and the CLI
 * read the state here; the worker does the work.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ErrorPayload } from '../../../src-shared/errors.ts';
import { FaultlineError } from '../../../src-shared/errors.ts';
import type { ExportChunk, ExportProgress, ExportRequest } from '../../../src-shared/export-api.ts';
import { TRANSFER_CHUNK_BYTES } from '../../../src-shared/export-api.ts';
import type { CoreContext } from '../context.ts';
import { FILE_EXTENSIONS, startedProgress } from './progress.ts';

export const EXPORTS_DIR = 'exports';
/** Finished exports kept (listed, and their files downloadable) at most; older ones are deleted. */
const KEEP_FINISHED = 50;

interface Entry {
  progress: ExportProgress;
  /** Absolute path of the finished file. */
  target: string;
  cancelRequested: boolean;
}

/**
 * Deletes the data dir's export files, when the app starts and when it stops: only the app that
 * made them lists them (a finished export the CLI could not move to --out among them), so after
 * it nothing could download them.
 */
export function removeExportFiles(dataDir: string): void {
  fs.rmSync(path.join(dataDir, EXPORTS_DIR), { recursive: true, force: true });
}

function fileStamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

export class ExportRegistry {
  readonly #ctx: CoreContext;
  readonly #entries = new Map<string, Entry>();

  constructor(ctx: CoreContext) {
    this.#ctx = ctx;
    ctx.live.subscribe((event) => {
      if (event.type !== 'export.progress') return;
      const entry = this.#entries.get(event.progress.exportId);
      // Only the worker's running updates; the final state is set here.
      if (entry && entry.progress.state === 'running' && event.progress.state === 'running')
        entry.progress = event.progress;
    });
  }

  start(request: ExportRequest): ExportProgress {
    const exportId = crypto.randomBytes(8).toString('hex');
    const started = new Date();
    const file = `faultline-${fileStamp(started)}-${exportId.slice(0, 6)}.${FILE_EXTENSIONS[request.format]}`;
    const target = path.join(this.#ctx.dataDir, EXPORTS_DIR, file);
    const progress = startedProgress(exportId, request.format, started.toISOString());
    const entry: Entry = { progress, target, cancelRequested: false };
    this.#entries.set(exportId, entry);
    this.#prune();
    void this.#ctx.pipeline
      .call<{ rows: number; bytes: number }>('export.run', {
        exportId,
        request,
        target,
        startedAt: progress.startedAt,
        format: request.format,
      })
      .then(
        (result) => this.#finish(entry, { state: 'done', rows: result.rows, bytes: result.bytes, file }),
        (error: unknown) => {
          const payload: ErrorPayload =
            error instanceof FaultlineError
              ? error.toPayload()
              : { type: 'internal', message: (error as Error).message };
          this.#finish(
            entry,
            entry.cancelRequested ? { state: 'cancelled' } : { state: 'failed', error: payload },
          );
        },
      );
    this.#ctx.live.publish({ type: 'export.progress', progress });
    return progress;
  }

  status(exportId: string): ExportProgress {
    return this.#entry(exportId).progress;
  }

  list(): ExportProgress[] {
    return [...this.#entries.values()].map((entry) => entry.progress).reverse();
  }

  async cancel(exportId: string): Promise<ExportProgress> {
    const entry = this.#entry(exportId);
    if (entry.progress.state !== 'running') return entry.progress;
    entry.cancelRequested = true;
    await this.#ctx.pipeline.call('export.cancel', { exportId });
    return entry.progress;
  }

  /** A slice of a finished export's file (the browser downloads it this way). */
  read(exportId: string, offset: number, length = TRANSFER_CHUNK_BYTES): ExportChunk {
    const entry = this.#entry(exportId);
    if (entry.progress.state !== 'done')
      throw new FaultlineError('conflict', `export ${exportId} is ${entry.progress.state}, not done`);
    let handle: number;
    try {
      handle = fs.openSync(entry.target, 'r');
    } catch {
      throw new FaultlineError('not_found', `the file of export ${exportId} is gone`);
    }
    try {
      const size = fs.fstatSync(handle).size;
      const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
      const read = buffer.length > 0 ? fs.readSync(handle, buffer, 0, buffer.length, offset) : 0;
      return {
        base64: buffer.subarray(0, read).toString('base64'),
        offset,
        size,
        eof: offset + read >= size,
      };
    } finally {
      fs.closeSync(handle);
    }
  }

  /** The finished file's absolute path (the CLI moves it to where the user asked). */
  pathOf(exportId: string): string {
    return this.#entry(exportId).target;
  }

  #entry(exportId: string): Entry {
    const entry = this.#entries.get(exportId);
    if (!entry) throw new FaultlineError('not_found', `no export ${exportId}`);
    return entry;
  }

  #finish(entry: Entry, change: Partial<ExportProgress>): void {
    entry.progress = { ...entry.progress, ...change, finishedAt: new Date().toISOString() };
    this.#ctx.live.publish({ type: 'export.progress', progress: entry.progress });
  }

  #prune(): void {
    const finished = [...this.#entries.values()].filter((e) => e.progress.state !== 'running');
    for (const entry of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) {
      this.#entries.delete(entry.progress.exportId);
      fs.rmSync(entry.target, { force: true });
    }
  }
}

const registries = new WeakMap<CoreContext, ExportRegistry>();

export function exportsOf(ctx: CoreContext): ExportRegistry {
  let registry = registries.get(ctx);
  if (!registry) {
    registry = new ExportRegistry(ctx);
    registries.set(ctx, registry);
  }
  return registry;
}
