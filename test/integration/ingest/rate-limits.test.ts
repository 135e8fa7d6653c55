/**
 * Project rate limits as Relay enforces a quota (`EnvelopeLimiter`, `RedisRateLimiter`): items
 * count by their data categories' quantities (log items, spans, attachment bytes …), only the
 * items the quota applies to are dropped (an event's attachments with it), the rest of the envelope
 * is queued and the reply is still 429; client reports are never limited. Checked with plain HTTP
 * and with the real @sentry/node SDK, which must back off and report what it dropped.
 */
import crypto from 'node:crypto';
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
const MIX_FIXTURE = path.join(import.meta.dirname, 'fixtures', 'node-sdk-mix.ts');

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

const now = () => new Date().toISOString();
const errorEnvelope = (message: string) =>
  [
    `{"event_id":"${crypto.randomUUID().replaceAll('-', '')}","sent_at":"${now()}"}`,
    '{"type":"event"}',
    `{"message":"${message}"}`,
  ].join('\n');
const transactionEnvelope = (childSpans: number) => {
  const spans = Array.from({ length: childSpans }, (_, i) => ({
    span_id: `${i}`.padStart(16, '0'),
    op: 'db',
  }));
  const payload = JSON.stringify({
    type: 'transaction',
    transaction: 'GET /',
    start_timestamp: 1,
    timestamp: 2,
    spans,
  });
  return [
    `{"event_id":"${crypto.randomUUID().replaceAll('-', '')}"}`,
    '{"type":"transaction"}',
    payload,
  ].join('\n');
};
const logEnvelope = (count: number) => {
  const items = Array.from({ length: count }, (_, i) => ({ timestamp: 1, level: 'info', body: `log ${i}` }));
  const payload = JSON.stringify({ items });
  return [
    '{}',
    `{"type":"log","item_count":${count},"content_type":"application/vnd.sentry.items.log+json"}`,
    payload,
  ].join('\n');
};

describe('project rate limits count quantities', () => {
  it('count a container of logs by its logs: 5 of a limit of 6 pass, 2 more are refused whole', async () => {
    const server = await serverWithQuota({ limit: 6, categories: ['log_item'] });
    expect((await request(envelopeUrl(server), logEnvelope(5))).status).toBe(200);
    const refused = await request(envelopeUrl(server), logEnvelope(2));
    expect(refused.status).toBe(429);
    expect(refused.headers['x-sentry-rate-limits']).toBe(
      `${refused.headers['retry-after']}:log_item:project:project_quota`,
    );
    // One more still fits: a refused request is not counted.
    expect((await request(envelopeUrl(server), logEnvelope(1))).status).toBe(200);
    const totals = await outcomeTotals(server);
    expect(totals['accepted log_item']).toBe(6);
    expect(totals['rate_limited log_item:project_quota']).toBe(2);
  });

  it('count attachments by their bytes, and a transaction by its spans as well', async () => {
    const server = await serverWithQuota({ limit: 8, categories: ['attachment', 'span'] });
    expect((await request(envelopeUrl(server), eventWithAttachment)).status).toBe(200);
    // 5 bytes used; 4 more do not fit, the event is queued without them.
    const reply = await request(
      envelopeUrl(server),
      eventWithAttachment.replace('"length":5', '"length":4').replace('hello', 'hell'),
    );
    expect(reply.status).toBe(429);
    expect(reply.headers['x-sentry-rate-limits']).toBe(
      `${reply.headers['retry-after']}:attachment:project:project_quota`,
    );
    // Spans count on their own counter: a transaction with 7 child spans is 8 spans, the next one 1 too many.
    expect((await request(envelopeUrl(server), transactionEnvelope(7))).status).toBe(200);
    const spans = await request(envelopeUrl(server), transactionEnvelope(0));
    expect(spans.status).toBe(429);
    expect(spans.headers['x-sentry-rate-limits']).toBe(
      `${spans.headers['retry-after']}:span:project:project_quota`,
    );
    expect(queuedEnvelopes(server).map(({ envelope }) => itemTypes(envelope))).toEqual([
      ['event', 'attachment'],
      ['event'],
      ['transaction'],
      // A span quota takes out span items, not a transaction.
      ['transaction'],
    ]);
    expect(await outcomeTotals(server)).toMatchObject({
      'accepted attachment': 5,
      'rate_limited attachment:project_quota': 4,
      'rate_limited attachment_item:project_quota': 1,
      'accepted transaction': 2,
      'accepted span': 9,
    });
  });

  it('give each category its own counter when the quota names none: errors do not use up transactions', async () => {
    const server = await serverWithQuota({ limit: 2, categories: [] });
    for (const message of ['one', 'two'])
      expect((await request(envelopeUrl(server), errorEnvelope(message))).status).toBe(200);
    expect((await request(envelopeUrl(server), transactionEnvelope(1))).status).toBe(200);
    const third = await request(envelopeUrl(server), errorEnvelope('three'));
    expect(third.status).toBe(429);
    // Only errors are announced, so SDKs keep sending everything else.
    expect(third.headers['x-sentry-rate-limits']).toBe(
      `${third.headers['retry-after']}:error:project:project_quota`,
    );
    expect(await outcomeTotals(server)).toMatchObject({
      'accepted error': 2,
      'accepted transaction': 1,
      'accepted span': 2,
      'rate_limited error:project_quota': 1,
    });
  });

  it('refuse what @sentry/node batches beyond a log limit, and leave its errors alone', async () => {
    const server = await serverWithQuota({ limit: 2, categories: ['log_item'] });
    const result = await runChild(process.execPath, [MIX_FIXTURE, server.dsn]);
    expect(result.code, result.stderr).toBe(0);
    const sends = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; statusCode?: number; items?: string[] })
      .filter((line) => line.type === 'send');
    // The SDK sends its 3 logs in one container: 3 log items, more than the limit of 2.
    expect(sends.find((send) => send.items?.includes('log'))?.statusCode).toBe(429);
    expect(
      sends.filter((send) => send.items?.includes('event')).every((send) => send.statusCode === 200),
    ).toBe(true);
    const totals = await outcomeTotals(server);
    expect(totals).toMatchObject({ 'accepted error': 4, 'rate_limited log_item:project_quota': 3 });
    expect(totals['accepted log_item']).toBeUndefined();
    expect(totals['rate_limited log_byte:project_quota']).toBeGreaterThan(0);
  });
});

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
      'rate_limited span:project_quota': 1,
      'client_discard error:before_send': 4,
    });
  });

  it('never answer 429 on the minidump route: a crash past the limit is answered with its id, dropped and counted rate_limited', async () => {
    const server = await serverWithQuota({ limit: 1, categories: ['error'] });
    const url = `${server.core.url}/api/1/minidump/?sentry_key=${server.publicKey}`;
    const dump = Buffer.concat([Buffer.from('MDMP'), Buffer.alloc(60, 7)]);
    const upload = () => request(url, dump, { headers: { 'content-type': 'application/octet-stream' } });
    expect((await upload()).status).toBe(200);
    // Crash reporters retry whatever is not a success, so the refusal is only told by its outcome.
    const limited = await upload();
    expect(limited.status).toBe(200);
    expect(limited.text).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(limited.headers['x-sentry-rate-limits']).toBeUndefined();
    expect(queuedEnvelopes(server)).toHaveLength(1);
    expect(await outcomeTotals(server)).toEqual({
      'accepted error': 1,
      'accepted attachment': 64,
      'accepted attachment_item': 1,
      'rate_limited error:project_quota': 1,
      'rate_limited attachment:project_quota': 64,
      'rate_limited attachment_item:project_quota': 1,
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
