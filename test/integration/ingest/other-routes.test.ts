/**
 * The routes besides `/envelope/`: store (and legacy `/api/store/`), minidump, security reports,
 * standalone attachments and Spotlight's `/stream`. Each turns its request into an envelope in
 * the queue.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartBody } from '../../support/http.ts';
import { CORPUS_DIR, itemTypes, queuedEnvelopes, request, startServer, type TestServer } from './helpers.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

const newId = () => crypto.randomUUID().replaceAll('-', '');
const authHeader = () => ({
  'x-sentry-auth': `Sentry sentry_key=${server.publicKey}, sentry_version=7, sentry_client=raven-python/6.10.0`,
});
const queuedFor = (eventId: string) => queuedEnvelopes(server).find(({ row }) => row.eventId === eventId);

const MINIDUMP = Buffer.concat([
  Buffer.from('MDMP'),
  Buffer.from([0x93, 0xa7, 0, 0, 10, 13, 0, 0xff]),
  Buffer.alloc(64, 7),
]);

describe('store endpoint', () => {
  it('queues a JSON event as an envelope with one event item and answers its id', async () => {
    const id = newId();
    const event = JSON.stringify({ event_id: id, message: 'from store', platform: 'python' });
    const reply = await request(`${server.core.url}/api/1/store/`, event, { headers: authHeader() });
    expect(reply.status).toBe(200);
    expect(reply.json()).toEqual({ id });
    const queued = queuedFor(id)!;
    expect(queued.row.route).toBe('store');
    expect(itemTypes(queued.envelope)).toEqual(['event']);
    expect(queued.envelope.items[0]!.payload.toString()).toBe(event);
  });

  it('accepts base64(zlib(json)) bodies and the legacy /api/store/ route', async () => {
    const id = newId();
    const body = zlib
      .deflateSync(Buffer.from(JSON.stringify({ event_id: id, message: 'compressed' })))
      .toString('base64');
    const reply = await request(`${server.core.url}/api/store/`, body, { headers: authHeader() });
    expect(reply.status).toBe(200);
    expect(JSON.parse(queuedFor(id)!.envelope.items[0]!.payload.toString()).message).toBe('compressed');
  });

  it('repairs NaN and Infinity from Python clients', async () => {
    const id = newId();
    const body = `{"event_id":"${id}","extra":{"a":NaN,"b":-Infinity,"c":"NaN stays"}}`;
    const reply = await request(`${server.core.url}/api/1/store/`, body, { headers: authHeader() });
    expect(reply.status).toBe(200);
    const event = JSON.parse(queuedFor(id)!.envelope.items[0]!.payload.toString());
    expect(event.extra).toEqual({ a: 0, b: 0, c: 'NaN stays' });
  });

  it('queues transactions as transaction items, and envelopes when the content type says so', async () => {
    const id = newId();
    await request(`${server.core.url}/api/1/store/`, JSON.stringify({ event_id: id, type: 'transaction' }), {
      headers: authHeader(),
    });
    expect(itemTypes(queuedFor(id)!.envelope)).toEqual(['transaction']);
    const envelopeId = newId();
    const reply = await request(
      `${server.core.url}/api/1/store/`,
      `{"event_id":"${envelopeId}"}\n{"type":"event"}\n{}`,
      {
        headers: { ...authHeader(), 'content-type': 'application/x-sentry-envelope' },
      },
    );
    expect(reply.json()).toEqual({ id: envelopeId });
  });

  it('answers 400 to invalid JSON, 401 without auth, and a GIF to GET ?sentry_data=', async () => {
    expect(
      (await request(`${server.core.url}/api/1/store/`, '{"oops', { headers: authHeader() })).status,
    ).toBe(400);
    expect((await request(`${server.core.url}/api/1/store/`, '{}')).status).toBe(401);
    const data = encodeURIComponent(JSON.stringify({ message: 'beacon' }));
    const gif = await request(
      `${server.core.url}/api/1/store/?sentry_key=${server.publicKey}&sentry_data=${data}`,
      undefined,
      {
        method: 'GET',
      },
    );
    expect(gif.status).toBe(200);
    expect(gif.headers['content-type']).toBe('image/gif');
    expect(gif.body.subarray(0, 6).toString()).toBe('GIF89a');
  });

  it('limits store bodies to max_event_size, also when compressed (413)', async () => {
    const bomb = zlib.gzipSync(
      Buffer.concat([Buffer.from('{"a":"'), Buffer.alloc(3 * 1024 * 1024, 'a'), Buffer.from('"}')]),
    );
    const reply = await request(`${server.core.url}/api/1/store/`, bomb, {
      headers: { ...authHeader(), 'content-encoding': 'gzip' },
    });
    expect(reply.status).toBe(413);
  });
});

describe('minidump endpoint', () => {
  const url = () => `${server.core.url}/api/1/minidump/?sentry_key=${server.publicKey}`;

  it('accepts a Crashpad multipart upload and answers the event id as a hyphenated UUID in plain text', async () => {
    const id = newId();
    const boundary = '----crashpad-boundary-1234';
    const body = multipartBody(boundary, [
      { name: 'sentry', data: JSON.stringify({ event_id: id, release: 'app@1.0.0' }) },
      { name: 'prod', data: 'Electron' },
      {
        name: 'upload_file_minidump',
        filename: 'crash.dmp',
        type: 'application/octet-stream',
        data: MINIDUMP,
      },
      { name: 'log', filename: 'app.log', type: 'text/plain', data: 'line 1\r\n--not a boundary\r\n' },
    ]);
    const reply = await request(url(), body, {
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^text\/plain/);
    expect(reply.text.replaceAll('-', '')).toBe(id);
    expect(reply.text).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const { envelope, row } = queuedFor(id)!;
    expect(row.route).toBe('minidump');
    const dump = envelope.items.find((item) => item.headers.attachment_type === 'event.minidump')!;
    expect(dump.payload.equals(MINIDUMP)).toBe(true);
    expect(dump.headers.filename).toBe('crash.dmp');
    const log = envelope.items.find((item) => item.headers.filename === 'app.log')!;
    expect(log.payload.toString()).toBe('line 1\r\n--not a boundary\r\n');
    // The fields, the `sentry` event JSON among them, as one form_data item (the pipeline merges them).
    const form = new URLSearchParams(
      envelope.items.find((item) => item.headers.type === 'form_data')!.payload.toString(),
    );
    expect([...form.keys()]).toEqual(['sentry', 'prod']);
    expect(JSON.parse(form.get('sentry')!)).toEqual({ event_id: id, release: 'app@1.0.0' });
    expect(form.get('prod')).toBe('Electron');
    expect(envelope.items.some((item) => item.headers.type === 'event')).toBe(false);
  });

  it('accepts a raw or gzip-wrapped dump body, and rejects what is not a minidump', async () => {
    const raw = await request(url(), MINIDUMP, { headers: { 'content-type': 'application/octet-stream' } });
    expect(raw.status).toBe(200);
    const gz = await request(url(), zlib.gzipSync(MINIDUMP), {
      headers: { 'content-type': 'application/x-dmp' },
    });
    expect(gz.status).toBe(200);
    const id = gz.text.replaceAll('-', '');
    expect(queuedFor(id)!.envelope.items[0]!.payload.equals(MINIDUMP)).toBe(true);
    const notDump = await request(url(), Buffer.from('hello world'), {
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(notDump.status).toBe(400);
    expect(notDump.json()).toMatchObject({ detail: 'invalid minidump' });
    const boundary = 'b';
    const missing = await request(
      url(),
      multipartBody(boundary, [{ name: 'other', filename: 'x', data: MINIDUMP }]),
      {
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      },
    );
    expect(missing.status).toBe(400);
  });

  it("names the dump as Relay does: a raw body 'Minidump', an uploaded file without its container extension", async () => {
    const raw = await request(url(), MINIDUMP, { headers: { 'content-type': 'application/x-dmp' } });
    expect(raw.status).toBe(200);
    expect(queuedFor(raw.text.replaceAll('-', ''))!.envelope.items[0]!.headers.filename).toBe('Minidump');
    const boundary = 'crashpad-names';
    const names: Array<[string, Buffer, string]> = [
      ['dump.dmp.gz', zlib.gzipSync(MINIDUMP), 'dump.dmp'],
      ['dump.dmp.zst', zlib.zstdCompressSync(MINIDUMP), 'dump.dmp'],
      // Only the last extension goes, and only a container's.
      ['crash.gz.gz', zlib.gzipSync(MINIDUMP), 'crash.gz'],
      ['crash.dmp', MINIDUMP, 'crash.dmp'],
    ];
    for (const [filename, data, stored] of names) {
      const reply = await request(
        url(),
        multipartBody(boundary, [{ name: 'upload_file_minidump', filename, data }]),
        { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } },
      );
      expect(reply.status, filename).toBe(200);
      const { envelope } = queuedFor(reply.text.replaceAll('-', ''))!;
      const dump = envelope.items.find((item) => item.headers.attachment_type === 'event.minidump')!;
      expect(dump.headers.filename, filename).toBe(stored);
      expect(dump.payload.equals(MINIDUMP), filename).toBe(true);
    }
  });

  it('takes the dump out of a multipart body nested in the minidump field, as old Linux Electron SDKs send it', async () => {
    const inner = multipartBody('inner-boundary-42', [
      { name: 'upload_file_minidump', filename: 'm.dmp', type: 'application/octet-stream', data: MINIDUMP },
    ]);
    const boundary = 'outer-boundary';
    const body = multipartBody(boundary, [
      { name: 'prod', data: 'Electron' },
      { name: 'upload_file_minidump', filename: 'crash.dmp', data: inner },
    ]);
    const reply = await request(url(), body, {
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(reply.status, reply.text).toBe(200);
    const { envelope } = queuedFor(reply.text.replaceAll('-', ''))!;
    const dump = envelope.items.find((item) => item.headers.attachment_type === 'event.minidump')!;
    expect(dump.payload.equals(MINIDUMP)).toBe(true);
    expect(dump.headers.filename).toBe('crash.dmp');

    // A nested body whose own parts hold no dump is still no minidump.
    const noDump = multipartBody(boundary, [
      {
        name: 'upload_file_minidump',
        filename: 'crash.dmp',
        data: multipartBody('inner', [{ name: 'other', filename: 'x', data: MINIDUMP }]),
      },
    ]);
    const refused = await request(url(), noDump, {
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(refused.status).toBe(400);
    expect(refused.json()).toMatchObject({ detail: 'invalid minidump' });
  });
});

describe('security report endpoint', () => {
  const hasCorpus = fs.existsSync(path.join(CORPUS_DIR, 'relay', 'csp.input.json'));
  if (!hasCorpus) console.warn('[ingest tests] security report corpus missing: CSP fixture tests skipped');

  it.skipIf(!hasCorpus)(
    "accepts Relay's CSP, Expect-CT, Expect-Staple and HPKP fixtures with 200",
    async () => {
      for (const file of [
        'csp.input.json',
        'csp_chrome.input.json',
        'expect_ct.input.json',
        'expect_staple.input.json',
        'hpkp.input.json',
      ]) {
        const body = fs.readFileSync(path.join(CORPUS_DIR, 'relay', file));
        const route = file.startsWith('csp') ? 'csp-report' : 'security';
        const url = `${server.core.url}/api/1/${route}/?sentry_key=${server.publicKey}&sentry_release=web@2&sentry_environment=prod`;
        const reply = await request(url, body, { headers: { 'content-type': 'application/csp-report' } });
        expect(reply.status, file).toBe(200);
      }
      const last = queuedEnvelopes(server).at(-1)!;
      expect(last.row.route).toBe('security');
      expect(last.envelope.items[0]!.headers).toMatchObject({
        type: 'raw_security',
        sentry_release: 'web@2',
        sentry_environment: 'prod',
      });
    },
  );

  it('answers 415 to a report with another content type', async () => {
    const reply = await request(`${server.core.url}/api/1/security/?sentry_key=${server.publicKey}`, '{}', {
      headers: { 'content-type': 'text/plain' },
    });
    expect(reply.status).toBe(415);
  });
});

describe('attachments endpoint', () => {
  it('queues every file part as an attachment of the event and answers 201', async () => {
    const id = newId();
    const boundary = 'xyz';
    const body = multipartBody(boundary, [
      {
        name: 'a',
        filename: 'screenshot.png',
        type: 'image/png',
        data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 10]),
      },
      { name: 'b', filename: 'notes.txt', data: 'notes' },
    ]);
    const url = `${server.core.url}/api/1/events/${id}/attachments/?sentry_key=${server.publicKey}`;
    const reply = await request(url, body, {
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(reply.status).toBe(201);
    const { envelope } = queuedFor(id)!;
    expect(envelope.items.map((item) => item.headers.filename)).toEqual(['screenshot.png', 'notes.txt']);
    expect(envelope.items[0]!.headers.content_type).toBe('image/png');
  });
});

describe("Spotlight's /stream", () => {
  it('takes an envelope without any auth into project 1, and answers preflights', async () => {
    const id = newId();
    const reply = await request(`${server.core.url}/stream`, `{"event_id":"${id}"}\n{"type":"event"}\n{}`, {
      headers: { 'content-type': 'application/x-sentry-envelope' },
    });
    expect(reply.status).toBe(200);
    expect(queuedFor(id)!.row).toMatchObject({ projectId: 1, keyId: null, route: 'stream' });
    const preflight = await request(`${server.core.url}/stream`, undefined, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
  });
});
