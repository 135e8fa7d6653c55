/**
 * Network Error Logging reports at `/api/{project}/nel/` (Relay's NEL endpoint): what a browser's
 * Reporting API posts to a site's `Report-To` URL (the key in its query) becomes Sentry logs with
 * Relay's message and attributes, shown by `logs.list` and counted as accepted; a wrong content
 * type is 415, a body that is no JSON 400, a missing key 401.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { callApi } from '../../support/core.ts';
import { outcomeTotals, request, startServer, type TestServer } from './helpers.ts';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Two reports as the Reporting API batches them: an HTTP error and a refused TCP connection. */
const REPORTS = [
  {
    age: 2000,
    type: 'network-error',
    url: 'https://shop.example.com:8443/checkout?step=2',
    user_agent: 'Mozilla/5.0',
    body: {
      elapsed_time: 312,
      method: 'POST',
      phase: 'application',
      protocol: 'h2',
      referrer: 'https://shop.example.com/cart',
      sampling_fraction: 1,
      server_ip: '203.0.113.7',
      status_code: 503,
      type: 'http.error',
    },
  },
  {
    age: 0,
    type: 'network-error',
    url: 'https://api.example.com/v1/items',
    user_agent: 'Mozilla/5.0',
    body: {
      elapsed_time: 48,
      method: 'GET',
      phase: 'connection',
      protocol: '',
      referrer: '',
      sampling_fraction: 0.5,
      server_ip: '',
      status_code: 0,
      type: 'tcp.refused',
    },
  },
  // Not a report: no body (Relay makes no log of it).
  { age: 0, type: 'network-error', url: 'https://example.com/' },
];

describe('NEL reports', () => {
  it('become info logs with the error type described and the report as attributes', async () => {
    server = await startServer();
    const before = Date.now();
    const reply = await request(
      `${server.core.url}/api/1/nel/?sentry_key=${server.publicKey}`,
      JSON.stringify(REPORTS),
      {
        headers: { 'content-type': 'application/reports+json' },
      },
    );
    expect(reply.status).toBe(200);
    await server.core.ctx.pipeline.call('pipeline.drain', {});
    const { logs } = await callApi(server.core, 'logs.list', { projectId: 1 });
    const byType = new Map(logs.map((log) => [log.attributes['nel.type'], log]));
    expect(logs).toHaveLength(2);
    const http = byType.get('http.error');
    expect(http).toMatchObject({ level: 'info', body: 'The response arrived with status code 503' });
    expect(http?.attributes).toMatchObject({
      'sentry.origin': 'auto.http.browser_reports.nel',
      'url.full': 'https://shop.example.com:8443/checkout?step=2',
      'url.domain': 'shop.example.com',
      'http.request.method': 'POST',
      'http.response.status_code': 503,
      'http.request.duration': 312,
      'http.request.header.referer': 'https://shop.example.com/cart',
      'network.protocol': 'h2',
      'server.address': '203.0.113.7',
      'nel.phase': 'application',
    });
    // Its time is the report's age before it was received.
    expect(http?.timestamp).toBeGreaterThanOrEqual(before - 2000 - 1);
    expect(http?.timestamp).toBeLessThan(Date.now() - 1500);
    expect(byType.get('tcp.refused')).toMatchObject({ body: 'The server refused the TCP connection' });
    expect(byType.get('tcp.refused')?.attributes).toMatchObject({
      'url.domain': 'api.example.com',
      'nel.sampling_fraction': 0.5,
    });
    expect(await outcomeTotals(server)).toMatchObject({ 'accepted log_item': 2 });
  });

  it('takes application/json too; refuses other types with 415, no JSON with 400, no key with 401', async () => {
    server = await startServer();
    const url = `${server.core.url}/api/1/nel?sentry_key=${server.publicKey}`;
    const json = { headers: { 'content-type': 'application/json' } };
    expect((await request(url, JSON.stringify(REPORTS[1]), json)).status).toBe(200);
    expect(
      (await request(url, JSON.stringify(REPORTS), { headers: { 'content-type': 'text/plain' } })).status,
    ).toBe(415);
    const garbage = await request(url, '[{"age":', json);
    expect(garbage.status).toBe(400);
    expect(garbage.json()).toMatchObject({ detail: 'invalid NEL report' });
    expect((await request(`${server.core.url}/api/1/nel/`, JSON.stringify(REPORTS), json)).status).toBe(401);
    await server.core.ctx.pipeline.call('pipeline.drain', {});
    expect((await callApi(server.core, 'logs.list', { projectId: 1 })).logs).toHaveLength(1);
  });
});
