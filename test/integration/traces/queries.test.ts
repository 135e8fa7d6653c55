/**
 * `insights.queries` and `insights.querySamples` (the Queries page) through a real core, fed by the
 * real @sentry/node SDK sending `transaction` items and SDK 11's streamed spans with database spans,
 * and by the corpus's captured transaction envelopes: database spans are grouped by their normalized
 * query, counted and timed, sorted as Sentry's Queries module sorts, searched, and opened onto their
 * newest samples; an N+1 shows as the most runs of one query in one transaction.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { encodeNode } from '../../../src-main/core/store/nodestore.ts';
import { MAX_QUERY_ITEMS_SCANNED, type QueryGroup } from '../../../src-shared/insights-api.ts';
import { callApi, coreForEachTest, sendEnvelope, startCore } from '../../support/core.ts';
import { sendTransactionsWithSdk } from '../../support/transactions.ts';

const CORPUS = path.resolve(import.meta.dirname, '../../../../shared/corpus/envelopes');
const CORPUS_FILES = [
  'node-v10-transaction.envelope',
  'node-v11-transaction-static.envelope',
  'node-v11-span-v2-streamed-transaction.envelope',
];
const corpusMissing = fs.existsSync(path.join(CORPUS, CORPUS_FILES[0] ?? ''))
  ? undefined
  : `${CORPUS} is absent`;
if (corpusMissing) console.warn(`skipping the corpus queries test: ${corpusMissing}`);

const USERS = 'SELECT * FROM users WHERE id = %s';
const POSTS = 'SELECT * FROM posts WHERE author_id = %s';
const ORDERS = 'SELECT * FROM orders WHERE user_id = %s AND status = %s';
const pg = { 'db.system': 'postgresql' };

describe('insights.queries with database spans from @sentry/node', () => {
  let core: Core;
  let traceIds: { user7: string; user12: string; feed: string; checkout: string };
  const list = async (params: { sort?: 'time' | 'count' | 'avg' | 'p95'; query?: string } = {}) =>
    (await callApi(core, 'insights.queries', { projectId: 1, ...params })).queries;
  const byDescription = (queries: QueryGroup[], description: string) =>
    queries.find((q) => q.description === description);

  beforeAll(async () => {
    core = await startCore();
    const dsn = core.ctx.projects.list()[0]?.keys[0]?.dsn ?? '';
    const [user7 = '', user12 = '', feed = ''] = await sendTransactionsWithSdk(dsn, 'static', [
      {
        name: 'GET /users/7',
        op: 'http.server',
        children: [
          { name: 'SELECT * FROM users WHERE id = 7', op: 'db.sql.query', ms: 20, attributes: pg },
          { name: "SELECT * FROM orders WHERE user_id = 7 AND status = 'open'", op: 'db.sql.query', ms: 12 },
        ],
      },
      {
        name: 'GET /users/12',
        op: 'http.server',
        children: [{ name: 'SELECT * FROM users WHERE id = 12', op: 'db.sql.query', ms: 40, attributes: pg }],
      },
      {
        name: 'GET /feed',
        op: 'http.server',
        children: [
          ...[1, 2, 3, 4, 5].map((author) => ({
            name: `SELECT * FROM posts WHERE author_id = ${author}`,
            op: 'db',
            ms: 4,
          })),
          { name: 'GET session:42', op: 'db.redis', ms: 1 },
          { name: 'GET https://example.com/api', op: 'http.client', ms: 1 },
        ],
      },
    ]);
    const [checkout = ''] = await sendTransactionsWithSdk(dsn, 'stream', [
      {
        name: 'POST /checkout',
        op: 'http.server',
        children: [{ name: 'SELECT * FROM users WHERE id = 99', op: 'db.sql.query', ms: 10 }],
      },
    ]);
    traceIds = { user7, user12, feed, checkout };
    await core.ctx.pipeline.call('pipeline.drain', {});
  }, 60_000);

  afterAll(async () => {
    await core?.close();
  });

  it('groups spans by their normalized query, with count, durations, db system and the newest example', async () => {
    const result = await callApi(core, 'insights.queries', { projectId: 1 });
    expect(result.partial).toBe(false);
    expect(result.total).toBe(3);
    // Time spent is the default order.
    expect(result.queries.map((q) => [q.description, q.op, q.count, q.maxPerTransaction])).toEqual([
      [USERS, 'db.sql.query', 3, 1],
      [POSTS, 'db', 5, 5],
      [ORDERS, 'db.sql.query', 1, 1],
    ]);
    const users = byDescription(result.queries, USERS);
    expect(users?.dbSystem).toBe('postgresql');
    // Spans from transaction items and from streamed spans alike; the newest is the streamed one.
    expect(users?.traceId).toBe(traceIds.checkout);
    expect(users?.transaction).toBe('POST /checkout');
    // The SDK was given each span's start and end: 20, 40 and 10 ms.
    expect(users?.totalMs).toBeCloseTo(70, 3);
    expect(users?.avgMs).toBeCloseTo((users?.totalMs ?? 0) / 3, 6);
    expect(users?.p95Ms).toBeGreaterThanOrEqual(30);
    expect(users?.group).toMatch(/^[0-9a-f]{16}$/);
    const posts = byDescription(result.queries, POSTS);
    expect([posts?.traceId, posts?.transaction]).toEqual([traceIds.feed, 'GET /feed']);
  });

  it('sorts by count, average and p95, each largest first', async () => {
    expect((await list({ sort: 'count' })).map((q) => q.description)).toEqual([POSTS, USERS, ORDERS]);
    expect((await list({ sort: 'avg' })).map((q) => q.description)).toEqual([USERS, ORDERS, POSTS]);
    expect((await list({ sort: 'p95' })).map((q) => q.description)).toEqual([USERS, ORDERS, POSTS]);
  });

  it('searches the normalized query by its words, case-insensitive', async () => {
    expect((await list({ query: 'users' })).map((q) => q.description)).toEqual([USERS]);
    expect((await list({ query: 'from POSTS author_id' })).map((q) => q.description)).toEqual([POSTS]);
    expect(await list({ query: 'redis' })).toEqual([]);
  });

  it('lists a query’s newest samples as sent, each with its trace and transaction', async () => {
    const users = byDescription(await list(), USERS);
    const { samples } = await callApi(core, 'insights.querySamples', {
      projectId: 1,
      group: users?.group ?? '',
    });
    expect(samples.map((s) => [s.description, s.op, s.traceId, s.transaction])).toEqual([
      ['SELECT * FROM users WHERE id = 99', 'db.sql.query', traceIds.checkout, 'POST /checkout'],
      ['SELECT * FROM users WHERE id = 12', 'db.sql.query', traceIds.user12, 'GET /users/12'],
      ['SELECT * FROM users WHERE id = 7', 'db.sql.query', traceIds.user7, 'GET /users/7'],
    ]);
    expect(samples[1]?.durationMs).toBeCloseTo(40, 3);
    // Each names its transaction's span, which the trace view opens.
    const { transactions } = await callApi(core, 'traces.get', { projectId: 1, traceId: traceIds.user12 });
    expect(samples[1]?.transactionSpanId).toBe(transactions[0]?.spanId);
    expect(Date.parse(samples[0]?.timestamp ?? '')).toBeGreaterThan(Date.parse(samples[1]?.timestamp ?? ''));
  });
});

describe('insights.queries over stored items', () => {
  const start = coreForEachTest();

  it.skipIf(corpusMissing !== undefined)(
    'leaves out the corpus’s db spans whose description is no query, as Sentry gives them no normalized description',
    async () => {
      const core = await start();
      for (const name of CORPUS_FILES) await sendEnvelope(core, fs.readFileSync(path.join(CORPUS, name)));
      await core.ctx.pipeline.call('pipeline.drain', {});
      const traces = await callApi(core, 'traces.list', { projectId: 1 });
      expect(traces.transactions).toHaveLength(3);
      expect(await callApi(core, 'insights.queries', { projectId: 1 })).toEqual({
        queries: [],
        total: 0,
        partial: false,
      });
    },
  );

  it('reads at most MAX_QUERY_ITEMS_SCANNED items, newest first, and says it stopped', async () => {
    const core = await start();
    const insert = core.ctx.db.prepare(
      "INSERT INTO item_store (project_id, type, received, event_id, data) VALUES (1, 'transaction', ?, ?, ?)",
    );
    const now = Date.now();
    // One more transaction than is read, each with one query; the oldest's query is another.
    core.ctx.db.transaction(() => {
      for (let n = 0; n <= MAX_QUERY_ITEMS_SCANNED; n++) {
        const trace = {
          trace_id: n.toString(16).padStart(32, '0'),
          span_id: n.toString(16).padStart(16, '0'),
        };
        const span = {
          span_id: n.toString(16).padStart(16, 'a'),
          parent_span_id: trace.span_id,
          op: 'db.sql.query',
          description: n === 0 ? 'SELECT 1 FROM the_oldest' : `SELECT * FROM hay WHERE n = ${n}`,
          start_timestamp: (now + n) / 1000,
          timestamp: (now + n + 2) / 1000,
        };
        const body = {
          transaction: `hay ${n}`,
          start_timestamp: (now + n) / 1000,
          timestamp: (now + n + 5) / 1000,
          contexts: { trace: { ...trace, op: 'task' } },
          spans: [span],
        };
        const id = n.toString(16).padStart(32, 'e');
        insert.run(now + n, id, encodeNode({ headers: { type: 'transaction' }, body }));
      }
    })();
    const result = await callApi(core, 'insights.queries', { projectId: 1 });
    expect(result.partial).toBe(true);
    expect(result.queries.map((q) => [q.description, q.count])).toEqual([
      ['SELECT * FROM hay WHERE n = %s', MAX_QUERY_ITEMS_SCANNED],
    ]);
    expect(result.queries[0]?.totalMs).toBeCloseTo(2 * MAX_QUERY_ITEMS_SCANNED, 3);
  });
});
