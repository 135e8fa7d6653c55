/**
 * `insights.requests` and `insights.requestDomain` (the Requests page) through a real core, fed by the
 * real @sentry/node 11 SDK with tracing on, its transactions making outbound requests (`fetch` and
 * `node:http`) to two loopback servers on two ports answering 200, 302 and 503: each server is one
 * domain, whose requests, 3xx and 5xx shares and durations are those the servers answered, from
 * `transaction` items and streamed spans alike.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import type { RequestDomain } from '../../../src-shared/requests-api.ts';
import { callApi, startCore } from '../../support/core.ts';
import { type SentRequests, sendRequestsWithSdk } from '../../support/transactions.ts';

/** What each path answers, after how long. */
const ANSWERS: Record<string, { status: number; delayMs: number }> = {
  '/ok': { status: 200, delayMs: 30 },
  '/moved': { status: 302, delayMs: 10 },
  '/down': { status: 503, delayMs: 60 },
};

interface Loopback {
  server: http.Server;
  origin: string;
  domain: string;
  /** The status of each request it answered. */
  answered: number[];
}

async function loopback(): Promise<Loopback> {
  const answered: number[] = [];
  const server = http.createServer((req, res) => {
    const answer = ANSWERS[new URL(req.url ?? '/', 'http://x').pathname] ?? { status: 404, delayMs: 0 };
    setTimeout(() => {
      answered.push(answer.status);
      res.writeHead(answer.status, answer.status === 302 ? { location: '/ok' } : {});
      res.end('answer');
    }, answer.delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}`, domain: `127.0.0.1:${port}`, answered };
}

const share = (codes: number[], hundred: number) =>
  codes.filter((code) => Math.floor(code / 100) === hundred).length / codes.length;

describe('the Requests page’s data from @sentry/node’s outbound requests', () => {
  let core: Core;
  let a: Loopback;
  let b: Loopback;
  let traceIds: { sync: string; mail: string; checkout: string };
  const byDomain = (domains: RequestDomain[], domain: string) => domains.find((d) => d.domain === domain);

  beforeAll(async () => {
    core = await startCore();
    [a, b] = await Promise.all([loopback(), loopback()]);
    const dsn = core.ctx.projects.list()[0]?.keys[0]?.dsn ?? '';
    const get = (server: Loopback, path: string, via: 'fetch' | 'http') => ({
      url: server.origin + path,
      via,
    });
    const staticTransactions: SentRequests[] = [
      {
        name: 'sync users',
        requests: [
          get(a, '/ok', 'fetch'),
          get(a, '/ok', 'http'),
          get(a, '/moved', 'http'),
          get(a, '/down', 'fetch'),
          get(b, '/ok', 'fetch'),
        ],
      },
      { name: 'send mail', requests: [get(b, '/down', 'http'), get(b, '/ok', 'http')] },
    ];
    const [sync = '', mail = ''] = await sendRequestsWithSdk(dsn, 'static', staticTransactions);
    const [checkout = ''] = await sendRequestsWithSdk(dsn, 'stream', [
      { name: 'POST /checkout', requests: [get(a, '/down', 'fetch'), get(b, '/moved', 'fetch')] },
    ]);
    traceIds = { sync, mail, checkout };
    await core.ctx.pipeline.call('pipeline.drain', {});
  }, 60_000);

  afterAll(async () => {
    await core?.close();
    a?.server.close();
    b?.server.close();
  });

  it('lists one row per server, with the requests, 3xx and 5xx shares the servers answered', async () => {
    const result = await callApi(core, 'insights.requests', { projectId: 1 });
    expect(result.partial).toBe(false);
    expect(result.domains.map((d) => d.domain).sort()).toEqual([a.domain, b.domain].sort());
    for (const server of [a, b]) {
      const row = byDomain(result.domains, server.domain);
      expect(row?.count).toBe(server.answered.length);
      // Over the default period, the last 24 hours.
      expect(row?.perMinute).toBeCloseTo(server.answered.length / 1440, 9);
      expect(row?.rate3xx).toBeCloseTo(share(server.answered, 3), 9);
      expect(row?.rate5xx).toBeCloseTo(share(server.answered, 5), 9);
    }
    expect([a.answered.length, b.answered.length]).toEqual([5, 4]);
    expect(byDomain(result.domains, a.domain)?.rate5xx).toBeCloseTo(2 / 5, 9);
    // Server a answered more and slower: it spent the most time, the default order.
    expect(result.domains[0]?.domain).toBe(a.domain);
    const hour = await callApi(core, 'insights.requests', { projectId: 1, period: '1h' });
    expect(byDomain(hour.domains, b.domain)?.perMinute).toBeCloseTo(4 / 60, 9);
  });

  it('times each request at least as long as its server took to answer, averaged over the domain', async () => {
    for (const server of [a, b]) {
      const detail = await callApi(core, 'insights.requestDomain', { projectId: 1, domain: server.domain });
      expect(detail.samples).toHaveLength(server.answered.length);
      for (const sample of detail.samples) {
        const path = new URL(sample.url ?? '').pathname;
        const answer = ANSWERS[path];
        expect(sample.statusCode).toBe(answer?.status);
        // Timers fire no earlier than asked, give or take the clock's rounding.
        expect(sample.durationMs).toBeGreaterThanOrEqual((answer?.delayMs ?? 0) - 2);
        expect(sample.durationMs).toBeLessThan(10_000);
      }
      const total = detail.samples.reduce((sum, s) => sum + s.durationMs, 0);
      expect(detail.summary?.totalMs).toBeCloseTo(total, 6);
      expect(detail.summary?.avgMs).toBeCloseTo(total / server.answered.length, 6);
    }
  });

  it('opens a domain onto the transactions making its requests, its status codes and samples with their traces', async () => {
    const detail = await callApi(core, 'insights.requestDomain', { projectId: 1, domain: a.domain });
    expect(detail.statusCodes).toEqual([
      { statusCode: 200, count: 2 },
      { statusCode: 503, count: 2 },
      { statusCode: 302, count: 1 },
    ]);
    const sync = detail.transactions.find((t) => t.transaction === 'sync users');
    const checkout = detail.transactions.find((t) => t.transaction === 'POST /checkout');
    expect(detail.transactions).toHaveLength(2);
    expect([sync?.count, sync?.rate3xx, sync?.rate5xx]).toEqual([4, 1 / 4, 1 / 4]);
    expect([checkout?.count, checkout?.rate5xx]).toEqual([1, 1]);
    expect(sync?.perMinute).toBeCloseTo(4 / 1440, 9);

    // Newest first: the streamed transaction's request, then the static ones, each with its trace.
    expect(detail.samples[0]).toMatchObject({
      url: `${a.origin}/down`,
      statusCode: 503,
      traceId: traceIds.checkout,
      transaction: 'POST /checkout',
    });
    expect(new Set(detail.samples.slice(1).map((s) => s.traceId))).toEqual(new Set([traceIds.sync]));
    const { transactions } = await callApi(core, 'traces.get', { projectId: 1, traceId: traceIds.sync });
    expect(detail.samples[1]?.transactionSpanId).toBe(transactions[0]?.spanId);

    const mail = await callApi(core, 'insights.requestDomain', {
      projectId: 1,
      domain: b.domain,
      transaction: 'send mail',
    });
    expect(mail.samples.map((s) => [s.statusCode, s.traceId])).toEqual([
      [200, traceIds.mail],
      [503, traceIds.mail],
    ]);
  });
});
