/**
 * The real @sentry/node 11 SDK against a real server: every kind of envelope it sends is accepted
 * (200, no rate-limit headers), lands in the durable queue, and the SDK drops nothing.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemTypes, queuedEnvelopes, runChild, startServer, type TestServer } from './helpers.ts';

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'node-sdk-client.ts');

interface SendLine {
  type: 'send';
  items: string[];
  statusCode: number | null;
  headers: Record<string, string | null>;
  error?: string;
}
interface DoneLine {
  type: 'done';
  ids: Record<string, string>;
  outcomes: unknown[];
}

async function runSdk(target: string, mode: 'stream' | 'static' | 'spotlight') {
  const result = await runChild(process.execPath, [FIXTURE, target, mode]);
  expect(result.code, result.stderr).toBe(0);
  const lines = result.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as SendLine | DoneLine);
  const sends = lines.filter((line): line is SendLine => line.type === 'send');
  const done = lines.find((line): line is DoneLine => line.type === 'done');
  if (!done) throw new Error(`the SDK fixture did not finish: ${result.stdout}\n${result.stderr}`);
  return { sends, done };
}

describe('@sentry/node 11 against the ingest endpoint', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  for (const mode of ['stream', 'static'] as const) {
    it(`accepts everything the SDK sends with traceLifecycle '${mode}', without rate-limiting anything`, async () => {
      const before = queuedEnvelopes(server).length;
      const { sends, done } = await runSdk(server.dsn, mode);

      expect(sends.length).toBeGreaterThanOrEqual(8);
      for (const send of sends) {
        expect(send.error).toBeUndefined();
        expect(send.statusCode).toBe(200);
        expect(send.headers['x-sentry-rate-limits'] ?? null).toBeNull();
        expect(send.headers['retry-after'] ?? null).toBeNull();
      }
      // The SDK recorded no dropped events (no ratelimit_backoff, send_error, …).
      expect(done.outcomes).toEqual([]);

      const queued = queuedEnvelopes(server).slice(before);
      expect(queued).toHaveLength(sends.length);
      const types = queued.map(({ envelope }) => itemTypes(envelope).join('+'));
      expect(types).toEqual(
        expect.arrayContaining([
          'event',
          'event+attachment+attachment',
          'session',
          'feedback',
          'check_in',
          'log',
        ]),
      );
      expect(types).toContain(mode === 'stream' ? 'span' : 'transaction');

      const byEventId = new Map(queued.map(({ row, envelope }) => [row.eventId, { row, envelope }]));
      for (const name of ['exception', 'message', 'attachment', 'large', 'feedback']) {
        expect(byEventId.has(done.ids[name]!), `${name} event in the queue`).toBe(true);
      }
      // The attachment bytes survive exactly (BOM, CRLF, NUL, 0xFF).
      const withAttachments = byEventId.get(done.ids.attachment!)!.envelope;
      const text = withAttachments.items.find((item) => item.headers.filename === 'hello.txt')!;
      expect(text.payload.toString('utf8')).toBe('\uFEFFHello\r\n');
      const blob = withAttachments.items.find((item) => item.headers.filename === 'blob.bin')!;
      expect([...blob.payload]).toEqual([0, 10, 13, 255, 10, 0]);
      // Over the SDK's 32 KiB threshold, so it went over the wire gzipped; queued decompressed.
      const large = byEventId.get(done.ids.large!)!;
      expect(large.row.envelope.length).toBeGreaterThan(32 * 1024);
      expect(large.row.envelope.subarray(0, 1).toString()).toBe('{');
      // Request metadata kept next to the envelope.
      expect(large.row.sentryClient).toMatch(/^sentry\.javascript\.node\/11\./);
      expect(large.row.userAgent).toMatch(/^sentry\.javascript\.node\/11\./);
      expect(large.row.clientIp).toBe('127.0.0.1');
      expect(large.row.keyId).not.toBeNull();
    });
  }

  it("ingests into project 1 through Spotlight's /stream when the SDK has no DSN (spotlight: url)", async () => {
    const before = queuedEnvelopes(server).length;
    const { done } = await runSdk(`${server.core.url}/stream`, 'spotlight');
    const queued = queuedEnvelopes(server).slice(before);
    const ids = queued.map(({ row }) => row.eventId);
    expect(ids).toContain(done.ids.exception);
    expect(ids).toContain(done.ids.message);
    for (const { row } of queued) {
      expect(row.route).toBe('stream');
      expect(row.projectId).toBe(1);
      expect(row.keyId).toBeNull();
    }
  });
});
