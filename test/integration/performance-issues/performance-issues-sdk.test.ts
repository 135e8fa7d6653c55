/**
 * Performance issues (Sentry's N+1 query, slow DB query and consecutive HTTP issues) detected in the
 * transactions the real @sentry/node 11 SDK sends, as `transaction` items and as streamed spans:
 * an ORM-like N+1 (one query, then the same parameterized query once per row under the same parent),
 * a slow SELECT, and sequential slow `fetch`es to a loopback server traced by the SDK's own HTTP
 * instrumentation. Two transactions with the same problem make one issue; transactions under
 * Sentry's thresholds make none.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import type { IssueSummary } from '../../../src-shared/issues-api.ts';
import type { PerformanceEvidence } from '../../../src-shared/performance-issues.ts';
import { callApi, startCore } from '../../support/core.ts';
import {
  type SentTransaction,
  sendRequestsWithSdk,
  sendTransactionsWithSdk,
} from '../../support/transactions.ts';

const POSTS_QUERY = 'SELECT * FROM posts WHERE author_id = $1';

/** An ORM's N+1: the users, then each user's posts, `n` times, each query `ms` long. */
function nPlusOne(name: string, n: number, ms: number): SentTransaction {
  const db = { 'db.system': 'postgresql' };
  return {
    name,
    op: 'http.server',
    children: [
      { name: 'SELECT * FROM users LIMIT 10', op: 'db', ms: 5, attributes: db },
      ...Array.from({ length: n }, () => ({ name: POSTS_QUERY, op: 'db', ms, attributes: db })),
    ],
  };
}

describe('performance issues from @sentry/node transactions', () => {
  let core: Core;
  let server: http.Server;
  let origin = '';
  let performanceIssues: IssueSummary[] = [];

  const list = async (query: string) => (await callApi(core, 'issues.list', { projectId: 1, query })).issues;

  beforeAll(async () => {
    core = await startCore();
    server = http.createServer((_req, res) => setTimeout(() => res.end('ok'), 520));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const dsn = core.ctx.projects.list()[0]?.keys[0]?.dsn ?? '';
    await sendTransactionsWithSdk(dsn, 'static', [
      nPlusOne('GET /authors', 5, 12),
      // Under Sentry's thresholds: four repeats, or five taking under 50 ms together.
      nPlusOne('GET /few', 4, 20),
      nPlusOne('GET /fast', 5, 8),
      {
        name: 'GET /report',
        op: 'http.server',
        children: [
          { name: 'SELECT sum(total) FROM orders GROUP BY day', op: 'db', ms: 600 },
          { name: 'SELECT count(*) FROM refunds', op: 'db', ms: 450 },
        ],
      },
    ]);
    // The same N+1 again, streamed: the same fingerprint, the same issue.
    await sendTransactionsWithSdk(dsn, 'stream', [nPlusOne('GET /authors', 6, 12)]);
    const get = { url: `${origin}/items/1`, via: 'fetch' as const };
    await sendRequestsWithSdk(dsn, 'static', [
      {
        name: 'sync items',
        requests: [
          get,
          { ...get, url: `${origin}/items/2` },
          { ...get, url: `${origin}/items/3` },
          { ...get, url: `${origin}/items/4` },
          { ...get, url: `${origin}/items/5` },
        ],
      },
      // Two slow requests only: not enough to save Sentry's 2 s by running them together.
      { name: 'sync two', requests: [get, get] },
    ]);
    await core.ctx.pipeline.call('pipeline.drain', {});
    performanceIssues = await list('issue.category:performance');
  }, 90_000);

  afterAll(async () => {
    await core?.close();
    server?.close();
  });

  it('makes one N+1 Query issue of the two transactions that ran it, as Sentry groups them', async () => {
    const issues = performanceIssues.filter(
      (issue) => issue.issueType === 'performance_n_plus_one_db_queries',
    );
    expect(issues).toHaveLength(1);
    const [issue] = issues;
    expect(issue?.title).toBe('N+1 Query');
    expect(issue?.culprit).toBe('GET /authors');
    expect(issue?.issueCategory).toBe('performance');
    expect(issue?.metadata.value).toBe(POSTS_QUERY);
    expect(issue?.count).toBe(2);
    expect(issue?.priority).toBe('low');
    const event = await callApi(core, 'events.get', { groupId: issue?.id ?? 0, eventId: 'latest' });
    const evidence = (event.event.occurrence as { evidenceData: PerformanceEvidence }).evidenceData;
    expect(evidence.transactionName).toBe('GET /authors');
    expect(evidence.offenderSpans.map((span) => span.description)).toEqual(Array(6).fill(POSTS_QUERY));
    expect(evidence.causeSpans[0]?.description).toBe('SELECT * FROM users LIMIT 10');
    expect(evidence.parentSpan?.op).toBe('http.server');
    for (const span of evidence.offenderSpans) expect(span.durationMs).toBeCloseTo(12, 0);
  });

  it('keeps the occurrences out of the errors dataset, as Sentry keeps them in search_issues', async () => {
    // The issue list counts them (above); Discover's errors and Snuba's events entity see no error at all,
    // since the SDK sent none, while the transactions dataset has every transaction sent.
    const errors = await callApi(core, 'discover.events', {
      dataset: 'errors',
      field: ['count()'],
      statsPeriod: '1h',
    });
    expect(errors.data[0]?.['count()']).toBe(0);
    const now = new Date();
    const snql = await callApi(core, 'snql.query', {
      query: `MATCH (events) SELECT count() AS c WHERE project_id = 1 AND timestamp >= toDateTime('${new Date(now.getTime() - 3_600_000).toISOString().slice(0, 19)}') AND timestamp < toDateTime('${new Date(now.getTime() + 60_000).toISOString().slice(0, 19)}')`,
    });
    expect('data' in snql ? snql.data : snql).toEqual([{ c: 0 }]);
    const transactions = await callApi(core, 'discover.events', {
      dataset: 'transactions',
      field: ['count()'],
      statsPeriod: '1h',
    });
    expect(Number(transactions.data[0]?.['count()'])).toBeGreaterThanOrEqual(6);
  });

  it('makes a Slow DB Query issue of the query over 500 ms, none of the one under it', async () => {
    const slow = performanceIssues.filter((issue) => issue.issueType === 'performance_slow_db_query');
    expect(slow.map((issue) => [issue.title, issue.culprit, issue.metadata.value])).toEqual([
      ['Slow DB Query', 'GET /report', 'SELECT sum(total) FROM orders GROUP BY day'],
    ]);
  });

  it('makes a Consecutive HTTP issue of five sequential slow fetches, none of two', async () => {
    const issues = performanceIssues.filter((issue) => issue.issueType === 'performance_consecutive_http');
    expect(issues.map((issue) => [issue.title, issue.culprit])).toEqual([['Consecutive HTTP', 'sync items']]);
    const event = await callApi(core, 'events.get', { groupId: issues[0]?.id ?? 0, eventId: 'latest' });
    const evidence = (event.event.occurrence as { evidenceData: PerformanceEvidence }).evidenceData;
    expect(evidence.offenderSpans).toHaveLength(5);
    for (const span of evidence.offenderSpans) {
      expect(span.op).toBe('http.client');
      expect(span.durationMs).toBeGreaterThanOrEqual(500);
    }
  });

  it('makes a Consecutive DB Queries issue of the report’s two independent SELECTs, run one after the other', async () => {
    const issues = performanceIssues.filter(
      (issue) => issue.issueType === 'performance_consecutive_db_queries',
    );
    expect(issues.map((issue) => [issue.title, issue.culprit])).toEqual([
      ['Consecutive DB Queries', 'GET /report'],
    ]);
    const event = await callApi(core, 'events.get', { groupId: issues[0]?.id ?? 0, eventId: 'latest' });
    const evidence = (event.event.occurrence as { evidenceData: PerformanceEvidence }).evidenceData;
    // The query that depends on nothing could have run beside the first.
    expect(evidence.offenderSpans.map((span) => span.description)).toEqual(['SELECT count(*) FROM refunds']);
    expect(evidence.causeSpans).toHaveLength(2);
  });

  it('creates nothing else: the transactions under the thresholds have no issue, and no error issue appears', async () => {
    expect(performanceIssues.map((issue) => `${issue.issueType} ${issue.culprit}`).sort()).toEqual([
      'performance_consecutive_db_queries GET /report',
      'performance_consecutive_http sync items',
      'performance_n_plus_one_db_queries GET /authors',
      'performance_slow_db_query GET /report',
    ]);
    expect(await list('issue.category:error')).toEqual([]);
    expect(await list('issue.type:performance_n_plus_one_api_calls')).toEqual([]);
  });

  it('searches by type and category, and the web API says Sentry’s type and category', async () => {
    const slow = await list('issue.type:performance_slow_db_query');
    expect(slow.map((issue) => issue.culprit)).toEqual(['GET /report']);
    expect((await list('!issue.category:performance')).length).toBe(0);
    await expect(list('issue.type:performance_nonsense')).rejects.toThrow(/Invalid type value/);
  });

  it('resolves a performance issue, and its next occurrence regresses it', async () => {
    const issue = performanceIssues.find((found) => found.issueType === 'performance_slow_db_query');
    await callApi(core, 'issues.update', {
      projectId: 1,
      groupIds: [issue?.id ?? 0],
      update: { status: 'resolved' },
    });
    expect((await list('is:unresolved issue.category:performance')).map((found) => found.id)).not.toContain(
      issue?.id,
    );
    const dsn = core.ctx.projects.list()[0]?.keys[0]?.dsn ?? '';
    await sendTransactionsWithSdk(dsn, 'static', [
      {
        name: 'GET /report',
        op: 'http.server',
        children: [{ name: 'SELECT sum(total) FROM orders GROUP BY day', op: 'db', ms: 520 }],
      },
    ]);
    await core.ctx.pipeline.call('pipeline.drain', {});
    const after = await callApi(core, 'issues.get', { groupId: issue?.id ?? 0 });
    expect(after.status).toBe('unresolved');
    expect(after.substatus).toBe('regressed');
    expect(after.count).toBe(2);
  }, 30_000);
});
