/**
 * createCore starts everything the app and `faultline serve` share: the stores, the HTTP server
 * (ingest for SDKs; RPC and the UI when headless) and the live-update bus. No electron here.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { rpcGuardFor, rpcRoute } from './api/http-rpc.ts';
import type { CoreContext } from './context.ts';
import { removeExportFiles } from './export/registry.ts';
import type { Route } from './http/route.ts';
import { sentryApiRoute } from './http/sentry-api/route.ts';
import { createHttpServer, listen } from './http/server.ts';
import { staticRoute } from './http/static.ts';
import { collectWhenIdle } from './idle-gc.ts';
import { type IngestConfig, ingestEndpoint } from './ingest/endpoint.ts';
import { scheduleIssueSweeps } from './issues/issue-sweeps-schedule.ts';
import { LiveBus } from './live.ts';
import { createLogger, type Logger } from './log.ts';
import { PipelineController } from './pipeline/controller.ts';
import { EVENT_INDEX_FILE } from './pipeline/paths.ts';
import { PIPELINE_BATCH_SIZE } from './pipeline/protocol.ts';
import { scheduleRetention } from './retention/schedule.ts';
import { type DataDirLock, lockDataDir } from './store/data-dir-lock.ts';
import { checkEventIndexFile, eventIndexOpenError } from './store/duckdb/index-file.ts';
import { OutcomeStore } from './store/outcomes.ts';
import { ProjectStore } from './store/projects.ts';
import { IngestQueue } from './store/queue.ts';
import { openQueueDb } from './store/queue-db.ts';
import { openSqlite, type SqliteDb } from './store/sqlite.ts';
import { FAULTLINE_VERSION } from './version.ts';

export const DEFAULT_PORT = 8969;
export const DEFAULT_HOST = '127.0.0.1';

export interface CoreOptions {
  dataDir: string;
  host?: string;
  port?: number;
  mode: 'desktop' | 'headless';
  /** Serve the RPC over HTTP (headless only; the desktop app uses IPC). */
  httpRpc?: boolean;
  /** Serve the built renderer from this folder at `/` (headless only). */
  rendererDir?: string;
  log?: Logger;
  /** Queue rows per pipeline batch (default 500). */
  pipelineBatchSize?: number;
  /** How often an idle pipeline looks at the queue without being woken (default 1 s; tests). */
  pipelineIdlePollMs?: number;
  /** Ingest limits and queue bounds (defaults: Relay's). */
  ingest?: IngestConfig;
  /**
   * Called if the pipeline cannot start (its stores cannot be opened), with the error worded for
   * the user; without it the error is logged. The server keeps taking envelopes meanwhile.
   */
  onFatal?: (error: Error) => void;
}

export interface Core {
  ctx: CoreContext;
  host: string;
  port: number;
  /** Loopback URL of the server, `http://127.0.0.1:PORT`. */
  url: string;
  /** The per-launch RPC token, when the HTTP RPC is on. */
  token: string | undefined;
  /**
   * Settles once the pipeline has opened the event index (resolves), or could not start (resolves
   * too: the failure goes to `onFatal`). `serve` announces itself only then.
   */
  pipelineStarted: Promise<void>;
  close(): Promise<void>;
}

/** The URL SDKs and the UI use: loopback even when listening on all interfaces. */
export function loopbackUrl(host: string, port: number): string {
  const local = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host;
  return `http://${local.includes(':') ? `[${local}]` : local}:${port}`;
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const host = options.host ?? DEFAULT_HOST;
  const log = options.log ?? createLogger();
  const { db, queueDb, lock } = openStores(options.dataDir);
  removeExportFiles(options.dataDir);
  let port = options.port ?? DEFAULT_PORT;

  const ctx: CoreContext = {
    version: FAULTLINE_VERSION,
    mode: options.mode,
    dataDir: options.dataDir,
    db,
    projects: new ProjectStore(db, () => loopbackUrl(host, port)),
    ingestQueue: new IngestQueue(queueDb, options.ingest?.queue),
    outcomes: new OutcomeStore(db, (error) =>
      log.error('cannot write outcome counts to faultline.sqlite (kept in memory, tried again)', error),
    ),
    live: new LiveBus(),
    pipeline: undefined as unknown as PipelineController,
    log,
    ingestUrl: () => loopbackUrl(host, port),
  };
  ctx.projects.ensureDefaultProject();
  // Started at the first envelope, the writer thread held its ack while it loaded and opened the
  // queue (measured: ~120 ms after the server was ready; ~70 ms when started here).
  ctx.ingestQueue.startWriter();
  // The worker starts beside the server: ingest only needs the queue, so nothing waits for it.
  ctx.pipeline = new PipelineController(
    {
      dataDir: options.dataDir,
      batchSize: options.pipelineBatchSize ?? PIPELINE_BATCH_SIZE,
      ...(options.pipelineIdlePollMs ? { idlePollMs: options.pipelineIdlePollMs } : {}),
      pipelineWait: ctx.ingestQueue.pipelineWait.buffer,
    },
    log,
    (event) => ctx.live.publish(event),
  );
  const pipelineStarted = ctx.pipeline.start();
  let closed = false;
  pipelineStarted.catch((error: unknown) => {
    if (closed) return;
    const failure = pipelineStartError(options.dataDir, error);
    if (options.onFatal) options.onFatal(failure);
    else log.error(failure.message);
  });
  const stopWaking = ctx.ingestQueue.onCommit(() => ctx.pipeline.wake());
  const retention = scheduleRetention(ctx.pipeline, log);
  // This thread's (ingest, the RPC) young generation given back after a burst (see idle-gc.ts).
  const idleCollector = collectWhenIdle();
  const issueSweeps = scheduleIssueSweeps(ctx.pipeline, log);

  const token = options.httpRpc ? crypto.randomBytes(24).toString('hex') : undefined;
  const extraHosts = [host, '0.0.0.0', '::'].includes(host) ? [] : [host.includes(':') ? `[${host}]` : host];
  const routes: Route[] = [ingestEndpoint(ctx, options.ingest)];
  if (token) {
    const guard = () => rpcGuardFor(token, port, extraHosts);
    routes.push(sentryApiRoute(ctx, guard), rpcRoute(ctx, guard));
  }
  if (options.rendererDir) routes.push(staticRoute(options.rendererDir));

  const server = createHttpServer(routes, (error) => log.error('request failed', error));
  let listening: Awaited<ReturnType<typeof listen>>;
  try {
    listening = await listen(server, host, port);
  } catch (error) {
    retention.stop();
    idleCollector.stop();
    issueSweeps.stop();
    stopWaking();
    await pipelineStarted.catch(() => undefined);
    await ctx.pipeline.close();
    ctx.ingestQueue.close();
    queueDb.close();
    db.close();
    lock.release();
    throw error;
  }
  port = listening.port;

  return {
    ctx,
    host,
    port,
    url: loopbackUrl(host, port),
    token,
    pipelineStarted: pipelineStarted.catch(() => undefined),
    async close() {
      if (closed) return;
      closed = true;
      await listening.close();
      retention.stop();
      idleCollector.stop();
      issueSweeps.stop();
      stopWaking();
      ctx.ingestQueue.close();
      await ctx.pipeline.close();
      removeExportFiles(options.dataDir);
      ctx.outcomes.close();
      queueDb.close();
      db.close();
      lock.release();
    },
  };
}

/**
 * The data dir's lock, a look at the event index's header (the worker opens the file; a damaged one
 * must stop the start before the server says it is ready, and before anything is written), then
 * the SQLite files.
 */
function openStores(dataDir: string): { db: SqliteDb; queueDb: SqliteDb; lock: DataDirLock } {
  const lock = lockDataDir(dataDir);
  let db: SqliteDb | undefined;
  try {
    checkEventIndexFile(path.join(dataDir, EVENT_INDEX_FILE));
    db = openSqlite(dataDir);
    const queueDb = openQueueDb(dataDir);
    return { db, queueDb, lock };
  } catch (error) {
    db?.close();
    lock.release();
    throw error;
  }
}

/** The pipeline's start-up failure in the user's words: the event index's, when it names that file. */
function pipelineStartError(dataDir: string, error: unknown): Error {
  const file = path.join(dataDir, EVENT_INDEX_FILE);
  const message = (error as Error)?.message ?? String(error);
  if (message.includes(file)) return eventIndexOpenError(file, error);
  return new Error(`the pipeline could not start: ${message}`);
}
