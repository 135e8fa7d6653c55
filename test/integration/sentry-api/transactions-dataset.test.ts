/**
 * The events endpoint on Sentry's `transactions` dataset (and `metricsEnhanced`), on a real core fed by
 * the real @sentry/node 11 SDK: `GET /fast` three times (a 40 ms query, then 10 ms; users u1, u2, u1),
 * `POST /slow` twice as `transaction` items (a 100 ms request, then 400 ms; one failing with
 * `internal_error` and capturing an error) and once as streamed spans. Rows and aggregates are checked against what was sent,
 * the figures against the rows' own durations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { MAX_QUERY_ITEMS_SCANNED } from '../../../src-shared/insights-api.ts';
import { startCore } from '../../support/core.ts';
import { tempDir } from '../../support/serve.ts';
import { type SentTransaction, sendTransactionsWithSdk } from '../../support/transactions.ts';
import { sentryApiClient } from './api-client.ts';

let core: Core;
let fastTraces: string[];
let slowTraces: string[];
let streamTrace: string;
const api = sentryApiClient(() => core);

type Row = Record<string, unknown>;
interface Table {
  data: Row[];
  meta: {
    fields: Record<string, string>;
    units: Record<string, string | null>;
    dataset: string;
    isMetricsData: boolean;
    faultlinePartial: boolean;
  };
}

async function events(fields: string[], params: Record<string, string> = {}, dataset = 'transactions') {
  const search = new URLSearchParams({ dataset, per_page: '50', project: '1', ...params });
  for (const field of fields) search.append('field', field);
  return api(`/api/0/organizations/faultline/events/?${search}`);
}

async function table(fields: string[], params: Record<string, string> = {}, dataset = 'transactions') {
  const reply = await events(fields, params, dataset);
  expect(reply.status, reply.body).toBe(200);
  return reply.json as Table;
}

const fast = (id: string): SentTransaction => ({
  name: 'GET /fast',
  op: 'http.server',
  ms: 10,
  user: { id },
  tags: { region: 'eu' },
  attributes: { 'http.request.method': 'GET', 'http.response.status_code': '200' },
  children: [{ name: 'SELECT 1', op: 'db', ms: 40 }],
});
const slow = (failing: boolean): SentTransaction => ({
  name: 'POST /slow',
  op: 'http.server',
  ms: 400,
  user: { email: 'buyer@example.com' },
  tags: { region: 'us' },
  attributes: { 'http.request.method': 'POST' },
  children: [{ name: 'POST https://payments.test/charge', op: 'http.client', ms: 100 }],
  ...(failing ? { status: 'internal_error', error: 'payment declined' } : {}),
});

/** The value at rank (n − 1) × p, interpolated, worked out here from the rows' own durations. */
function quantile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (sorted.length - 1) * p;
  const low = Math.floor(rank);
  const high = Math.min(low + 1, sorted.length - 1);
  return (sorted[low] ?? 0) + ((sorted[high] ?? 0) - (sorted[low] ?? 0)) * (rank - low);
}

beforeAll(async () => {
  core = await startCore(tempDir(), { httpRpc: true });
  const dsn = core.ctx.projects.defaultDsn(1) ?? '';
  const staticTraces = await sendTransactionsWithSdk(dsn, 'static', [
    fast('u1'),
    fast('u2'),
    fast('u1'),
    slow(false),
    slow(true),
  ]);
  fastTraces = staticTraces.slice(0, 3);
  slowTraces = staticTraces.slice(3);
  [streamTrace = ''] = await sendTransactionsWithSdk(dsn, 'stream', [slow(false)]);
  await core.ctx.pipeline.call('pipeline.drain', {});
}, 90_000);
afterAll(() => core?.close());

const ROW_FIELDS = [
  'id',
  'transaction',
  'transaction.duration',
  'transaction.op',
  'transaction.status',
  'timestamp',
  'trace',
  'release',
  'environment',
  'platform',
  'sdk.name',
  'user',
  'user.id',
  'user.email',
  'http.method',
  'http.status_code',
  'event.type',
  'project',
  'project.id',
  'tags[region]',
];

describe('the transactions dataset', () => {
  it('answers one row per transaction sent, as items and as streamed spans, with Sentry’s fields', async () => {
    const result = await table(ROW_FIELDS, { sort: '-transaction.duration', statsPeriod: '24h' });
    expect(result.meta).toMatchObject({
      dataset: 'transactions',
      isMetricsData: false,
      faultlinePartial: false,
    });
    expect(result.meta.fields).toMatchObject({
      'transaction.duration': 'duration',
      timestamp: 'date',
      'project.id': 'integer',
      'transaction.status': 'string',
    });
    expect(result.meta.units['transaction.duration']).toBe('millisecond');
    const rows = result.data;
    expect(rows).toHaveLength(6);
    const durations = rows.map((r) => r['transaction.duration'] as number);
    expect([...durations].sort((a, b) => b - a)).toEqual(durations);
    for (const row of rows)
      expect(row).toMatchObject({
        'transaction.op': 'http.server',
        release: 'traces-test@1.0.0',
        environment: 'test',
        'event.type': 'transaction',
        project: 'default',
        'project.id': 1,
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*\+00:00$/),
      });
    const slowRows = rows.filter((r) => r.transaction === 'POST /slow');
    const fastRows = rows.filter((r) => r.transaction === 'GET /fast');
    expect(slowRows.map((r) => r.trace).sort()).toEqual([...slowTraces, streamTrace].sort());
    expect(fastRows.map((r) => r.trace).sort()).toEqual([...fastTraces].sort());
    // At least the waits each was sent with: 50 ms and 500 ms.
    for (const row of fastRows) expect(row['transaction.duration']).toBeGreaterThanOrEqual(50);
    for (const row of slowRows) expect(row['transaction.duration']).toBeGreaterThanOrEqual(500);
    expect(fastRows.map((r) => r['user.id']).sort()).toEqual(['u1', 'u1', 'u2']);
    expect(fastRows[0]).toMatchObject({
      'http.method': 'GET',
      'http.status_code': '200',
      'tags[region]': 'eu',
      platform: 'node',
      'sdk.name': 'sentry.javascript.node',
      'transaction.status': 'ok',
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
      user: expect.stringMatching(/^id:u[12]$/),
    });
    const failed = slowRows.filter((r) => r['transaction.status'] === 'internal_error');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ 'user.email': 'buyer@example.com', 'http.method': 'POST' });
    // The streamed segment was never an event: no event id, but the same fields from its attributes.
    const streamed = slowRows.find((r) => r.trace === streamTrace);
    expect(streamed).toMatchObject({
      id: null,
      'user.email': 'buyer@example.com',
      'http.method': 'POST',
      'sdk.name': 'sentry.javascript.node',
      'transaction.status': 'ok',
    });
  });

  it('adds Sentry’s auto fields (id, project.name) to a table without functions', async () => {
    const result = await table(['transaction'], { query: 'transaction:"GET /fast"' });
    expect(Object.keys(result.meta.fields)).toEqual(['transaction', 'id', 'project.name']);
    expect(result.data).toHaveLength(3);
    expect(result.data[0]).toMatchObject({
      'project.name': 'default',
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
  });

  it('aggregates by transaction as Performance does: percentiles, failure rate, throughput, Apdex, users', async () => {
    const period = '24h';
    const rows = (
      await table(['transaction', 'transaction.duration', 'user', 'timestamp'], { statsPeriod: period })
    ).data;
    const aggregates = [
      'count()',
      'avg(transaction.duration)',
      'min(transaction.duration)',
      'max(transaction.duration)',
      'sum(transaction.duration)',
      'p50()',
      'p95()',
      'p100()',
      'p75(transaction.duration)',
      'percentile(transaction.duration, 0.95)',
      'failure_rate()',
      'failure_count()',
      'epm()',
      'eps()',
      'tpm()',
      'apdex(300)',
      'apdex()',
      'count_unique(user)',
      'last_seen()',
    ];
    const result = await table(['transaction', ...aggregates], { statsPeriod: period, sort: '-p50()' });
    expect(result.meta.fields).toMatchObject({
      'count()': 'integer',
      'p95()': 'duration',
      'avg(transaction.duration)': 'duration',
      'percentile(transaction.duration, 0.95)': 'duration',
      'failure_rate()': 'percentage',
      'failure_count()': 'integer',
      'epm()': 'rate',
      'apdex(300)': 'number',
      'last_seen()': 'date',
    });
    expect(result.meta.units).toMatchObject({
      'p95()': 'millisecond',
      'epm()': '1/minute',
      'eps()': '1/second',
      'failure_rate()': null,
    });
    expect(result.data.map((r) => r.transaction)).toEqual(['POST /slow', 'GET /fast']);
    // At most 20 fields a request, as Sentry: User Misery in a second one.
    const misery = await table(['transaction', 'count_miserable(user, 100)', 'user_misery(100)'], {
      statsPeriod: period,
    });
    for (const row of misery.data)
      Object.assign(result.data.find((r) => r.transaction === row.transaction) ?? {}, row);
    const minutes = 24 * 60;
    for (const name of ['POST /slow', 'GET /fast']) {
      const got = result.data.find((r) => r.transaction === name) ?? {};
      const durations = rows
        .filter((r) => r.transaction === name)
        .map((r) => r['transaction.duration'] as number);
      const sum = durations.reduce((a, b) => a + b, 0);
      expect(got['count()']).toBe(3);
      expect(got['avg(transaction.duration)']).toBeCloseTo(sum / 3, 9);
      expect(got['sum(transaction.duration)']).toBeCloseTo(sum, 9);
      expect(got['min(transaction.duration)']).toBe(Math.min(...durations));
      expect(got['max(transaction.duration)']).toBe(Math.max(...durations));
      expect(got['p100()']).toBe(Math.max(...durations));
      expect(got['p50()']).toBeCloseTo(quantile(durations, 0.5), 9);
      expect(got['p75(transaction.duration)']).toBeCloseTo(quantile(durations, 0.75), 9);
      expect(got['p95()']).toBeCloseTo(quantile(durations, 0.95), 9);
      expect(got['percentile(transaction.duration, 0.95)']).toBe(got['p95()']);
      expect(got['epm()']).toBeCloseTo(3 / minutes, 12);
      expect(got['tpm()']).toBe(got['epm()']);
      expect(got['eps()']).toBeCloseTo(3 / (minutes * 60), 12);
      const satisfied = durations.filter((ms) => ms <= 300).length;
      const tolerated = durations.filter((ms) => ms > 300 && ms <= 1200).length;
      expect(got['apdex(300)']).toBeCloseTo((satisfied + tolerated / 2) / 3, 12);
      expect(got['apdex()']).toBe(got['apdex(300)']);
      const users = new Set(rows.filter((r) => r.transaction === name).map((r) => r.user));
      expect(got['count_unique(user)']).toBe(users.size);
      // Sentry's User Misery: users slower than 4T, against a Beta(5.8875, 111.8625) prior.
      const miserable = new Set(
        rows
          .filter((r) => r.transaction === name && (r['transaction.duration'] as number) > 400)
          .map((r) => r.user),
      );
      expect(got['count_miserable(user, 100)']).toBe(miserable.size);
      expect(got['user_misery(100)']).toBeCloseTo(
        (miserable.size + 5.8875) / (users.size + 5.8875 + 111.8625),
        12,
      );
    }
    const slowRow = result.data[0] ?? {};
    expect(slowRow['failure_count()']).toBe(1);
    expect(slowRow['failure_rate()']).toBeCloseTo(1 / 3, 12);
    expect(result.data[1]?.['failure_rate()']).toBe(0);
    expect(result.data[1]?.['count_unique(user)']).toBe(2);
    expect(slowRow['count_miserable(user, 100)']).toBe(1);
    const slowEnds = rows
      .filter((r) => r.transaction === 'POST /slow')
      .map((r) => Date.parse(String(r.timestamp)));
    expect(Date.parse(String(slowRow['last_seen()']))).toBe(Math.max(...slowEnds));
  });

  it('searches with Sentry’s syntax: durations with units, event.type, has:, negation, tags, OR and AND', async () => {
    const traces = async (query: string) =>
      (await table(['trace'], { query })).data.map((r) => r.trace as string).sort();
    const all = [...fastTraces, ...slowTraces, streamTrace].sort();
    expect(await traces('transaction.duration:>300ms')).toEqual([...slowTraces, streamTrace].sort());
    expect(await traces('transaction.duration:<0.3s')).toEqual([...fastTraces].sort());
    expect(await traces('event.type:transaction')).toEqual(all);
    expect(await traces('event.type:error')).toEqual([]);
    expect(await traces('has:user.email !transaction.status:ok')).toEqual([slowTraces[1]]);
    expect(await traces('region:eu')).toEqual([...fastTraces].sort());
    expect(await traces('tags[region]:us transaction.status:ok')).toEqual([slowTraces[0]]);
    expect(await traces('!has:user.id')).toEqual([...slowTraces, streamTrace].sort());
    expect(await traces('http.method:POST OR user.id:u2')).toEqual(
      [...slowTraces, streamTrace, fastTraces[1] ?? ''].sort(),
    );
    expect(await traces('(user.id:u1 OR transaction.status:internal_error) transaction.op:http*')).toEqual(
      [fastTraces[0], fastTraces[2], slowTraces[1]].sort(),
    );
    // Free text is the transaction's name.
    expect(await traces('slow')).toEqual([...slowTraces, streamTrace].sort());
  });

  it('sorts by any selected field or function and pages with the Link header', async () => {
    const first = await events(['trace', 'transaction.duration'], {
      sort: 'transaction.duration',
      per_page: '4',
    });
    const firstRows = (first.json as Table).data;
    expect(firstRows).toHaveLength(4);
    expect(
      firstRows
        .slice(0, 3)
        .map((r) => r.trace)
        .sort(),
    ).toEqual([...fastTraces].sort());
    expect(first.headers.link).toContain('rel="next"; results="true"; cursor="4:1:0"');
    const second = await events(['trace', 'transaction.duration'], {
      sort: 'transaction.duration',
      per_page: '4',
      cursor: '4:1:0',
    });
    expect((second.json as Table).data).toHaveLength(2);
    expect(second.headers.link).toContain('rel="next"; results="false"');
    const byCount = await table(['user', 'count()'], { sort: '-count()' });
    expect(byCount.data[0]).toEqual({ user: 'email:buyer@example.com', 'count()': 3 });
  });

  it('keeps to the period, the projects and the environments asked for', async () => {
    // `test` is an environment of the organization (the failing transaction's error names it).
    const count = async (params: Record<string, string>) =>
      (await table(['count()'], params)).data[0]?.['count()'];
    expect(await count({ statsPeriod: '1h' })).toBe(6);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const later = new Date(Date.now() + 7_200_000).toISOString();
    expect(await count({ start: future, end: later })).toBe(0);
    expect(await count({ environment: 'test' })).toBe(6);
    expect(await count({ query: 'environment:production' })).toBe(0);
    // As Sentry, an environment the organization does not have is not found.
    expect((await events(['count()'], { environment: 'production' })).status).toBe(404);
    const other = await events(['count()'], { project: '999' });
    expect(other.status).toBe(403);
  });

  it('answers metricsEnhanced from the same transactions, saying they are not metrics', async () => {
    const result = await table(
      ['transaction', 'count()', 'p95()'],
      { sort: 'transaction' },
      'metricsEnhanced',
    );
    expect(result.meta).toMatchObject({ dataset: 'metricsEnhanced', isMetricsData: false });
    const indexed = await table(['transaction', 'count()', 'p95()'], { sort: 'transaction' });
    expect(result.data).toEqual(indexed.data);
    expect(result.data.map((r) => r['count()'])).toEqual([3, 3]);
  });

  it("refuses what Sentry refuses, with Sentry's detail", async () => {
    const refused = async (fields: string[], params: Record<string, string> = {}) => {
      const reply = await events(fields, params);
      expect(reply.status, reply.body).toBe(400);
      return (reply.json as { detail: string }).detail;
    };
    expect(await refused(['avg(transaction.op)'])).toBe(
      'avg(transaction.op): column argument invalid: transaction.op is not a numeric column',
    );
    expect(await refused(['percentile(transaction.duration, 2)'])).toBe(
      'percentile(transaction.duration, 2): percentile argument invalid: 2 must be less than or equal to 1',
    );
    expect(await refused(['percentile(transaction.duration)'])).toBe(
      'percentile: expected 2 argument(s) but got 1 argument(s)',
    );
    expect(await refused(['apdex(fast)'])).toBe(
      'apdex(fast): satisfaction argument invalid: fast is not a number',
    );
    expect(await refused(['transaction', 'median(transaction.duration)'])).toBe(
      'median is not a valid function',
    );
    expect(await refused(['transaction'], { sort: '-count()' })).toBe(
      'Cannot sort by a field that is not selected.',
    );
    expect(await refused(['transaction'], { query: 'transaction.duration:>slow' })).toMatch(
      /compares numbers/,
    );
    expect(await refused(['transaction'], { query: 'OR slow' })).toMatch(
      /Condition is missing on the left side of 'OR' operator/,
    );
  });
});

describe('the transactions dataset over many items', () => {
  it('reads the newest items of a project and says when older ones were left unread', async () => {
    const many = await startCore(tempDir(), { httpRpc: true });
    try {
      const dsn = many.ctx.projects.defaultDsn(1) ?? '';
      await sendTransactionsWithSdk(dsn, 'static', [fast('u1')]);
      await many.ctx.pipeline.call('pipeline.drain', {});
      // Copies of the SDK's item, each received later under an event id of its own.
      const copy = many.ctx.db.prepare(
        `INSERT INTO item_store (project_id, type, received, event_id, trace_id, data)
         SELECT project_id, type, received + ?, ?, trace_id, data FROM item_store WHERE type = 'transaction' LIMIT 1`,
      );
      many.ctx.db.transaction(() => {
        for (let i = 1; i <= MAX_QUERY_ITEMS_SCANNED; i++) copy.run(i, i.toString(16).padStart(32, '0'));
      })();
      const reply = await sentryApiClient(() => many)(
        '/api/0/organizations/faultline/events/?dataset=transactions&field=count()&project=1',
      );
      const result = reply.json as Table;
      expect(result.meta.faultlinePartial).toBe(true);
      expect(result.data[0]?.['count()']).toBe(MAX_QUERY_ITEMS_SCANNED);
    } finally {
      await many.close();
    }
  }, 60_000);
});

describe('the transactions dataset at the edges of the range', () => {
  it('bounds transactions by their timestamp, the end: one begun before the range is in it, one ending after is not', async () => {
    const edges = await startCore(tempDir(), { httpRpc: true });
    try {
      const dsn = edges.ctx.projects.defaultDsn(1) ?? '';
      const long: SentTransaction = { name: 'GET /long', op: 'http.server', startedMsAgo: 90 * 60_000 };
      const traces = [
        ...(await sendTransactionsWithSdk(dsn, 'static', [long])),
        ...(await sendTransactionsWithSdk(dsn, 'stream', [long])),
      ];
      await edges.ctx.pipeline.call('pipeline.drain', {});
      const query = async (start: number, end: number) => {
        const search = new URLSearchParams({
          dataset: 'transactions',
          project: '1',
          start: new Date(start).toISOString(),
          end: new Date(end).toISOString(),
        });
        for (const field of ['trace', 'timestamp', 'precise.start_ts', 'transaction.duration'])
          search.append('field', field);
        const reply = await sentryApiClient(() => edges)(`/api/0/organizations/faultline/events/?${search}`);
        expect(reply.status, reply.body).toBe(200);
        return (reply.json as Table).data;
      };
      const now = Date.now();
      // The last hour: both began 90 minutes ago and ended in it.
      const lastHour = await query(now - 3_600_000, now + 60_000);
      expect(lastHour.map((row) => row.trace).sort()).toEqual([...traces].sort());
      for (const row of lastHour) {
        expect(Number(row['precise.start_ts']) * 1000).toBeLessThan(now - 3_600_000);
        expect(Date.parse(String(row.timestamp))).toBeGreaterThanOrEqual(now - 3_600_000);
        expect(Number(row['transaction.duration'])).toBeGreaterThanOrEqual(90 * 60_000);
      }
      // From two hours ago to half an hour ago: both began in it but ended after it.
      expect(await query(now - 7_200_000, now - 1_800_000)).toEqual([]);
    } finally {
      await edges.close();
    }
  }, 60_000);
});
