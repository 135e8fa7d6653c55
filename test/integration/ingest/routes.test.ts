/**
 * The ingest HTTP surface as SDKs and browsers see it: routes, auth, CORS, replies, limits and
 * the durable queue behind them, on a real server.
 */
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  envelopeUrl,
  itemTypes,
  queuedEnvelopes,
  queuedRows,
  request,
  startServer,
  type TestServer,
} from './helpers.ts';

const EVENT_ID = '9ec79c33ec9942ab8353589fcb2e04dc';
const eventEnvelope = (eventId = EVENT_ID) =>
  `{"event_id":"${eventId}","sent_at":"${new Date().toISOString()}"}\n{"type":"event"}\n{"message":"hello","level":"error"}`;
const sessionEnvelope = '{}\n{"type":"session"}\n{"sid":"abc","status":"ok","attrs":{"release":"r@1"}}\n';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

function outcomes() {
  return server.core.ctx.outcomes.list({ projectId: 1 });
}

describe('routing', () => {
  it('accepts an event envelope with 200 {"id"} and queues it byte for byte', async () => {
    const body = eventEnvelope(crypto.randomUUID().replaceAll('-', ''));
    const reply = await request(envelopeUrl(server), body);
    expect(reply.status).toBe(200);
    const { id } = reply.json() as { id: string };
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    const row = queuedRows(server).find((r) => r.eventId === id)!;
    expect(row.envelope.toString()).toBe(body);
    expect(row.route).toBe('envelope');
    expect(row.sentryClient).toBe('test/1.0');
  });

  it('answers {} for an envelope without an event id, and folds duplicate slashes', async () => {
    const url = envelopeUrl(server).replace('/api/1/envelope/', '//api//1//envelope/');
    const reply = await request(url, sessionEnvelope);
    expect(reply.status).toBe(200);
    expect(reply.json()).toEqual({});
  });

  it('generates an event id for an event without one and writes it into the queued envelope header', async () => {
    const reply = await request(envelopeUrl(server), '{}\n{"type":"event"}\n{"message":"no id"}');
    const { id } = reply.json() as { id: string };
    const queued = queuedEnvelopes(server).find(({ row }) => row.eventId === id)!;
    expect(queued.envelope.headers.event_id).toBe(id);
    expect(queued.envelope.items[0]!.payload.toString()).toBe('{"message":"no id"}');
  });

  it('accepts a header-only envelope with 200 and queues nothing', async () => {
    const before = queuedRows(server).length;
    const reply = await request(envelopeUrl(server), `{"event_id":"${EVENT_ID}"}`);
    expect(reply.status).toBe(200);
    expect(reply.json()).toEqual({ id: EVENT_ID });
    expect(queuedRows(server).length).toBe(before);
  });

  it('answers 405 to other methods, 400 to a non-numeric project and leaves other paths alone', async () => {
    expect((await request(envelopeUrl(server), undefined, { method: 'GET' })).status).toBe(405);
    const bad = await request(
      `${server.core.url}/api/abc/envelope/?sentry_key=${server.publicKey}`,
      eventEnvelope(),
    );
    expect(bad.status).toBe(400);
    expect(bad.json()).toEqual({ detail: 'bad project path' });
    expect((await request(`${server.core.url}/api/1/nothing-here/`, 'x')).status).toBe(404);
  });
});

describe('CORS, as Relay answers it', () => {
  it('answers a preflight with the allowed methods, headers and max-age', async () => {
    const reply = await request(envelopeUrl(server), undefined, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:3000',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-sentry-auth',
      },
    });
    expect(reply.status).toBe(200);
    expect(reply.headers['access-control-allow-origin']).toBe('*');
    expect(reply.headers['access-control-allow-methods']).toBe('POST');
    expect(reply.headers['access-control-allow-headers']).toContain('x-sentry-auth');
    expect(reply.headers['access-control-allow-headers']).toContain('content-encoding');
    expect(reply.headers['access-control-max-age']).toBe('3600');
  });

  it('puts Allow-Origin and the exposed rate-limit headers on every reply, errors included', async () => {
    for (const [body, status] of [
      [eventEnvelope(), 200],
      ['not an envelope', 400],
    ] as const) {
      const reply = await request(envelopeUrl(server), body, {
        headers: { origin: 'http://localhost:3000' },
      });
      expect(reply.status).toBe(status);
      expect(reply.headers['access-control-allow-origin']).toBe('*');
      expect(reply.headers['access-control-expose-headers']).toBe(
        'x-sentry-error,x-sentry-rate-limits,retry-after',
      );
    }
  });

  it('treats OPTIONS without Access-Control-Request-Method as a plain request (405)', async () => {
    expect((await request(envelopeUrl(server), undefined, { method: 'OPTIONS' })).status).toBe(405);
  });
});

describe('authentication', () => {
  const url = () => `${server.core.url}/api/1/envelope/`;
  const auth = (key: string) => `Sentry sentry_key=${key}, sentry_version=7, sentry_client=test/1.0`;

  it('accepts the key from X-Sentry-Auth, Authorization: Sentry, Authorization: Basic or the envelope dsn', async () => {
    const key = server.publicKey;
    const basic = `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
    for (const headers of [
      { 'x-sentry-auth': auth(key) },
      { authorization: auth(key) },
      { authorization: basic },
    ]) {
      expect((await request(url(), eventEnvelope(), { headers })).status).toBe(200);
    }
    const withDsn = `{"event_id":"${EVENT_ID}","dsn":"${server.dsn}"}\n{"type":"event"}\n{}`;
    expect((await request(url(), withDsn)).status).toBe(200);
  });

  it('answers 401 with no key at all, or with two sources at once', async () => {
    const none = await request(url(), eventEnvelope());
    expect(none.status).toBe(401);
    expect(none.json()).toEqual({ detail: 'missing authorization information' });
    const two = await request(envelopeUrl(server), eventEnvelope(), {
      headers: { 'x-sentry-auth': auth(server.publicKey) },
    });
    expect(two.status).toBe(401);
    expect(two.json()).toEqual({ detail: 'multiple authorization payloads detected' });
    const badDsn = await request(url(), '{"dsn":"not a dsn"}\n{"type":"event"}\n{}');
    expect(badDsn.status).toBe(401);
  });

  it('answers 403 for an unknown key, a disabled key, or a key of another project', async () => {
    const unknown = await request(envelopeUrl(server, 1, 'f'.repeat(32)), eventEnvelope());
    expect(unknown.status).toBe(403);
    expect((unknown.json() as { detail: string }).detail).toMatch(/^event submission rejected with_reason: /);

    const db = server.core.ctx.db;
    db.prepare(
      "INSERT OR IGNORE INTO projects (id, slug, name, created_at) VALUES (2, 'other', 'Other', 0)",
    ).run();
    const disabled = 'd'.repeat(32);
    db.prepare(
      'INSERT INTO project_keys (project_id, public_key, is_active, created_at) VALUES (1, ?, 0, 0)',
    ).run(disabled);
    expect((await request(envelopeUrl(server, 1, disabled), eventEnvelope())).status).toBe(403);
    expect((await request(envelopeUrl(server, 2), eventEnvelope())).status).toBe(403);
  });

  it('answers 400 for sentry_version above 7, and for an envelope dsn that contradicts the request', async () => {
    const v8 = await request(`${url()}?sentry_key=${server.publicKey}&sentry_version=8`, eventEnvelope());
    expect(v8.status).toBe(400);
    expect((v8.json() as { detail: string }).detail).toBe('unsupported protocol version (8)');
    const mismatch = `{"dsn":"http://${'e'.repeat(32)}@localhost/1"}\n{"type":"event"}\n{}`;
    const reply = await request(envelopeUrl(server), mismatch);
    expect(reply.status).toBe(400);
    expect((reply.json() as { detail: string }).detail).toBe('invalid event envelope');
  });
});

describe('request bodies', () => {
  const body = Buffer.from(
    eventEnvelope('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1')
      .repeat(1)
      .replace('"hello"', `"${'x'.repeat(5000)}"`),
  );
  const encoders: Record<string, (data: Buffer) => Buffer> = {
    gzip: zlib.gzipSync,
    'x-gzip': zlib.gzipSync,
    deflate: zlib.deflateSync,
    br: zlib.brotliCompressSync,
    zstd: zlib.zstdCompressSync,
  };

  for (const [encoding, encode] of Object.entries(encoders)) {
    it(`decodes Content-Encoding: ${encoding} (chunked) and queues the decompressed envelope`, async () => {
      const before = queuedRows(server).length;
      const reply = await request(envelopeUrl(server), encode(body), {
        headers: { 'content-encoding': encoding },
        chunkSize: 97,
      });
      expect(reply.status).toBe(200);
      const rows = queuedRows(server).slice(before);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.envelope.equals(body)).toBe(true);
    });
  }

  it('ignores an empty Content-Encoding and `UTF-8` (sentry-ruby, old sentry-java)', async () => {
    for (const encoding of ['', 'UTF-8']) {
      expect(
        (await request(envelopeUrl(server), body, { headers: { 'content-encoding': encoding } })).status,
      ).toBe(200);
    }
  });

  it('answers 415 to an unknown encoding and 400 to a corrupt stream', async () => {
    const unknown = await request(envelopeUrl(server), body, { headers: { 'content-encoding': 'compress' } });
    expect(unknown.status).toBe(415);
    const corrupt = zlib.gzipSync(body).subarray(0, 40);
    const reply = await request(envelopeUrl(server), corrupt, { headers: { 'content-encoding': 'gzip' } });
    expect(reply.status).toBe(400);
    expect((reply.json() as { detail: string }).detail).toBe('failed to decompress request body');
  });

  it('answers 400 to an empty body and to bad framing, with Relay’s cause', async () => {
    const empty = await request(envelopeUrl(server), '');
    expect(empty.status).toBe(400);
    expect(empty.json()).toEqual({ detail: 'empty request body' });
    const junk = await request(envelopeUrl(server), `${eventEnvelope()}\n\n`);
    expect(junk.status).toBe(400);
    expect(junk.json()).toEqual({ detail: 'invalid event envelope', causes: ['unexpected end of file'] });
  });

  it('rejects Relay-internal `integration` items', async () => {
    const reply = await request(envelopeUrl(server), '{}\n{"type":"integration"}\n{}');
    expect(reply.status).toBe(400);
    expect(reply.json()).toEqual({
      detail: 'invalid event envelope',
      causes: ['envelope contains internal items'],
    });
  });

  it('rejects an envelope breaking an item rule with 413 and records invalid/too_large outcomes', async () => {
    const two = await request(envelopeUrl(server), `{}\n{"type":"event"}\n{}\n{"type":"transaction"}\n{}`);
    expect(two.status).toBe(413);
    expect(two.json()).toEqual({ detail: "envelope exceeded size limits for type 'transaction'" });
    const big = Buffer.alloc(101 * 1024, 'a');
    const checkIn = Buffer.concat([Buffer.from('{}\n{"type":"check_in"}\n'), big]);
    expect((await request(envelopeUrl(server), checkIn)).status).toBe(413);
    const rows = outcomes().filter((row) => row.outcome === 'invalid');
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ category: 'transaction', reason: 'too_large:transaction', quantity: 1 }),
        expect.objectContaining({ category: 'monitor', reason: 'too_large:check_in', quantity: 1 }),
      ]),
    );
  });

  it('never sends Retry-After or X-Sentry-Rate-Limits when no rate limit is configured', async () => {
    for (let i = 0; i < 5; i++) {
      const reply = await request(envelopeUrl(server), eventEnvelope());
      expect(reply.status).toBe(200);
      expect(reply.headers['retry-after']).toBeUndefined();
      expect(reply.headers['x-sentry-rate-limits']).toBeUndefined();
    }
  });
});

describe('client reports', () => {
  it('become client_discard outcomes and are not queued on their own', async () => {
    const before = queuedRows(server).length;
    const report = JSON.stringify({
      timestamp: Date.now() / 1000,
      discarded_events: [{ reason: 'queue_overflow', category: 'transaction', quantity: 3 }],
    });
    const reply = await request(envelopeUrl(server), `{}\n{"type":"client_report"}\n${report}`);
    expect(reply.status).toBe(200);
    expect(queuedRows(server).length).toBe(before);
    expect(outcomes()).toContainEqual(
      expect.objectContaining({
        outcome: 'client_discard',
        reason: 'queue_overflow',
        category: 'transaction',
        quantity: 3,
      }),
    );
  });

  it('count entries written as arrays, and what a Relay in front filtered, sampled or rate limited', async () => {
    const report = JSON.stringify({
      discarded_events: [['queue_full', 'profile', 42]],
      filtered_events: [{ reason: 'web-crawlers', category: 'error', quantity: 2 }],
      filtered_sampling_events: [
        { reason: 'Sampled:7,9', category: 'transaction', quantity: 5 },
        { reason: 'not a rule', category: 'transaction', quantity: 99 },
      ],
      rate_limited_events: [{ reason: 'key_quota', category: 'replay', quantity: 4 }],
    });
    const reply = await request(envelopeUrl(server), `{}\n{"type":"client_report"}\n${report}`);
    expect(reply.status).toBe(200);
    const rows = outcomes().map(({ outcome, reason, category, quantity }) => ({
      outcome,
      reason,
      category,
      quantity,
    }));
    expect(rows).toEqual(
      expect.arrayContaining([
        { outcome: 'client_discard', reason: 'queue_full', category: 'profile', quantity: 42 },
        { outcome: 'filtered', reason: 'web-crawlers', category: 'error', quantity: 2 },
        { outcome: 'filtered', reason: 'Sampled:7,9', category: 'transaction', quantity: 5 },
        { outcome: 'rate_limited', reason: 'key_quota', category: 'replay', quantity: 4 },
      ]),
    );
    expect(rows.find((row) => row.reason === 'not a rule')).toBeUndefined();
  });
});

describe('queued request metadata', () => {
  it('keeps project, key, client IP, user agent, origin and receive time next to the envelope', async () => {
    const id = crypto.randomUUID().replaceAll('-', '');
    const started = Date.now();
    await request(envelopeUrl(server), eventEnvelope(id), {
      headers: {
        'user-agent': 'probe/2',
        origin: 'http://app.localhost:5173',
        'x-forwarded-for': '10.1.2.3, 127.0.0.1',
      },
    });
    const row = queuedRows(server).find((r) => r.eventId === id)!;
    expect(row).toMatchObject({
      projectId: 1,
      userAgent: 'probe/2',
      origin: 'http://app.localhost:5173',
      clientIp: '10.1.2.3',
    });
    expect(row.keyId).toBe(server.core.ctx.projects.get(1)!.keys[0]!.id);
    expect(row.receivedAt).toBeGreaterThanOrEqual(started);
    expect(itemTypes(queuedEnvelopes(server).find(({ row: r }) => r.id === row.id)!.envelope)).toEqual([
      'event',
    ]);
  });
});
