/**
 * The events endpoint on the `spans` and `logs` (`ourlogs`) datasets, on a real core fed by the real
 * @sentry/node 11 SDK (a `transaction` item and SDK 11's streamed spans; structured logs), asked as
 * Sentry's MCP server (`search_events`) asks it: its default fields and its examples' fields, sorts
 * and aggregates, with Sentry's `{data, meta: {fields, units}}` shape, and Sentry's 400s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { startCore } from '../../support/core.ts';
import { sendLogsWithSdk } from '../../support/logs.ts';
import { tempDir } from '../../support/serve.ts';
import { sendTransactionsWithSdk } from '../../support/transactions.ts';
import { sentryApiClient } from './api-client.ts';

let core: Core;
let staticTrace: string;
let streamTrace: string;
const api = sentryApiClient(() => core);

type Row = Record<string, unknown>;
interface Table {
  data: Row[];
  meta: { fields: Record<string, string>; units: Record<string, string | null>; dataset: string };
}

/** The MCP server's request: `field` repeated, the project by id, the rest as given. */
async function events(dataset: string, fields: string[], params: Record<string, string> = {}) {
  const search = new URLSearchParams({ dataset, per_page: '10', project: '1', ...params });
  for (const field of fields) search.append('field', field);
  return api(`/api/0/organizations/faultline/events/?${search}`);
}

async function table(dataset: string, fields: string[], params: Record<string, string> = {}): Promise<Table> {
  const reply = await events(dataset, fields, params);
  expect(reply.status, reply.body).toBe(200);
  return reply.json as Table;
}

const SPAN_FIELDS = [
  'id',
  'span.op',
  'span.description',
  'span.duration',
  'transaction',
  'timestamp',
  'project',
  'trace',
  'transaction.span_id',
];
const LOG_FIELDS = [
  'sentry.item_id',
  'project.id',
  'trace',
  'severity_number',
  'severity',
  'timestamp',
  'tags[sentry.timestamp_precise,number]',
  'sentry.observed_timestamp_nanos',
  'message',
];

beforeAll(async () => {
  core = await startCore(tempDir(), { httpRpc: true });
  const dsn = core.ctx.projects.defaultDsn(1) ?? '';
  [staticTrace = ''] = await sendTransactionsWithSdk(dsn, 'static', [
    {
      name: 'GET /orders',
      op: 'http.server',
      children: [
        { name: 'SELECT * FROM orders', op: 'db', ms: 40, attributes: { 'db.system': 'postgresql' } },
        { name: 'render orders', op: 'ui.render', ms: 10 },
      ],
    },
  ]);
  [streamTrace = ''] = await sendTransactionsWithSdk(dsn, 'stream', [
    {
      name: 'POST /checkout',
      op: 'http.server',
      children: [
        { name: 'INSERT INTO orders', op: 'db', ms: 60, attributes: { 'db.system': 'postgresql' } },
        { name: 'charge card', op: 'http.client', ms: 20 },
      ],
    },
  ]);
  await sendLogsWithSdk(dsn, [
    [
      { level: 'info', message: 'user signed in', attributes: { 'user.id': '7' } },
      { level: 'warn', message: 'memory usage high', attributes: { heap_mb: 900 } },
    ],
    [
      { level: 'error', message: 'database connection lost' },
      { level: 'warn', message: 'memory usage still high', attributes: { heap_mb: 1100 } },
    ],
  ]);
  await core.ctx.pipeline.call('pipeline.drain', {});
}, 90_000);
afterAll(() => core?.close());

describe('the spans dataset', () => {
  it("answers the MCP server's default span fields, slowest first, from transaction items and streamed spans", async () => {
    const result = await table('spans', SPAN_FIELDS, { sort: '-span.duration', statsPeriod: '14d' });
    expect(result.meta.dataset).toBe('spans');
    expect(result.meta.fields).toMatchObject({
      'span.duration': 'duration',
      timestamp: 'date',
      'span.op': 'string',
      trace: 'string',
    });
    expect(result.meta.units['span.duration']).toBe('millisecond');
    const rows = result.data;
    // Two transactions (root spans) and their four child spans.
    expect(rows).toHaveLength(6);
    const durations = rows.map((r) => r['span.duration'] as number);
    expect([...durations].sort((a, b) => b - a)).toEqual(durations);
    const insert = rows.find((r) => r['span.description'] === 'INSERT INTO orders');
    expect(insert).toMatchObject({
      'span.op': 'db',
      transaction: 'POST /checkout',
      project: 'default',
      trace: streamTrace,
      id: expect.stringMatching(/^[0-9a-f]{16}$/),
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*\+00:00$/),
    });
    expect(insert?.['span.duration']).toBeGreaterThanOrEqual(59);
    const select = rows.find((r) => r['span.description'] === 'SELECT * FROM orders');
    expect(select).toMatchObject({ transaction: 'GET /orders', trace: staticTrace });
    const root = rows.find((r) => r['span.description'] === 'GET /orders');
    expect(select?.['transaction.span_id']).toBe(root?.id);
  });

  it('searches by attribute, duration with a unit, wildcard, negation and free text', async () => {
    const names = async (query: string) =>
      (await table('spans', ['span.description'], { query })).data.map((r) => r['span.description']).sort();
    expect(await names('has:db.system AND span.duration:>50')).toEqual(['INSERT INTO orders']);
    expect(await names('db.system:postgresql span.duration:<0.05s')).toEqual(['SELECT * FROM orders']);
    expect(await names('span.op:http*')).toEqual(['GET /orders', 'POST /checkout', 'charge card'].sort());
    expect(await names('!span.op:http* !span.op:db')).toEqual(['render orders']);
    expect(await names('is_transaction:true transaction:"POST /checkout"')).toEqual(['POST /checkout']);
    expect(await names('orders')).toEqual([
      'GET /orders',
      'INSERT INTO orders',
      'SELECT * FROM orders',
      'render orders',
    ]);
    expect(await names(`trace:${staticTrace} span.op:db`)).toEqual(['SELECT * FROM orders']);
  });

  it("joins terms with OR, AND and parentheses as Sentry's Explore does, AND binding tighter", async () => {
    const names = async (query: string) =>
      (await table('spans', ['span.description'], { query })).data.map((r) => r['span.description']).sort();
    expect(await names('span.op:db OR render')).toEqual([
      'INSERT INTO orders',
      'SELECT * FROM orders',
      'render orders',
    ]);
    // db, or (checkout and http) — not (db or checkout) and http.
    expect(await names('span.op:db OR checkout span.op:http*')).toEqual(
      ['INSERT INTO orders', 'POST /checkout', 'SELECT * FROM orders'].sort(),
    );
    expect(await names('(span.op:db OR orders) !span.op:db')).toEqual(['GET /orders', 'render orders']);
  });

  it("aggregates as the MCP server's 'average response time by endpoint', grouping by the other fields", async () => {
    const result = await table(
      'spans',
      ['transaction', 'count()', 'avg(span.duration)', 'p95(span.duration)', 'max(span.duration)'],
      { query: 'has:db.system', sort: '-avg(span.duration)' },
    );
    expect(result.meta.fields).toMatchObject({ 'count()': 'integer', 'avg(span.duration)': 'duration' });
    expect(result.meta.units).toMatchObject({ 'avg(span.duration)': 'millisecond', 'count()': null });
    expect(result.data.map((r) => [r.transaction, r['count()']])).toEqual([
      ['POST /checkout', 1],
      ['GET /orders', 1],
    ]);
    const [checkout] = result.data;
    expect(checkout?.['avg(span.duration)']).toBe(checkout?.['p95(span.duration)']);
    expect(checkout?.['avg(span.duration)']).toBe(checkout?.['max(span.duration)']);
    const ops = await table('spans', ['span.op', 'count()', 'count_unique(transaction)'], {
      sort: '-count()',
    });
    expect(ops.data[0]).toEqual({ 'span.op': 'http.server', 'count()': 2, 'count_unique(transaction)': 2 });
  });

  it("gives each span its self time, its transaction's environment and release, and its transaction's op", async () => {
    const result = await table(
      'spans',
      ['span.description', 'span.duration', 'span.self_time', 'environment', 'release', 'transaction.op'],
      { query: 'span.description:*orders*' },
    );
    const byName = Object.fromEntries(result.data.map((r) => [r['span.description'], r]));
    for (const row of result.data)
      expect(row).toMatchObject({
        environment: 'test',
        release: 'traces-test@1.0.0',
        'transaction.op': 'http.server',
      });
    // GET /orders ran its two children (40 and 10 ms) one after the other: its own time is the rest.
    const root = byName['GET /orders'] ?? {};
    expect(root['span.self_time']).toBeCloseTo((root['span.duration'] as number) - 50, 0);
    const select = byName['SELECT * FROM orders'] ?? {};
    expect(select['span.self_time']).toBe(select['span.duration']);
    expect(result.meta.units['span.self_time']).toBe('millisecond');
  });

  it('pages with the Link header', async () => {
    const first = await events('spans', ['id', 'span.duration'], { sort: 'span.duration', per_page: '4' });
    expect((first.json as Table).data).toHaveLength(4);
    expect(first.headers.link).toContain('rel="next"; results="true"; cursor="4:1:0"');
    const second = await events('spans', ['id'], { per_page: '4', cursor: '4:1:0' });
    expect((second.json as Table).data).toHaveLength(2);
    expect(second.headers.link).toContain('rel="next"; results="false"');
  });
});

describe('the logs dataset', () => {
  it("answers the MCP server's default log fields under `ourlogs`, newest first", async () => {
    const result = await table('ourlogs', LOG_FIELDS, { statsPeriod: '24h', sort: '-timestamp' });
    expect(result.meta.fields).toMatchObject({
      severity_number: 'integer',
      timestamp: 'date',
      message: 'string',
      'tags[sentry.timestamp_precise,number]': 'number',
    });
    expect(result.data.map((r) => r.message)).toEqual([
      'memory usage still high',
      'database connection lost',
      'memory usage high',
      'user signed in',
    ]);
    const [newest] = result.data;
    expect(newest).toMatchObject({ severity: 'warn', severity_number: 13, 'project.id': 1 });
    expect(new Set(result.data.map((r) => r['sentry.item_id'])).size).toBe(4);
    expect(Date.parse(String(newest?.timestamp)) * 1e6).toBeCloseTo(
      newest?.['tags[sentry.timestamp_precise,number]'] as number,
      -7,
    );
  });

  it("searches as the MCP server's examples do, with the Logs page's levels and attributes", async () => {
    const messages = async (query: string, dataset = 'logs') =>
      (await table(dataset, ['message'], { query })).data.map((r) => r.message).sort();
    expect(await messages('severity:warning AND message:"*memory*"')).toEqual([
      'memory usage high',
      'memory usage still high',
    ]);
    expect(await messages('heap_mb:>1000', 'ourlogs')).toEqual(['memory usage still high']);
    expect(await messages('database !severity:warn project:default')).toEqual(['database connection lost']);
    expect(await messages('project:other')).toEqual([]);
    expect(await messages('database OR signed')).toEqual(['database connection lost', 'user signed in']);
    expect(await messages('(database OR memory) severity:warning')).toEqual([
      'memory usage high',
      'memory usage still high',
    ]);
    // The row's own keys join the tree as any other term.
    expect(await messages('project:other OR signed')).toEqual(['user signed in']);
  });

  it('counts logs by severity', async () => {
    const result = await table('ourlogs', ['severity', 'count()', 'avg(severity_number)'], {
      sort: '-count()',
    });
    expect(result.data[0]).toEqual({ severity: 'warn', 'count()': 2, 'avg(severity_number)': 13 });
    expect(result.data).toHaveLength(3);
    expect(result.meta.fields['avg(severity_number)']).toBe('number');
  });
});

describe('the Explore datasets refuse what Sentry refuses', () => {
  it("answers 400 with Sentry's detail", async () => {
    const refused = async (dataset: string, fields: string[], params: Record<string, string> = {}) => {
      const reply = await events(dataset, fields, params);
      expect(reply.status, reply.body).toBe(400);
      return (reply.json as { detail: string }).detail;
    };
    expect(await refused('spans', ['avg(span.op)'])).toMatch(/^span\.op is invalid for parameter 1 in avg/);
    expect(await refused('spans', ['span.op', 'median(span.duration)'])).toBe(
      'median is not a valid function',
    );
    expect(await refused('logs', ['message'], { sort: '-count()' })).toBe(
      'Cannot sort by a field that is not selected.',
    );
    expect(await refused('spans', ['span op'])).toBe('Could not parse span op');
    expect(await refused('spans', ['span.op'], { query: 'span.op:db OR (span.op:http' })).toMatch(
      /unmatched parentheses/,
    );
    expect(await refused('ourlogs', ['message'], { query: 'OR database' })).toMatch(
      /Condition is missing on the left side of 'OR' operator/,
    );
    expect(await refused('spans', ['span.op'], { query: 'span.duration:>fast' })).toMatch(/compares numbers/);
    expect(await refused('ourlogs', ['message'], { query: 'severity_number:>loud' })).toMatch(
      /compares numbers/,
    );
  });
});
