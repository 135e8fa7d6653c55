/**
 * Sentry's Large HTTP Payload issue detected in what the real @sentry/node 11 SDK sends: `node:http`
 * requests to a loopback server answering JSON bodies with a Content-Length, which the SDK's HTTP
 * instrumentation records on the `http.client` span as `http.response.body.size` (the newer name
 * of Sentry's `http.response_content_length`). Requests to one endpoint with different ids make one
 * issue, whichever transaction made them; small or quick answers make none. The SDK's `fetch`
 * instrumentation records no body size, so a large `fetch` makes none. (Streamed, the SDK names the
 * span `GET <host>` and keeps the URL in `url.full`: Sentry's detector, reading the description,
 * skips it, and so does Faultline's.)
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import type { IssueSummary } from '../../../src-shared/issues-api.ts';
import type { PerformanceEvidence } from '../../../src-shared/performance-issues.ts';
import { callApi, startCore } from '../../support/core.ts';
import { sendRequestsWithSdk } from '../../support/transactions.ts';

/** The body size and delay of each path: `/reports/…` over Sentry's 300,000 bytes and 100 ms. */
function answer(url: string): { bytes: number; delayMs: number } {
  if (url.startsWith('/reports/') || url.startsWith('/fetched/')) return { bytes: 400_000, delayMs: 150 };
  if (url.startsWith('/small/')) return { bytes: 300_000, delayMs: 150 };
  return { bytes: 400_000, delayMs: 0 };
}

describe('Large HTTP payload issues from @sentry/node requests', () => {
  let core: Core;
  let server: http.Server;
  let origin = '';
  let issues: IssueSummary[] = [];

  beforeAll(async () => {
    core = await startCore();
    server = http.createServer((req, res) => {
      const { bytes, delayMs } = answer(req.url ?? '/');
      const body = Buffer.from(JSON.stringify({ rows: 'x'.repeat(bytes - 12) }));
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
        res.end(body);
      }, delayMs);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const dsn = core.ctx.projects.list()[0]?.keys[0]?.dsn ?? '';
    const get = (path: string, via: 'http' | 'fetch' = 'http') => ({ url: `${origin}${path}`, via });
    await sendRequestsWithSdk(dsn, 'static', [
      { name: 'export report', requests: [get('/reports/17')] },
      { name: 'export another', requests: [get('/reports/42')] },
      // Exactly 300,000 bytes, a quick answer, and a fetch (no size recorded): no issue.
      { name: 'export small', requests: [get('/small/1')] },
      { name: 'export quick', requests: [get('/quick/1')] },
      { name: 'export fetched', requests: [get('/fetched/1', 'fetch')] },
    ]);
    await core.ctx.pipeline.call('pipeline.drain', {});
    issues = (await callApi(core, 'issues.list', { projectId: 1, query: 'issue.category:performance' }))
      .issues;
  }, 90_000);

  afterAll(async () => {
    await core?.close();
    server?.close();
  });

  it('makes one Large HTTP payload issue of the two requests to /reports/*, and nothing else', async () => {
    expect(issues.map((issue) => [issue.issueType, issue.title])).toEqual([
      ['performance_large_http_payload', 'Large HTTP payload'],
    ]);
    const [issue] = issues;
    expect(issue?.count).toBe(2);
    expect(issue?.priority).toBe('low');
    expect(['export report', 'export another']).toContain(issue?.culprit);
  });

  it('shows the request as the offending span, with its duration', async () => {
    const event = await callApi(core, 'events.get', { groupId: issues[0]?.id ?? 0, eventId: 'latest' });
    const evidence = (event.event.occurrence as { evidenceData: PerformanceEvidence }).evidenceData;
    expect(evidence.op).toBe('http');
    expect(evidence.offenderSpans).toHaveLength(1);
    expect(evidence.offenderSpans[0]?.op).toBe('http.client');
    expect(evidence.offenderSpans[0]?.description).toMatch(
      /^GET http:\/\/127\.0\.0\.1:\d+\/reports\/(17|42)$/,
    );
    expect(evidence.offenderSpans[0]?.durationMs).toBeGreaterThanOrEqual(100);
  });

  it('finds the issue by its type', async () => {
    const found = await callApi(core, 'issues.list', {
      projectId: 1,
      query: 'issue.type:performance_large_http_payload',
    });
    expect(found.issues.map((issue) => issue.id)).toEqual([issues[0]?.id]);
  });
});
