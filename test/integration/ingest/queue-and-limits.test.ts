/**
 * What the durable queue promises at the HTTP edge: a 200 means committed (group commit shared by
 * concurrent requests), and when the queue is full or a body is a bomb the endpoint refuses
 * instead of growing memory. Also project rate limits (429) and the queue/outcome API methods.
 * (Restart and draining are in test/unit/ingest/queue.test.ts, away from the running pipeline.)
 */
import http from 'node:http';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { envelopeUrl, queuedRows, request, startServer, type TestServer } from './helpers.ts';

const event = (i: number) =>
  `{"event_id":"${i.toString(16).padStart(32, '0')}"}\n{"type":"event"}\n{"message":"m${i}"}`;

const servers: TestServer[] = [];
async function start(...args: Parameters<typeof startServer>) {
  const server = await startServer(...args);
  servers.push(server);
  return server;
}
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

describe('the durable queue', () => {
  it('commits concurrent requests together (group commit) and acknowledges each only once committed', async () => {
    const server = await start();
    let commits = 0;
    server.core.ctx.ingestQueue.onCommit(() => {
      commits++;
    });
    const committedIds = () => new Set(server.committed.map((row) => row.eventId));
    const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
    const acknowledgedBeforeCommit: number[] = [];
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        request(envelopeUrl(server), event(i + 1), { agent }).then((reply) => {
          if (!committedIds().has((i + 1).toString(16).padStart(32, '0')))
            acknowledgedBeforeCommit.push(i + 1);
          return reply;
        }),
      ),
    );
    agent.destroy();
    expect(replies.every((reply) => reply.status === 200)).toBe(true);
    expect(acknowledgedBeforeCommit).toEqual([]);
    expect(queuedRows(server)).toHaveLength(200);
    expect(commits).toBeGreaterThan(0);
    expect(commits).toBeLessThan(100);
  });

  it('answers 503 once the queue would pass its bound, instead of growing', async () => {
    // 100 bytes of room: the pipeline may drain the queue meanwhile, but no envelope fits anyway.
    const server = await start({ ingest: { queue: { maxBytes: 100 } } });
    const small = '{}\n{"type":"session"}\n{}';
    expect((await request(envelopeUrl(server), small)).status).toBe(200);
    const statuses: number[] = [];
    for (let i = 1; i <= 2; i++)
      statuses.push((await request(envelopeUrl(server), event(i).padEnd(200, ' '))).status);
    expect(statuses).toEqual([503, 503]);
    const reply = await request(envelopeUrl(server), event(3).padEnd(200, ' '));
    expect(reply.json()).toEqual({
      detail: 'failed to queue envelope',
      causes: ['the ingest queue is full'],
    });
    expect(server.committed).toHaveLength(1);
    expect(server.core.ctx.outcomes.list()).toContainEqual(
      expect.objectContaining({ outcome: 'invalid', reason: 'queue_failed', category: 'error', quantity: 3 }),
    );
  });

  it('stops a decompression bomb at the limit: 413, without holding the inflated body', async () => {
    const server = await start({ ingest: { limits: { maxEnvelopeSize: 1024 * 1024 } } });
    const bomb = zlib.gzipSync(Buffer.alloc(256 * 1024 * 1024), { level: 9 });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    global.gc?.();
    const before = process.memoryUsage();
    const reply = await request(envelopeUrl(server), bomb, {
      headers: { 'content-encoding': 'gzip' },
      chunkSize: 64 * 1024,
    });
    const after = process.memoryUsage();
    expect(reply.status).toBe(413);
    expect(reply.headers.connection).toBe('close');
    // Holding the inflated body would take 256 MiB.
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(64 * 1024 * 1024);
    expect(after.rss - before.rss).toBeLessThan(128 * 1024 * 1024);
    expect(queuedRows(server)).toHaveLength(0);
  });

  it('rejects a plain body over the limit with 413 from its Content-Length', async () => {
    const server = await start({ ingest: { limits: { maxEnvelopeSize: 1000 } } });
    const reply = await request(envelopeUrl(server), Buffer.alloc(5000, 'a'));
    expect(reply.status).toBe(413);
    const chunked = await request(envelopeUrl(server), Buffer.alloc(5000, 'a'), { chunkSize: 512 });
    expect(chunked.status).toBe(413);
  });
});

describe('project rate limits', () => {
  it('answer 429 with Retry-After and X-Sentry-Rate-Limits in Relay’s format once the quota is used', async () => {
    const server = await start();
    server.core.ctx.db
      .prepare('UPDATE projects SET options = ? WHERE id = 1')
      .run(JSON.stringify({ rateLimit: { limit: 2, window: 3600 } }));
    const replies = [];
    for (let i = 1; i <= 3; i++) replies.push(await request(envelopeUrl(server), event(i)));
    expect(replies.map((reply) => reply.status)).toEqual([200, 200, 429]);
    expect(replies[0]!.headers['x-sentry-rate-limits']).toBeUndefined();
    const limited = replies[2]!;
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    // A limit naming no category counts each on its own, so only errors are announced as used up.
    expect(limited.headers['x-sentry-rate-limits']).toBe(`${retryAfter}:error:project:project_quota`);
    expect(server.core.ctx.outcomes.list()).toContainEqual(
      expect.objectContaining({
        outcome: 'rate_limited',
        reason: 'project_quota',
        category: 'error',
        quantity: 1,
      }),
    );
    // Minidumps are never answered 429: crash reporters would retry forever.
    const dump = Buffer.concat([Buffer.from('MDMP'), Buffer.alloc(32)]);
    const minidump = await request(
      `${server.core.url}/api/1/minidump/?sentry_key=${server.publicKey}`,
      dump,
      {
        headers: { 'content-type': 'application/octet-stream' },
      },
    );
    expect(minidump.status).toBe(200);
  });
});

describe('API methods', () => {
  it('queue.stats and outcomes.list answer over the HTTP RPC', async () => {
    const server = await start({ httpRpc: true });
    await request(envelopeUrl(server), event(1));
    await request(envelopeUrl(server), '{}\n{"type":"integration"}\n{}');
    const call = async (method: string, params: unknown) => {
      const reply = await request(`${server.core.url}/rpc/${method}`, JSON.stringify(params), {
        headers: { 'x-faultline-token': server.core.token!, 'content-type': 'application/json' },
      });
      return reply.json() as { result: unknown };
    };
    // The pipeline may already have drained the envelope: the total is what is certain.
    expect((await call('queue.stats', {})).result).toMatchObject({ enqueuedTotal: 1, maxRows: 100_000 });
    const rows = (
      await call('outcomes.list', { projectId: 1, since: new Date(Date.now() - 3600_000).toISOString() })
    ).result;
    expect(rows).toContainEqual(
      expect.objectContaining({ outcome: 'invalid', reason: 'internal_envelope', category: 'default' }),
    );
    const future = (await call('outcomes.list', { since: Date.now() + 7200_000 })).result;
    expect(future).toEqual([]);
  });
});
