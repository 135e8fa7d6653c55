/** The ingest endpoint as one Route for the core's HTTP server (all SDK-facing routes). */
import type { CoreContext } from '../context.ts';
import type { Route } from '../http/route.ts';
import type { QueueBounds } from '../store/queue.ts';
import type { IngestLimits } from './limits.ts';
import { ingestRoute } from './router.ts';
import { createIngestService } from './service.ts';

export interface IngestConfig {
  /** Overrides of Relay's default limits. */
  limits?: Partial<IngestLimits>;
  /** Bounds of the durable queue; past them ingest answers 503. */
  queue?: Partial<QueueBounds>;
  /** Bytes of request bodies held in memory at once, across requests; past it ingest answers 503. */
  maxInflightBytes?: number;
}

export function ingestEndpoint(ctx: CoreContext, config: IngestConfig = {}): Route {
  const service = createIngestService({
    db: ctx.db,
    projects: ctx.projects,
    queue: ctx.ingestQueue,
    outcomes: ctx.outcomes,
    log: ctx.log,
    ...(config.limits ? { limits: config.limits } : {}),
    ...(config.maxInflightBytes !== undefined ? { maxInflightBytes: config.maxInflightBytes } : {}),
  });
  publishQueueDepth(ctx);
  return ingestRoute(service);
}

/** `queue.changed` for the UI after commits, at most a few times a second. */
function publishQueueDepth(ctx: CoreContext): void {
  let timer: NodeJS.Timeout | undefined;
  let depth = 0;
  ctx.ingestQueue.onCommit((committed) => {
    depth = committed;
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      ctx.live.publish({ type: 'queue.changed', depth });
    }, 250);
    timer.unref();
  });
}
