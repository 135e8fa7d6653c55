/**
 * `performance.transactions` and `performance.summary` (the Performance page) through a real core, fed
 * by the real @sentry/node 11 SDK with tracing on: `GET /fast` three times (a 40 ms query, then 10 ms),
 * `POST /slow` three times (a 100 ms request, then 400 ms), one of them failing with `internal_error`
 * and capturing an error, sent as `transaction` items and as streamed spans alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { callApi, startCore } from '../../support/core.ts';
import { type SentTransaction, sendTransactionsWithSdk } from '../../support/transactions.ts';

const DAY_MINUTES = 1440;

const fast = (id: string): SentTransaction => ({
  name: 'GET /fast',
  op: 'http.server',
  ms: 10,
  user: { id },
  nameScope: true,
  children: [{ name: 'SELECT 1', op: 'db', ms: 40 }],
});
const slow = (failing: boolean): SentTransaction => ({
  name: 'POST /slow',
  op: 'http.server',
  ms: 400,
  user: { email: 'buyer@example.com' },
  nameScope: true,
  children: [{ name: 'POST https://payments.test/charge', op: 'http.client', ms: 100 }],
  ...(failing ? { status: 'internal_error', error: 'payment declined' } : {}),
});

/** The value at rank (n − 1) × p, interpolated, worked out here from the events' own durations. */
function quantile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (sorted.length - 1) * p;
  const low = Math.floor(rank);
  const high = Math.min(low + 1, sorted.length - 1);
  return (sorted[low] ?? 0) + ((sorted[high] ?? 0) - (sorted[low] ?? 0)) * (rank - low);
}

describe('the Performance page’s data from @sentry/node’s transactions', () => {
  let core: Core;
  let slowTraces: string[];

  beforeAll(async () => {
    core = await startCore();
    const dsn = core.ctx.projects.list()[0]?.keys[0]?.dsn ?? '';
    const staticIds = await sendTransactionsWithSdk(dsn, 'static', [
      fast('u1'),
      fast('u2'),
      fast('u1'),
      slow(false),
      slow(true),
    ]);
    const streamIds = await sendTransactionsWithSdk(dsn, 'stream', [slow(false)]);
    slowTraces = [...staticIds.slice(3), ...streamIds];
    await core.ctx.pipeline.call('pipeline.drain', {});
  }, 60_000);

  afterAll(async () => {
    await core?.close();
  });

  it('tables both names, the busiest first, with the figures of the events as sent', async () => {
    const list = await callApi(core, 'performance.transactions', { projectId: 1 });
    expect(list.partial).toBe(false);
    expect(list.transactions.map((row) => row.transaction).sort()).toEqual(['GET /fast', 'POST /slow']);
    for (const row of list.transactions) {
      expect(row.count).toBe(3);
      expect(row.op).toBe('http.server');
      expect(row.tpm).toBeCloseTo(3 / DAY_MINUTES, 12);
    }
    const fastRow = list.transactions.find((row) => row.transaction === 'GET /fast');
    const slowRow = list.transactions.find((row) => row.transaction === 'POST /slow');
    expect(fastRow).toMatchObject({ failureRate: 0, users: 2 });
    expect(slowRow).toMatchObject({ users: 1 });
    expect(slowRow?.failureRate).toBeCloseTo(1 / 3, 12);
    // At least their waits: 50 ms and 500 ms.
    expect(fastRow?.p50Ms).toBeGreaterThanOrEqual(50);
    expect(slowRow?.p50Ms).toBeGreaterThanOrEqual(500);
    // Apdex (T = 300 ms) of the durations the events carry, whatever this machine's load made them.
    const apdexOf = async (transaction: string) => {
      const { samples } = await callApi(core, 'performance.summary', { projectId: 1, transaction });
      const score = samples.reduce(
        (sum, { durationMs }) => sum + (durationMs <= 300 ? 1 : durationMs <= 1200 ? 0.5 : 0),
        0,
      );
      return score / samples.length;
    };
    expect(fastRow?.apdex).toBeCloseTo(await apdexOf('GET /fast'), 12);
    expect(slowRow?.apdex).toBeCloseTo(await apdexOf('POST /slow'), 12);
    const byP95 = await callApi(core, 'performance.transactions', { projectId: 1, sort: 'p95' });
    expect(byP95.transactions.map((row) => row.transaction)).toEqual(['POST /slow', 'GET /fast']);
    const byApdex = await callApi(core, 'performance.transactions', { projectId: 1, sort: 'apdex' });
    const apdexes = byApdex.transactions.map((row) => row.apdex);
    expect(apdexes).toEqual([...apdexes].sort((a, b) => b - a));
  });

  it('summarizes POST /slow: its events (both shapes) with their traces, percentiles and breakdown', async () => {
    const summary = await callApi(core, 'performance.summary', { projectId: 1, transaction: 'POST /slow' });
    const durations = summary.samples.map((sample) => sample.durationMs);
    expect(durations).toEqual([...durations].sort((a, b) => b - a));
    expect(summary.samples.map((sample) => sample.traceId).sort()).toEqual([...slowTraces].sort());
    expect(summary.samples.filter((sample) => sample.eventId === null)).toHaveLength(1);
    expect(summary.figures?.p50Ms).toBeCloseTo(quantile(durations, 0.5), 9);
    expect(summary.figures?.p95Ms).toBeCloseTo(quantile(durations, 0.95), 9);
    expect(summary.samples.map((sample) => sample.status).sort()).toEqual(['internal_error', 'ok', 'ok']);
    for (const sample of summary.samples) {
      // The child request was given exactly 100 ms.
      expect(sample.opsBreakdown).toEqual({ http: 100, db: 0, browser: 0, resource: 0 });
      expect(sample.user).toBe('email:buyer@example.com');
    }
    expect(summary.histogram.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(3);
    const http = summary.opsBreakdown.find((row) => row.op === 'http');
    expect(http?.avgMs).toBe(100);
    const fastSummary = await callApi(core, 'performance.summary', {
      projectId: 1,
      transaction: 'GET /fast',
    });
    expect(fastSummary.opsBreakdown.find((row) => row.op === 'db')?.avgMs).toBe(40);
  });

  it('finds the error captured inside the failing transaction among its related issues', async () => {
    const issues = await callApi(core, 'issues.list', {
      projectId: 1,
      query: 'is:unresolved transaction:"POST /slow"',
    });
    expect(issues.issues.map((issue) => issue.title)).toEqual([expect.stringContaining('payment declined')]);
    const none = await callApi(core, 'issues.list', {
      projectId: 1,
      query: 'is:unresolved transaction:"GET /fast"',
    });
    expect(none.issues).toEqual([]);
  });
});
