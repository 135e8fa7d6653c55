/**
 * Project rate limits as Relay enforces a quota (`EnvelopeLimiter`): only the items the quota
 * applies to are dropped (an event's attachments with it), the rest of the envelope is queued and
 * the reply is still 429; client reports are never limited. Checked with plain HTTP and with the
 * real @sentry/node SDK, which must back off and report what it dropped.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RateLimitQuota } from '../../../src-main/core/ingest/rate-limits.ts';
import {
  envelopeUrl,
  itemTypes,
  outcomeTotals,
  queuedEnvelopes,
  request,
  runChild,
  startServer,
  type TestServer,
} from './helpers.ts';

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'node-sdk-attachments.ts');

const servers: TestServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function serverWithQuota(quota: Partial<RateLimitQuota>): Promise<TestServer> {
  const server = await startServer();
  servers.push(server);
  server.core.ctx.db
    .prepare('UPDATE projects SET options = ? WHERE id = 1')
    .run(JSON.stringify({ rateLimit: { window: 3600, ...quota } }));
  return server;
}

const EVENT_ID = 'a'.repeat(32);
const eventWithAttachment = [
  `{"event_id":"${EVENT_ID}"}`,
  '{"type":"event"}',
  '{"message":"limited attachment"}',
  '{"type":"attachment","length":5,"filename":"a.txt"}',
  'hello',
].join('\n');

describe('project rate limits', () => {
  it('drop only the items their categories name: the event is queued, the attachment counted rate_limited, the reply 429', async () => {
    const server = await serverWithQuota({ limit: 0, categories: ['attachment'] });
    const reply = await request(envelopeUrl(server), eventWithAttachment);
    expect(reply.status).toBe(429);
    expect(reply.headers['x-sentry-rate-limits']).toBe(
      `${reply.headers['retry-after']}:attachment:project:project_quota`,
    );
    const queued = queuedEnvelopes(server);
    expect(queued.map(({ envelope }) => itemTypes(envelope))).toEqual([['event']]);
    expect(queued[0]!.envelope.headers.event_id).toBe(EVENT_ID);
    expect(queued[0]!.envelope.items[0]!.payload.toString()).toBe('{"message":"limited attachment"}');
    expect(await outcomeTotals(server)).toEqual({
      'accepted error': 1,
      'rate_limited attachment:project_quota': 5,
      'rate_limited attachment_item:project_quota': 1,
    });
  });

  it('drop an event’s attachments with it', async () => {
    const server = await serverWithQuota({ limit: 0, categories: ['error'] });
    const reply = await request(envelopeUrl(server), eventWithAttachment);
    expect(reply.status).toBe(429);
    expect(queuedEnvelopes(server)).toEqual([]);
    expect(await outcomeTotals(server)).toEqual({
      'rate_limited error:project_quota': 1,
      'rate_limited attachment:project_quota': 5,
      'rate_limited attachment_item:project_quota': 1,
    });
  });

  it('never drop a client report riding in a limited envelope (sentry-python adds them to its envelopes)', async () => {
    const server = await serverWithQuota({ limit: 0 });
    const report = JSON.stringify({
      timestamp: Date.now() / 1000,
      discarded_events: [{ reason: 'before_send', category: 'error', quantity: 4 }],
    });
    const body = [
      `{"event_id":"${EVENT_ID}","sent_at":"${new Date().toISOString()}"}`,
      '{"type":"transaction","content_type":"application/json"}',
      '{"type":"transaction","transaction":"limited","start_timestamp":1,"timestamp":2}',
      '{"type":"client_report"}',
      report,
    ].join('\n');
    const reply = await request(envelopeUrl(server), body);
    expect(reply.status).toBe(429);
    expect(reply.headers['x-sentry-rate-limits']).toBe(
      `${reply.headers['retry-after']}::project:project_quota`,
    );
    expect(queuedEnvelopes(server)).toEqual([]);
    expect(await outcomeTotals(server)).toEqual({
      'rate_limited transaction:project_quota': 1,
      'client_discard error:before_send': 4,
    });
  });

  it('make @sentry/node back off the limited category only, and its client report says so', async () => {
    const server = await serverWithQuota({ limit: 0, categories: ['attachment'] });
    const result = await runChild(process.execPath, [FIXTURE, server.dsn, '3']);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; statusCode?: number; items?: string[] });
    const sends = lines.filter((line) => line.type === 'send');
    // The first reply limits attachments; the SDK then sends the errors without them (200).
    expect(sends[0]).toMatchObject({ items: ['event', 'attachment'], statusCode: 429 });
    expect(sends.filter((send) => send.items?.includes('event')).map((send) => send.statusCode)).toEqual([
      429, 200, 200,
    ]);
    const totals = await outcomeTotals(server);
    expect(totals).toMatchObject({
      'accepted error': 3,
      'rate_limited attachment:project_quota': 7,
      'rate_limited attachment_item:project_quota': 1,
    });
    expect(totals['client_discard attachment:ratelimit_backoff']).toBeGreaterThan(0);
    expect(totals['rate_limited error:project_quota']).toBeUndefined();
  });
});
