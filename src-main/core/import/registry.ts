/**
 * Import sessions of a running app (main thread): `import.begin` opens one, `import.chunk` feeds
 * it the file's next bytes, `import.end` queues the rest and waits until the pipeline has processed
 * everything, so the report that comes back describes stored events.
 */
import crypto from 'node:crypto';
import { FaultlineError } from '../../../src-shared/errors.ts';
import type { ImportReport } from '../../../src-shared/export-api.ts';
import type { CoreContext } from '../context.ts';
import type { IngestQueue } from '../store/queue.ts';
import { ImportSession, type ImportSink } from './session.ts';

/** A session nobody fed for this long is dropped. */
const IDLE_MS = 10 * 60 * 1000;
const ROOM_POLL_MS = 20;

/** The ingest queue as an import's sink: it waits for room instead of refusing (ingest answers 503). */
export function queueSink(queue: IngestQueue, projectExists: (projectId: number) => boolean): ImportSink {
  return {
    enqueue: (entry) => queue.enqueue(entry),
    async waitForRoom(bytes) {
      if (bytes > queue.bounds.maxBytes)
        throw new FaultlineError('invalid_params', `an envelope of ${bytes} bytes is larger than the queue`);
      while (!queue.hasRoomFor(bytes)) await new Promise((resolve) => setTimeout(resolve, ROOM_POLL_MS));
    },
    projectExists,
  };
}

/**
 * Resolves once every queue row up to `lastRowId` is acknowledged. `pipeline.drain` alone can
 * return while a batch the worker claimed just before is still being processed, so the queue
 * itself is the judge.
 */
export async function waitUntilProcessed(ctx: CoreContext, lastRowId: number): Promise<void> {
  for (;;) {
    await ctx.pipeline.call('pipeline.drain', {});
    if (!ctx.ingestQueue.waitsUpTo(lastRowId)) return;
    await new Promise((resolve) => setTimeout(resolve, ROOM_POLL_MS));
  }
}

interface Entry {
  session: ImportSession;
  timer: NodeJS.Timeout;
  /** Chunks run one after another, in the order they came. */
  tail: Promise<unknown>;
}

export class ImportRegistry {
  readonly #ctx: CoreContext;
  readonly #sessions = new Map<string, Entry>();

  constructor(ctx: CoreContext) {
    this.#ctx = ctx;
  }

  begin(params: { projectId?: number | undefined; name: string }): { importId: string } {
    if (params.projectId !== undefined && !this.#ctx.projects.get(params.projectId))
      throw new FaultlineError('not_found', `project ${params.projectId} does not exist`);
    const importId = crypto.randomBytes(8).toString('hex');
    const session = new ImportSession({
      importId,
      name: params.name,
      projectId: params.projectId,
      sink: queueSink(this.#ctx.ingestQueue, (id) => this.#ctx.projects.get(id) !== undefined),
    });
    this.#sessions.set(importId, { session, timer: this.#expiry(importId), tail: Promise.resolve() });
    return { importId };
  }

  async chunk(importId: string, bytes: Buffer): Promise<ImportReport> {
    const entry = this.#entry(importId);
    const work = entry.tail.then(() => entry.session.push(bytes));
    entry.tail = work.catch(() => undefined);
    await work;
    return entry.session.report;
  }

  async end(importId: string): Promise<ImportReport> {
    const entry = this.#entry(importId);
    this.#sessions.delete(importId);
    clearTimeout(entry.timer);
    await entry.tail;
    const report = await entry.session.end();
    await waitUntilProcessed(this.#ctx, entry.session.lastRowId);
    return { ...report, done: true };
  }

  #entry(importId: string): Entry {
    const entry = this.#sessions.get(importId);
    if (!entry) throw new FaultlineError('not_found', `no import ${importId} (finished, or idle too long)`);
    clearTimeout(entry.timer);
    entry.timer = this.#expiry(importId);
    return entry;
  }

  #expiry(importId: string): NodeJS.Timeout {
    return setTimeout(() => this.#sessions.delete(importId), IDLE_MS).unref();
  }
}

const registries = new WeakMap<CoreContext, ImportRegistry>();

export function importsOf(ctx: CoreContext): ImportRegistry {
  let registry = registries.get(ctx);
  if (!registry) {
    registry = new ImportRegistry(ctx);
    registries.set(ctx, registry);
  }
  return registry;
}
