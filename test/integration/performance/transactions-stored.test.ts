/**
 * `performance.transactions` and `performance.summary` over stored items of both shapes: `transaction`
 * items and streamed segments (span v2 containers, a segment's spans split over two of them). The
 * durations, statuses and users are chosen so that every figure can be worked out by hand:
 * GET /users lasts 100, 200, 300, 1000 and 1500 ms — p50 300, p75 1000, p95 1000 + 0.8 × 500 = 1400;
 * Apdex (T = 300 ms) (3 satisfied + 1 tolerated / 2) / 5 = 0.7; one `internal_error` of five (no status,
 * `cancelled` and `ok` are not failures) = 0.2; users id:1 (twice), an email and `{{auto}}` (no address) = 2.
 */
import { describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { encodeNode } from '../../../src-main/core/store/nodestore.ts';
import { MAX_QUERY_ITEMS_SCANNED } from '../../../src-shared/insights-api.ts';
import { callApi, coreForEachTest } from '../../support/core.ts';

const MINUTE = 60_000;
const DAY_MINUTES = 1440;
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

interface Stored {
  name: string;
  at: number;
  ms: number;
  status?: string;
  user?: Record<string, string>;
  /** Child spans: op, start offset and length (ms). */
  spans?: Array<[string, number, number]>;
}

function storeTransaction(core: Core, n: number, t: Stored): void {
  const trace = {
    trace_id: hex(n, 32),
    span_id: hex(n, 16),
    op: 'http.server',
    ...(t.status ? { status: t.status } : {}),
  };
  const body = {
    transaction: t.name,
    start_timestamp: t.at / 1000,
    timestamp: (t.at + t.ms) / 1000,
    contexts: { trace },
    ...(t.user ? { user: t.user } : {}),
    spans: (t.spans ?? []).map(([op, from, ms], i) => ({
      span_id: hex(n * 100 + i + 1, 16),
      parent_span_id: trace.span_id,
      op,
      start_timestamp: (t.at + from) / 1000,
      timestamp: (t.at + from + ms) / 1000,
    })),
  };
  core.ctx.db
    .prepare(
      "INSERT INTO item_store (project_id, type, received, event_id, data) VALUES (1, 'transaction', ?, ?, ?)",
    )
    .run(t.at + t.ms + 100, hex(n, 32), encodeNode({ headers: { type: 'transaction' }, body }));
}

const attrs = (values: Record<string, string | number>) =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v, type: typeof v }]));

function storeSpans(core: Core, received: number, items: unknown[]): void {
  core.ctx.db
    .prepare("INSERT INTO item_store (project_id, type, received, data) VALUES (1, 'span', ?, ?)")
    .run(received, encodeNode({ headers: { type: 'span' }, body: { items } }));
}

/** A streamed POST /checkout segment lasting `ms`; its child spans come in a second container. */
function storeSegment(core: Core, n: number, at: number, ms: number, failed: boolean): void {
  const traceId = hex(n, 32);
  const segmentId = hex(n, 16);
  const child = (i: number, op: string, from: number, length: number) => ({
    trace_id: traceId,
    span_id: hex(n * 100 + i, 16),
    parent_span_id: segmentId,
    is_segment: false,
    name: op,
    start_timestamp: (at + from) / 1000,
    end_timestamp: (at + from + length) / 1000,
    attributes: attrs({
      'sentry.op': op,
      'sentry.segment.id': segmentId,
      'sentry.segment.name': 'POST /checkout',
    }),
  });
  // Two overlapping queries (10–110 and 60–160: 150 ms of db) and one request (200–300: 100 ms of http).
  storeSpans(core, at + ms + 50, [child(1, 'db.sql.query', 10, 100), child(2, 'db', 60, 100)]);
  storeSpans(core, at + ms + 100, [
    child(3, 'http.client', 200, 100),
    {
      trace_id: traceId,
      span_id: segmentId,
      is_segment: true,
      name: 'POST /checkout',
      status: failed ? 'error' : 'ok',
      start_timestamp: at / 1000,
      end_timestamp: (at + ms) / 1000,
      attributes: attrs({
        'sentry.op': 'http.server',
        'user.email': 'shopper@example.com',
        ...(failed ? { 'sentry.status.message': 'internal_error' } : {}),
      }),
    },
  ]);
}

function storeAll(core: Core, now: number): void {
  const base = now - 120 * MINUTE;
  // Older than the default period (24h): not counted.
  storeTransaction(core, 1, {
    name: 'GET /users',
    at: now - 25 * 60 * MINUTE,
    ms: 9_000,
    status: 'internal_error',
  });
  const users: Stored[] = [
    { name: 'GET /users', at: base, ms: 100, status: 'ok', user: { id: '1' }, spans: [['db', 10, 50]] },
    { name: 'GET /users', at: base + MINUTE, ms: 200, status: 'ok', user: { id: '1' } },
    { name: 'GET /users', at: base + 2 * MINUTE, ms: 300, user: { email: 'a@example.com' } },
    {
      name: 'GET /users',
      at: base + 3 * MINUTE,
      ms: 1_000,
      status: 'internal_error',
      spans: [
        ['db.query', 0, 400],
        ['http.client', 500, 300],
      ],
    },
    {
      name: 'GET /users',
      at: base + 4 * MINUTE,
      ms: 1_500,
      status: 'cancelled',
      user: { ip_address: '{{auto}}' },
    },
  ];
  for (const [i, t] of users.entries()) storeTransaction(core, 10 + i, t);
  storeSegment(core, 20, base + 5 * MINUTE, 400, false);
  storeSegment(core, 21, base + 6 * MINUTE, 800, true);
}

describe('the Performance page over stored transactions and streamed segments', () => {
  const start = coreForEachTest();

  it('tables each name with its tpm, percentiles, failure rate, Apdex and users, busiest first', async () => {
    const core = await start();
    storeAll(core, Date.now());
    const list = await callApi(core, 'performance.transactions', { projectId: 1 });
    expect(list.partial).toBe(false);
    expect(list.transactions.map((row) => row.transaction)).toEqual(['GET /users', 'POST /checkout']);
    const [users, checkout] = list.transactions;
    expect(users).toMatchObject({ op: 'http.server', count: 5, p50Ms: 300, p75Ms: 1000, users: 2 });
    expect(users?.p95Ms).toBeCloseTo(1400, 6);
    expect(users?.tpm).toBeCloseTo(5 / DAY_MINUTES, 12);
    expect(users?.failureRate).toBeCloseTo(0.2, 12);
    expect(users?.apdex).toBeCloseTo(0.7, 12);
    // 400 and 800 ms: both tolerated; the second failed (`error`, message `internal_error`).
    expect(checkout).toMatchObject({ op: 'http.server', count: 2, p50Ms: 600, users: 1 });
    expect(checkout?.p95Ms).toBeCloseTo(780, 6);
    expect(checkout?.apdex).toBeCloseTo(0.5, 12);
    expect(checkout?.failureRate).toBeCloseTo(0.5, 12);
  });

  it('sorts by another column either way, searches names, and counts over the chosen period', async () => {
    const core = await start();
    storeAll(core, Date.now());
    const byFailure = await callApi(core, 'performance.transactions', { projectId: 1, sort: 'failure' });
    expect(byFailure.transactions.map((row) => row.transaction)).toEqual(['POST /checkout', 'GET /users']);
    const byApdex = await callApi(core, 'performance.transactions', { projectId: 1, sort: 'apdex' });
    expect(byApdex.transactions.map((row) => row.transaction)).toEqual(['GET /users', 'POST /checkout']);
    const byApdexAscending = await callApi(core, 'performance.transactions', {
      projectId: 1,
      sort: 'apdex',
      order: 'asc',
    });
    expect(byApdexAscending.transactions.map((row) => row.transaction)).toEqual([
      'POST /checkout',
      'GET /users',
    ]);
    await expect(
      callApi(core, 'performance.transactions', { projectId: 1, order: 'up' } as never),
    ).rejects.toThrow(/order/);
    const found = await callApi(core, 'performance.transactions', { projectId: 1, query: 'CHECK post' });
    expect(found.transactions.map((row) => row.transaction)).toEqual(['POST /checkout']);
    expect(found.total).toBe(1);
    const week = await callApi(core, 'performance.transactions', { projectId: 1, period: '7d' });
    const old = week.transactions.find((row) => row.transaction === 'GET /users');
    expect(old?.count).toBe(6);
    expect(old?.tpm).toBeCloseTo(6 / (7 * DAY_MINUTES), 12);
    // All of them started over an hour ago.
    const hour = await callApi(core, 'performance.transactions', { projectId: 1, period: '1h' });
    expect(hour.transactions).toEqual([]);
  });

  it('summarizes one name: figures, histogram, slowest and newest events, span ops breakdown', async () => {
    const core = await start();
    storeAll(core, Date.now());
    const summary = await callApi(core, 'performance.summary', { projectId: 1, transaction: 'GET /users' });
    expect(summary.figures?.count).toBe(5);
    expect(summary.figures?.apdex).toBeCloseTo(0.7, 12);
    // 100 … 1500 ms in buckets of 100 ms (a fourteenth of the range rounded up to a round width).
    expect(summary.histogram).toHaveLength(15);
    expect(summary.histogram[0]).toEqual({ startMs: 100, endMs: 200, count: 1 });
    expect(summary.histogram.at(-1)).toEqual({ startMs: 1500, endMs: 1600, count: 1 });
    expect(summary.histogram.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(5);
    expect(summary.samples.map((s) => s.durationMs)).toEqual([1500, 1000, 300, 200, 100]);
    expect(summary.samples[1]).toMatchObject({
      status: 'internal_error',
      traceId: hex(13, 32),
      spanId: hex(13, 16),
    });
    expect(summary.samples[1]?.opsBreakdown).toEqual({ http: 300, db: 400, browser: 0, resource: 0 });
    expect(summary.samples.at(-1)?.user).toBe('id:1');
    // db: 50 + 400 over five events; share of their 3100 ms.
    const db = summary.opsBreakdown.find((row) => row.op === 'db');
    expect(db?.avgMs).toBeCloseTo(90, 9);
    expect(db?.share).toBeCloseTo(450 / 3100, 9);
    const newest = await callApi(core, 'performance.summary', {
      projectId: 1,
      transaction: 'GET /users',
      samples: 'newest',
    });
    expect(newest.samples.map((s) => s.durationMs)).toEqual([1500, 1000, 300, 200, 100]);
    const limited = await callApi(core, 'performance.summary', {
      projectId: 1,
      transaction: 'GET /users',
      samples: 'newest',
      limit: 2,
    });
    expect(limited.samples.map((s) => s.eventId)).toEqual([hex(14, 32), hex(13, 32)]);
  });

  it('joins a streamed segment with its spans from another container for the breakdown', async () => {
    const core = await start();
    storeAll(core, Date.now());
    const summary = await callApi(core, 'performance.summary', {
      projectId: 1,
      transaction: 'POST /checkout',
    });
    expect(summary.samples).toHaveLength(2);
    for (const sample of summary.samples) {
      expect(sample.eventId).toBeNull();
      expect(sample.opsBreakdown).toEqual({ http: 100, db: 150, browser: 0, resource: 0 });
      expect(sample.user).toBe('email:shopper@example.com');
    }
    expect(summary.samples[0]).toMatchObject({ durationMs: 800, status: 'internal_error' });
    const none = await callApi(core, 'performance.summary', { projectId: 1, transaction: 'GET /nothing' });
    expect(none).toMatchObject({ figures: null, histogram: [], samples: [] });
  });

  it('counts a transaction in the period it ended in, as Sentry bounds them by their timestamp', async () => {
    const core = await start();
    const now = Date.now();
    // Began 61 minutes ago and lasted two: in the last hour. Began 62 minutes ago and ended 61: not.
    // Began three hours ago and ended 50 minutes ago: in it too.
    storeTransaction(core, 30, { name: 'GET /report', at: now - 61 * MINUTE, ms: 2 * MINUTE, status: 'ok' });
    storeTransaction(core, 31, { name: 'GET /report', at: now - 62 * MINUTE, ms: MINUTE, status: 'ok' });
    storeTransaction(core, 33, { name: 'GET /report', at: now - 180 * MINUTE, ms: 130 * MINUTE });
    // A streamed segment begun 61 minutes ago, lasting two (its spans arrive after it ended).
    storeSegment(core, 32, now - 61 * MINUTE, 2 * MINUTE, false);
    const hour = await callApi(core, 'performance.transactions', { projectId: 1, period: '1h' });
    expect(hour.transactions.map((row) => [row.transaction, row.count])).toEqual([
      ['GET /report', 2],
      ['POST /checkout', 1],
    ]);
    const summary = await callApi(core, 'performance.summary', {
      projectId: 1,
      transaction: 'GET /report',
      period: '1h',
    });
    // Each event is dated by its timestamp, its end.
    expect(
      summary.samples.map(({ traceId, durationMs, timestamp }) => [traceId, durationMs, timestamp]),
    ).toEqual([
      [hex(33, 32), 130 * MINUTE, new Date(now - 50 * MINUTE).toISOString()],
      [hex(30, 32), 2 * MINUTE, new Date(now - 59 * MINUTE).toISOString()],
    ]);
    const day = await callApi(core, 'performance.summary', {
      projectId: 1,
      transaction: 'GET /report',
      samples: 'newest',
    });
    // Newest by their end (Sentry's recent transactions, `-timestamp`), not by their start.
    expect(day.samples.map((sample) => sample.traceId)).toEqual([hex(33, 32), hex(30, 32), hex(31, 32)]);
  });

  it('reads at most the newest items and says that older ones were not counted', async () => {
    const core = await start();
    const now = Date.now();
    const insert = core.ctx.db.transaction(() => {
      for (let i = 0; i < MAX_QUERY_ITEMS_SCANNED + 5; i++)
        storeTransaction(core, 1000 + i, {
          name: 'tick',
          at: now - 30 * MINUTE + i * 100,
          ms: 10,
          status: 'ok',
        });
    });
    insert();
    const list = await callApi(core, 'performance.transactions', { projectId: 1 });
    expect(list.partial).toBe(true);
    expect(list.transactions[0]?.count).toBe(MAX_QUERY_ITEMS_SCANNED);
  });

  it('rejects a summary without a transaction name', async () => {
    const core = await start();
    await expect(
      callApi(core, 'performance.summary', { projectId: 1, transaction: '' } as never),
    ).rejects.toThrow(/transaction/);
  });
});
