/**
 * `insights.requests` and `insights.requestDomain` over stored items of every shape the Requests page
 * reads: `transaction` items whose child spans say their status in `data` or (older SDKs) in a tag,
 * and a span v2 container whose request names its URL only in attributes. The period bounds what is
 * counted, time spent is self time, and the table sorts and searches.
 */
import { describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { encodeNode } from '../../../src-main/core/store/nodestore.ts';
import { callApi, coreForEachTest } from '../../support/core.ts';

const MINUTE = 60_000;
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

interface Request {
  description: string;
  startMs: number;
  ms: number;
  data?: Record<string, unknown>;
  tags?: Record<string, string>;
  /** A child span covering this many ms from its start (time not its own). */
  childMs?: number;
}

function storeTransaction(core: Core, n: number, name: string, at: number, requests: Request[]): void {
  const trace = { trace_id: hex(n, 32), span_id: hex(n, 16) };
  const spans = requests.flatMap((request, i) => {
    const spanId = hex(n * 100 + i + 1, 16);
    const span = {
      span_id: spanId,
      parent_span_id: trace.span_id,
      op: 'http.client',
      description: request.description,
      start_timestamp: request.startMs / 1000,
      timestamp: (request.startMs + request.ms) / 1000,
      ...(request.data ? { data: request.data } : {}),
      ...(request.tags ? { tags: request.tags } : {}),
    };
    const child = request.childMs && {
      span_id: hex(n * 100 + i + 51, 16),
      parent_span_id: spanId,
      op: 'tls.connect',
      start_timestamp: request.startMs / 1000,
      timestamp: (request.startMs + request.childMs) / 1000,
    };
    return child ? [span, child] : [span];
  });
  const body = {
    transaction: name,
    start_timestamp: at / 1000,
    timestamp: (at + 500) / 1000,
    contexts: { trace: { ...trace, op: 'http.server' } },
    spans: [
      ...spans,
      // Not outbound requests: left out.
      { span_id: hex(n * 100 + 99, 16), op: 'db', description: 'SELECT 1', start_timestamp: at / 1000 },
      { span_id: hex(n * 100 + 98, 16), op: 'http.server', description: 'GET https://example.org/in' },
    ],
  };
  core.ctx.db
    .prepare(
      "INSERT INTO item_store (project_id, type, received, event_id, data) VALUES (1, 'transaction', ?, ?, ?)",
    )
    .run(at + 1_000, hex(n, 32), encodeNode({ headers: { type: 'transaction' }, body }));
}

function storeStreamed(core: Core, at: number): void {
  const traceId = hex(77, 32);
  const attrs = (values: Record<string, string | number>) =>
    Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v, type: typeof v }]));
  const items = [
    {
      trace_id: traceId,
      span_id: hex(7700, 16),
      is_segment: true,
      name: 'POST /refund',
      start_timestamp: at / 1000,
      end_timestamp: (at + 300) / 1000,
      attributes: attrs({ 'sentry.op': 'http.server' }),
    },
    {
      trace_id: traceId,
      span_id: hex(7701, 16),
      parent_span_id: hex(7700, 16),
      is_segment: false,
      name: 'POST',
      start_timestamp: (at + 10) / 1000,
      end_timestamp: (at + 50) / 1000,
      attributes: attrs({
        'sentry.op': 'http.client',
        'sentry.segment.id': hex(7700, 16),
        'sentry.segment.name': 'POST /refund',
        'http.request.method': 'POST',
        'url.full': 'https://api.stripe.com/v1/refunds',
        'http.response.status_code': 201,
      }),
    },
  ];
  core.ctx.db
    .prepare("INSERT INTO item_store (project_id, type, received, data) VALUES (1, 'span', ?, ?)")
    .run(at + 1_000, encodeNode({ headers: { type: 'span' }, body: { items } }));
}

describe('insights.requests over stored transactions and streamed spans', () => {
  const start = coreForEachTest();

  async function stored(): Promise<Core> {
    const core = await start();
    const now = Date.now();
    storeTransaction(core, 1, 'GET /old', now - 2 * 60 * MINUTE, [
      {
        description: 'GET https://example.org/x',
        startMs: now - 120 * MINUTE,
        ms: 50,
        data: { status_code: 503 },
      },
    ]);
    storeTransaction(core, 2, 'charge (old SDK)', now - 10 * MINUTE, [
      {
        description: 'POST https://api.stripe.com/v1/charges',
        startMs: now - 10 * MINUTE,
        ms: 100,
        childMs: 40,
        tags: { 'http.status_code': '500' },
      },
    ]);
    storeTransaction(core, 3, 'GET /checkout', now - 5 * MINUTE, [
      {
        description: 'GET https://hooks.stripe.com/a',
        startMs: now - 5 * MINUTE,
        ms: 20,
        data: { 'http.response.status_code': 200 },
      },
      {
        description: 'GET https://hooks.stripe.com/b',
        startMs: now - 5 * MINUTE + 20,
        ms: 30,
        data: { 'http.response.status_code': 200 },
      },
      {
        description: 'GET https://example.org/y',
        startMs: now - 5 * MINUTE + 50,
        ms: 10,
        data: { 'http.response.status_code': 301 },
      },
    ]);
    storeStreamed(core, now - MINUTE);
    return core;
  }

  it('groups requests by domain over the period, with shares of 3xx and 5xx and self time spent', async () => {
    const core = await stored();
    const day = await callApi(core, 'insights.requests', { projectId: 1, period: '24h' });
    expect(day.domains.map((d) => [d.domain, d.count, d.rate3xx, d.rate5xx, d.totalMs])).toEqual([
      // 60 (100 less its 40 ms child) + 20 + 30 + 40.
      ['*.stripe.com', 4, 0, 1 / 4, 150],
      ['example.org', 2, 1 / 2, 1 / 2, 60],
    ]);
    expect(day.domains[0]?.avgMs).toBeCloseTo(150 / 4, 9);
    expect(day.domains[1]?.perMinute).toBeCloseTo(2 / 1440, 12);

    const hour = await callApi(core, 'insights.requests', { projectId: 1, period: '1h' });
    expect(hour.domains.map((d) => [d.domain, d.count, d.rate3xx, d.rate5xx])).toEqual([
      ['*.stripe.com', 4, 0, 1 / 4],
      ['example.org', 1, 1, 0],
    ]);
    expect(hour.total).toBe(2);
  });

  it('sorts by each column, largest first, and searches the domain', async () => {
    const core = await stored();
    const order = async (sort: 'time' | 'rpm' | '3xx' | '5xx' | 'avg') =>
      (await callApi(core, 'insights.requests', { projectId: 1, sort })).domains.map((d) => d.domain);
    expect(await order('time')).toEqual(['*.stripe.com', 'example.org']);
    expect(await order('rpm')).toEqual(['*.stripe.com', 'example.org']);
    expect(await order('3xx')).toEqual(['example.org', '*.stripe.com']);
    expect(await order('5xx')).toEqual(['example.org', '*.stripe.com']);
    expect(await order('avg')).toEqual(['*.stripe.com', 'example.org']);
    const search = await callApi(core, 'insights.requests', { projectId: 1, query: 'STRIPE' });
    expect(search.domains.map((d) => d.domain)).toEqual(['*.stripe.com']);
    const none = await callApi(core, 'insights.requests', { projectId: 2 });
    expect(none).toEqual({ domains: [], total: 0, partial: false });
  });

  it('opens a domain onto its transactions, status codes and newest samples, streamed ones too', async () => {
    const core = await stored();
    const detail = await callApi(core, 'insights.requestDomain', { projectId: 1, domain: '*.stripe.com' });
    expect(detail.summary).toMatchObject({ domain: '*.stripe.com', count: 4, totalMs: 150 });
    expect(detail.statusCodes).toEqual([
      { statusCode: 200, count: 2 },
      { statusCode: 201, count: 1 },
      { statusCode: 500, count: 1 },
    ]);
    expect(detail.transactions.map((t) => [t.transaction, t.count, t.rate5xx, t.totalMs])).toEqual([
      ['charge (old SDK)', 1, 1, 60],
      ['GET /checkout', 2, 0, 50],
      ['POST /refund', 1, 0, 40],
    ]);
    expect(
      detail.samples.map((s) => [s.description, s.url, s.statusCode, s.durationMs, s.transaction]),
    ).toEqual([
      ['POST', 'https://api.stripe.com/v1/refunds', 201, 40, 'POST /refund'],
      ['GET https://hooks.stripe.com/b', null, 200, 30, 'GET /checkout'],
      ['GET https://hooks.stripe.com/a', null, 200, 20, 'GET /checkout'],
      // Its duration, not its self time.
      ['POST https://api.stripe.com/v1/charges', null, 500, 100, 'charge (old SDK)'],
    ]);
    expect(detail.samples[0]).toMatchObject({ traceId: hex(77, 32), transactionSpanId: hex(7700, 16) });
    expect(detail.samples[3]).toMatchObject({ traceId: hex(2, 32), transactionSpanId: hex(2, 16) });

    const one = await callApi(core, 'insights.requestDomain', {
      projectId: 1,
      domain: '*.stripe.com',
      transaction: 'GET /checkout',
    });
    expect(one.samples.map((s) => s.description)).toEqual([
      'GET https://hooks.stripe.com/b',
      'GET https://hooks.stripe.com/a',
    ]);
    const unknown = await callApi(core, 'insights.requestDomain', { projectId: 1, domain: 'nowhere.test' });
    expect(unknown).toEqual({
      summary: null,
      statusCodes: [],
      transactions: [],
      samples: [],
      partial: false,
    });
  });

  it('answers a bad period with a clear error', async () => {
    const core = await start();
    await expect(callApi(core, 'insights.requests', { projectId: 1, period: '2h' } as never)).rejects.toThrow(
      /period/,
    );
  });
});
