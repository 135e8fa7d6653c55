/**
 * `insights.caches` and `insights.cacheSamples` (the Caches page) through a real core, fed by the real
 * @sentry/node 11 SDK reading through an in-memory cache with Sentry's documented manual cache spans
 * (`cache.get` with `cache.hit`, `cache.key`, `cache.item_size`; `cache.put` on a miss), as
 * `transaction` items and as streamed spans, and by Python's sentry-sdk 1.9 writing such spans by
 * hand. The hits, misses and sizes expected are worked out in the test from the keys it asked for.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import {
  type CachePlan,
  type CacheQueueRun,
  expectedReads,
  sendCachesAndQueuesWithSdk,
} from '../../support/cache-queue.ts';
import { callApi, startCore } from '../../support/core.ts';
import { PYTHON, pythonSdkMissing } from '../../support/python.ts';

const run = promisify(execFile);
const pythonMissing = pythonSdkMissing();
if (pythonMissing) console.warn(`skipping the Python caches test: ${pythonMissing}`);

const VALUES = {
  'user:1': { name: 'Ada', roles: ['admin'] },
  'user:2': { name: 'Grace' },
  'user:3': { name: 'Edsger', roles: ['author', 'reviewer'] },
  feed: ['a', 'b', 'c', 'd'],
};
const STATIC_PLANS: CachePlan[] = [
  { transaction: 'GET /users', keys: ['user:1', 'user:2', 'user:1', 'user:3', 'user:1'], values: VALUES },
  { transaction: 'GET /feed', keys: ['feed', 'user:2', 'feed'], values: VALUES },
];
// A new process: its cache starts empty again.
const STREAM_PLANS: CachePlan[] = [
  { transaction: 'GET /users', keys: ['user:3', 'user:3', 'user:3', 'user:2'], values: VALUES },
];
const READS = [...expectedReads(STATIC_PLANS), ...expectedReads(STREAM_PLANS)];

const readsOf = (transaction: string) => READS.filter((read) => read.transaction === transaction);
const missRate = (reads: typeof READS) => reads.filter((read) => !read.hit).length / reads.length;
function avgSize(reads: typeof READS): number | null {
  const sizes = reads.flatMap((read) => (read.size === null ? [] : [read.size]));
  return sizes.length === 0 ? null : sizes.reduce((a, b) => a + b, 0) / sizes.length;
}

describe('the Caches page’s data from @sentry/node’s cache spans', () => {
  let core: Core;
  let sent: { static: CacheQueueRun; stream: CacheQueueRun };

  beforeAll(async () => {
    core = await startCore();
    const dsn = core.ctx.projects.list()[0]?.keys[0]?.dsn ?? '';
    sent = {
      static: await sendCachesAndQueuesWithSdk(dsn, 'static', { caches: STATIC_PLANS }),
      stream: await sendCachesAndQueuesWithSdk(dsn, 'stream', { caches: STREAM_PLANS }),
    };
    await core.ctx.pipeline.call('pipeline.drain', {});
  }, 60_000);

  afterAll(async () => {
    await core?.close();
  });

  it('counts every cache read, and no write, with the miss rate and item sizes of the keys read', async () => {
    const landing = await callApi(core, 'insights.caches', { projectId: 1 });
    expect(landing.partial).toBe(false);
    // 12 reads, 6 of them misses (each first read of a key in a process); a miss writes with cache.put,
    // which Sentry's module leaves out.
    expect([READS.length, READS.filter((read) => !read.hit).length]).toEqual([12, 6]);
    expect(landing.summary.count).toBe(READS.length);
    expect(landing.summary.missRate).toBeCloseTo(missRate(READS), 9);
    expect(landing.summary.avgItemSize).toBeCloseTo(avgSize(READS) ?? Number.NaN, 9);
    expect(landing.summary.perMinute).toBeCloseTo(READS.length / 1440, 9);

    expect(landing.transactions.map((row) => row.transaction).sort()).toEqual(['GET /feed', 'GET /users']);
    for (const row of landing.transactions) {
      const reads = readsOf(row.transaction ?? '');
      expect(row.count).toBe(reads.length);
      expect(row.missRate).toBeCloseTo(missRate(reads), 9);
      expect(row.avgItemSize).toBeCloseTo(avgSize(reads) ?? Number.NaN, 9);
      expect(row.perMinute).toBeCloseTo(reads.length / 1440, 9);
      expect(row.timeShare).toBeCloseTo(row.totalMs / landing.summary.totalMs, 9);
    }
    const shares = landing.transactions.reduce((sum, row) => sum + row.timeShare, 0);
    expect(shares).toBeCloseTo(1, 9);
  });

  it('charts the period’s reads: every read in a bucket, and the miss rate of the bucket', async () => {
    const landing = await callApi(core, 'insights.caches', { projectId: 1, period: '1h' });
    expect(landing.bucketMs).toBe(60_000);
    const reads = landing.points.reduce((sum, point) => sum + point.perMinute, 0);
    expect(reads).toBeCloseTo(READS.length, 9);
    const busy = landing.points.filter((point) => point.perMinute > 0);
    const misses = busy.reduce((sum, point) => sum + (point.missRate ?? 0) * point.perMinute, 0);
    expect(misses).toBeCloseTo(READS.filter((read) => !read.hit).length, 9);
    expect(landing.points.filter((point) => point.perMinute === 0).every((p) => p.missRate === null)).toBe(
      true,
    );
    expect(landing.summary.perMinute).toBeCloseTo(READS.length / 60, 9);
  });

  it('orders the transactions by miss rate when asked, and searches their names', async () => {
    const byMiss = await callApi(core, 'insights.caches', { projectId: 1, sort: 'miss' });
    const rates = ['GET /feed', 'GET /users'].map((name) => [name, missRate(readsOf(name))] as const);
    rates.sort((a, b) => b[1] - a[1]);
    expect(byMiss.transactions.map((row) => row.transaction)).toEqual(rates.map(([name]) => name));
    const found = await callApi(core, 'insights.caches', { projectId: 1, query: 'FEED' });
    expect(found.transactions.map((row) => row.transaction)).toEqual(['GET /feed']);
    expect(found.total).toBe(1);
  });

  it('opens a transaction onto its figures and half hits, half misses, each with its key, size and trace', async () => {
    const reads = readsOf('GET /users');
    const detail = await callApi(core, 'insights.cacheSamples', { projectId: 1, transaction: 'GET /users' });
    expect(detail.summary?.count).toBe(reads.length);
    expect(detail.summary?.missRate).toBeCloseTo(missRate(reads), 9);
    const hits = detail.samples.filter((sample) => sample.hit === true);
    const misses = detail.samples.filter((sample) => sample.hit === false);
    expect(hits.length + misses.length).toBe(detail.samples.length);
    expect(hits).toHaveLength(Math.min(5, reads.filter((read) => read.hit).length));
    expect(misses).toHaveLength(Math.min(5, reads.filter((read) => !read.hit).length));
    // Hits come first, each newest first.
    expect(detail.samples.slice(0, hits.length)).toEqual(hits);
    for (const list of [hits, misses])
      expect(list.map((s) => s.timestamp)).toEqual(
        list
          .map((s) => s.timestamp)
          .sort()
          .reverse(),
      );
    for (const sample of detail.samples) {
      const key = (JSON.parse(sample.key ?? '[]') as string[])[0] ?? '';
      expect(sample.description).toBe(key);
      expect(sample.op).toBe('cache.get');
      expect(sample.peer).toBe('cache.local/supercache');
      // A hit found what an earlier miss wrote: the key's value as JSON.
      expect(sample.itemSize).toBe(
        sample.hit ? Buffer.byteLength(JSON.stringify(VALUES[key as keyof typeof VALUES])) : null,
      );
      expect([...sent.static.cacheTraceIds, ...sent.stream.cacheTraceIds]).toContain(sample.traceId);
      // Reads run one after another inside the transaction.
      expect(sample.transactionMs).toBeGreaterThanOrEqual(sample.durationMs);
    }
    // The transactions run their reads in turn: each lasts at least as long as its reads took.
    const perTransaction = (detail.summary?.totalMs ?? 0) / 2;
    expect(detail.avgTransactionMs).toBeGreaterThanOrEqual(perTransaction);

    const onlyMisses = await callApi(core, 'insights.cacheSamples', {
      projectId: 1,
      transaction: 'GET /users',
      status: 'miss',
    });
    expect(onlyMisses.samples.map((s) => s.hit)).toEqual(reads.filter((r) => !r.hit).map(() => false));
  });

  it('answers a sample request without a transaction with a clear error', async () => {
    await expect(callApi(core, 'insights.cacheSamples', { projectId: 1 } as never)).rejects.toThrow(
      /transaction/,
    );
    await expect(callApi(core, 'insights.caches', { projectId: 1, sort: 'hits' } as never)).rejects.toThrow(
      /sort/,
    );
  });

  it.skipIf(pythonMissing !== undefined)(
    'counts the cache spans Python’s sentry-sdk 1.9 writes by hand, a read that does not say in the whole only',
    async () => {
      const dsn = core.ctx.projects.list()[0]?.keys[0]?.dsn ?? '';
      const script = path.join(import.meta.dirname, 'fixtures', 'python-cache-queue.py');
      const { stdout } = await run(PYTHON, [script, dsn, 'py cache job'], { timeout: 30_000 });
      await core.ctx.pipeline.call('pipeline.drain', {});
      const landing = await callApi(core, 'insights.caches', { projectId: 1, query: 'py cache' });
      // A hit, a miss and a read with no cache.hit: one miss in three reads; one size, the hit's.
      expect(landing.transactions).toHaveLength(1);
      expect(landing.transactions[0]).toMatchObject({ transaction: 'py cache job', count: 3 });
      expect(landing.transactions[0]?.missRate).toBeCloseTo(1 / 3, 9);
      // Python's json.dumps writes `{"name": "Ada"}`, with a space.
      expect(landing.transactions[0]?.avgItemSize).toBe(Buffer.byteLength('{"name": "Ada"}'));
      const detail = await callApi(core, 'insights.cacheSamples', {
        projectId: 1,
        transaction: 'py cache job',
      });
      expect(detail.samples.map((s) => [s.description, s.hit, s.traceId])).toEqual([
        ['user:1', true, stdout.trim()],
        ['user:2', false, stdout.trim()],
      ]);
      for (const sample of detail.samples) expect(sample.durationMs).toBeGreaterThanOrEqual(9);
    },
  );
});
