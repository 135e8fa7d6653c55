/** Cache reads and queue messages traced by the real @sentry/node SDK (test/e2e/fixtures/cache-queue-sender.ts). */
import { execFile } from 'node:child_process';
import path from 'node:path';

export interface CachePlan {
  transaction: string;
  keys: string[];
  /** The value a miss writes back for each key. */
  values: Record<string, unknown>;
}

export interface MessagePlan {
  destination: string;
  body: unknown;
  retries?: number;
  /** The consumer throws while processing it. */
  fail?: boolean;
}

export interface CacheQueuePlan {
  caches?: CachePlan[];
  queues?: { producer: string; messages: MessagePlan[]; waitMs: number };
}

/** What the app saw: its traces, and each message as the consumer took it. */
export interface CacheQueueRun {
  cacheTraceIds: string[];
  producerTraceId: string;
  consumerTraceIds: string[];
  messages: Array<{ id: string; destination: string; latencyMs: number; bodySize: number }>;
}

const SENDER = path.join(import.meta.dirname, '..', 'e2e', 'fixtures', 'cache-queue-sender.ts');

/** Runs the plan in the sender, `stream` as SDK 11 streams spans by default, `static` as `transaction` items. */
export function sendCachesAndQueuesWithSdk(
  dsn: string,
  lifecycle: 'static' | 'stream',
  plan: CacheQueuePlan,
): Promise<CacheQueueRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [SENDER, dsn, lifecycle, JSON.stringify(plan)],
      { timeout: 30_000 },
      (error, out, stderr) => {
        if (error) reject(new Error(`cache-queue-sender failed: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as CacheQueueRun);
      },
    );
  });
}

/**
 * What a read-through cache does with `plans` run in turn from empty, worked out here from the keys
 * alone: each read's key and whether it hit, and the size of what it found.
 */
export function expectedReads(
  plans: readonly CachePlan[],
): Array<{ transaction: string; key: string; hit: boolean; size: number | null }> {
  const cache = new Map<string, string>();
  return plans.flatMap((plan) =>
    plan.keys.map((key) => {
      const value = cache.get(key);
      if (value === undefined) cache.set(key, JSON.stringify(plan.values[key] ?? null));
      return {
        transaction: plan.transaction,
        key,
        hit: value !== undefined,
        size: value === undefined ? null : Buffer.byteLength(value),
      };
    }),
  );
}
