/**
 * Property-based fuzzing of the HTTP surface on a real server: random bodies, encodings, paths and
 * auth never crash it or make it hang; every refusal is a 4xx (or 503) with a JSON `detail`;
 * memory stays bounded; and the server keeps answering valid envelopes afterwards.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_DIR, envelopeUrl, request, startServer, type TestServer } from './helpers.ts';

let server: TestServer;
let agent: http.Agent;
beforeAll(async () => {
  server = await startServer({
    ingest: { limits: { maxEnvelopeSize: 256 * 1024, maxEventSize: 64 * 1024 } },
  });
  agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
});
afterAll(async () => {
  agent.destroy();
  await server.close();
});

const corpus = fs.existsSync(CORPUS_DIR)
  ? fs
      .readdirSync(CORPUS_DIR)
      .filter((name) => name.endsWith('.envelope'))
      .map((name) => fs.readFileSync(path.join(CORPUS_DIR, name)))
  : [Buffer.from('{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc"}\n{"type":"event"}\n{"message":"x"}')];

const ENCODERS: Record<string, (data: Buffer) => Buffer> = {
  identity: (data) => data,
  gzip: (data) => zlib.gzipSync(data),
  deflate: (data) => zlib.deflateSync(data),
  br: (data) => zlib.brotliCompressSync(data),
  zstd: (data) => zlib.zstdCompressSync(data),
  'gzip-truncated': (data) => zlib.gzipSync(data).subarray(0, 20),
  bogus: (data) => data,
};

const body = fc.oneof(
  fc.uint8Array({ maxLength: 4000 }).map((bytes) => Buffer.from(bytes)),
  fc
    .tuple(fc.nat({ max: corpus.length - 1 }), fc.nat(), fc.uint8Array({ maxLength: 8 }))
    .map(([index, at, bytes]) => {
      const source = corpus[index]!;
      const position = at % (source.length + 1);
      return Buffer.concat([
        source.subarray(0, position),
        Buffer.from(bytes),
        source.subarray(position + bytes.length),
      ]);
    }),
  fc.nat({ max: corpus.length - 1 }).map((index) => corpus[index]!),
);

const route = fc.constantFrom(
  '/api/1/envelope/',
  '/api/1/store/',
  '/api/store/',
  '/api/1/minidump/',
  '/api/1/security/',
  '/api/1/events/9ec79c33ec9942ab8353589fcb2e04dc/attachments/',
  '/stream',
  '/api/2/envelope/',
  '/api/x/envelope/',
);

const authMode = fc.constantFrom('query', 'header', 'both', 'none', 'bad-key', 'version-9');
const contentType = fc.constantFrom(
  undefined,
  'text/plain;charset=UTF-8',
  'application/json',
  'application/x-sentry-envelope',
  'application/octet-stream',
  'multipart/form-data; boundary=b',
  'multipart/form-data',
);

function urlFor(routePath: string, mode: string): { url: string; headers: http.OutgoingHttpHeaders } {
  const key = mode === 'bad-key' ? 'f'.repeat(32) : server.publicKey;
  const version = mode === 'version-9' ? '9' : '7';
  const query =
    mode === 'query' || mode === 'both' || mode === 'bad-key' || mode === 'version-9'
      ? `?sentry_key=${key}&sentry_version=${version}`
      : '';
  const headers: http.OutgoingHttpHeaders =
    mode === 'header' || mode === 'both'
      ? { 'x-sentry-auth': `Sentry sentry_key=${key}, sentry_version=7` }
      : {};
  return { url: `${server.core.url}${routePath}${query}`, headers };
}

describe('fuzzing the HTTP surface', () => {
  it('answers every request with 200/201, a 4xx with a JSON reason, or 503; never 5xx otherwise', async () => {
    // What ingest itself could pile up: the JS heap and buffers (request bodies). Not RSS: the
    // pipeline's DuckDB, in this process, grows its cache (up to 320 MB) as accepted events arrive.
    const held = () => process.memoryUsage().heapUsed + process.memoryUsage().external;
    const heldBefore = held();
    await fc.assert(
      fc.asyncProperty(
        route,
        authMode,
        body,
        fc.constantFrom(...Object.keys(ENCODERS)),
        contentType,
        fc.boolean(),
        async (routePath, mode, raw, encoding, type, chunked) => {
          const { url, headers } = urlFor(routePath, mode);
          const encoded = ENCODERS[encoding]!(raw);
          if (encoding !== 'identity') headers['content-encoding'] = encoding.replace('-truncated', '');
          if (type) headers['content-type'] = type;
          const reply = await request(url, encoded, {
            headers,
            agent,
            ...(chunked ? { chunkSize: 333 } : {}),
          });
          expect([200, 201, 400, 401, 403, 405, 413, 415, 429, 503]).toContain(reply.status);
          if (reply.status >= 400) {
            const detail = (reply.json() as { detail?: unknown }).detail;
            expect(typeof detail).toBe('string');
            expect((detail as string).length).toBeGreaterThan(0);
          }
          expect(reply.headers['access-control-allow-origin']).toBe('*');
        },
      ),
      { numRuns: 400, interruptAfterTimeLimit: 45_000 },
    );
    // Bounded: a few hundred requests of at most 256 KiB each must not pile up in memory.
    expect(held() - heldBefore).toBeLessThan(200 * 1024 * 1024);
    const alive = await request(envelopeUrl(server), corpus[0]!, { agent });
    expect(alive.status).toBe(200);
  });

  it('answers garbage request lines and headers without taking the server down', async () => {
    const net = await import('node:net');
    const port = server.core.port;
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), async (garbage) => {
        await new Promise<void>((resolve) => {
          const socket = net.connect(port, '127.0.0.1', () => {
            socket.end(`POST /api/1/envelope/ HTTP/1.1\r\nHost: x\r\n${garbage}\r\n\r\n`);
          });
          socket.on('data', () => undefined);
          socket.on('error', () => resolve());
          socket.on('close', () => resolve());
          socket.setTimeout(2000, () => socket.destroy());
        });
      }),
      { numRuns: 100 },
    );
    expect((await request(envelopeUrl(server), corpus[0]!)).status).toBe(200);
  });
});
