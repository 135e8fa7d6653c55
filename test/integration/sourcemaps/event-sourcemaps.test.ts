/**
 * Source maps through a real core: events whose JavaScript frames point at a minified bundle on disk
 * and on a loopback dev server come back from `events.get` with the original file, line, function and
 * source, the minified frames as `raw_stacktrace`; what cannot be mapped says why in `errors`; the
 * stored event and its grouping keep the minified frames.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { Nodestore } from '../../../src-main/core/store/nodestore.ts';
import { startCore } from '../../support/core.ts';
import { APP_SOURCES, type BuiltApp, buildApp, framesOf, throwFromBundle } from '../../support/js-bundle.ts';
import { tempDir } from '../../support/serve.ts';
import {
  exceptionOf,
  framesIn,
  getEvent as get,
  type Json,
  sendPayload as send,
  sendJsError,
} from '../../support/sourcemap-events.ts';

let core: Core;
let app: BuiltApp;
let server: http.Server;
let origin = '';

/** The bundle's three frames as the map names them: file, function, line. */
const MAPPED = [
  ['../src/app.ts', 'buy', 8],
  ['../src/app.ts', 'checkout', 4],
  ['../src/util.ts', 'formatPrice', 3],
];

/** The original line that throws (src/util.ts, line 3). */
const THROW_LINE = APP_SOURCES['src/util.ts']?.split('\n')[2];

const sendEvent = (eventId: string, frames: Json[], timestamp?: number) =>
  sendJsError(core, eventId, frames, timestamp === undefined ? {} : { timestamp });
const sendPayload = (event: Json & { event_id: string }) => send(core, event);
const getEvent = (eventId: string) => get(core, eventId);

beforeAll(async () => {
  app = await buildApp(tempDir('faultline-maps-app-'));
  // A dev server on loopback serving dist/, the map named by a SourceMap header (no comment needed).
  server = http.createServer((request, response) => {
    const file = path.join(app.dir, 'dist', path.basename(request.url ?? ''));
    if (!fs.existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, file.endsWith('.js') ? { SourceMap: 'shop.js.map' } : {});
    response.end(fs.readFileSync(file, 'utf8').replace('//# sourceMappingURL=shop.js.map', ''));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  core = await startCore();
}, 60_000);

afterAll(async () => {
  await core?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe('events.get applies source maps to JavaScript frames', () => {
  it('frames of a bundle on disk get the original file, line, column, function and source lines', async () => {
    const frames = framesOf(await throwFromBundle(app, app.bundlePath), app.bundlePath);
    await sendEvent('a'.repeat(32), frames);
    const detail = await getEvent('a'.repeat(32));
    const exception = exceptionOf(detail);
    const mapped = framesIn(exception.stacktrace);
    expect(mapped.map((f) => [f.filename, f.abs_path, f.function, f.lineno])).toEqual([
      ['../src/app.ts', path.join(app.dir, 'src/app.ts'), 'buy', 8],
      ['../src/app.ts', path.join(app.dir, 'src/app.ts'), 'checkout', 4],
      ['../src/util.ts', path.join(app.dir, 'src/util.ts'), 'formatPrice', 3],
    ]);
    const top = mapped[2] ?? {};
    expect(top.context_line).toBe(THROW_LINE);
    expect(top.pre_context).toEqual([
      'export function formatPrice(cents: number): string {',
      '  if (cents < 0) {',
    ]);
    expect(top.colno).toBe(15);
    expect(top.data).toEqual({
      sourcemap: `${app.bundlePath}.map`,
      resolved_with: 'scraping',
      symbolicated: true,
    });
    // The minified frames, as Sentry keeps them: the bundle's line cut around the column.
    const raw = framesIn(exception.raw_stacktrace);
    expect(raw.map((f) => [f.function, f.abs_path, f.lineno])).toEqual(
      frames.map((f) => [f.function, f.abs_path, 1]),
    );
    expect(String(raw[2]?.context_line)).toContain('throw RangeError(`negative price: ');
    expect(detail.event.errors ?? []).toEqual([]);
  });

  it("a thread's stack (a message with attachStacktrace) is mapped too, its frames as sent kept for Minified", async () => {
    const frames = framesOf(await throwFromBundle(app, app.bundlePath), app.bundlePath);
    const eventId = '9'.repeat(32);
    await sendPayload({
      event_id: eventId,
      platform: 'javascript',
      timestamp: Date.now() / 1000,
      message: 'checkout went wrong',
      threads: { values: [{ id: 1, current: true, stacktrace: { frames } }] },
    });
    const detail = await getEvent(eventId);
    const thread = ((detail.event.threads as { values: Json[] }).values[0] ?? {}) as Json;
    expect(framesIn(thread.stacktrace).map((f) => [f.filename, f.function, f.lineno])).toEqual(MAPPED);
    expect(framesIn(thread.raw_stacktrace).map((f) => [f.function, f.abs_path])).toEqual(
      frames.map((f) => [f.function, f.abs_path]),
    );
    expect(detail.event.errors ?? []).toEqual([]);
  });

  it("an event's own stack trace (older SDKs' messages) is mapped, its frames as sent kept beside it", async () => {
    const frames = framesOf(await throwFromBundle(app, app.bundlePath), app.bundlePath);
    const eventId = '8'.repeat(32);
    await sendPayload({
      event_id: eventId,
      platform: 'javascript',
      timestamp: Date.now() / 1000,
      message: 'checkout went wrong',
      stacktrace: { frames },
    });
    const detail = await getEvent(eventId);
    expect(framesIn(detail.event.stacktrace).map((f) => [f.filename, f.function, f.lineno])).toEqual(MAPPED);
    expect(framesIn(detail.event.raw_stacktrace).map((f) => f.function)).toEqual(
      frames.map((f) => f.function),
    );
  });

  it('the stored event and its issue keep the minified frames (grouping is not redone)', async () => {
    const stored = new Nodestore(core.ctx.db).get(1, 'a'.repeat(32)) as Json;
    const frames = framesIn(exceptionOf({ event: stored }).stacktrace);
    expect(frames.map((f) => f.abs_path)).toEqual([app.bundlePath, app.bundlePath, app.bundlePath]);
    expect(exceptionOf({ event: stored }).raw_stacktrace).toBeUndefined();
  });

  it('frames of a bundle on a loopback dev server are mapped with the map its SourceMap header names', async () => {
    const url = `${origin}/shop.js`;
    const frames = framesOf(await throwFromBundle(app, url), url);
    await sendEvent('b'.repeat(32), frames);
    const exception = exceptionOf(await getEvent('b'.repeat(32)));
    const top = framesIn(exception.stacktrace).at(-1) ?? {};
    expect([top.abs_path, top.filename, top.function, top.lineno, top.module]).toEqual([
      `${origin}/src/util.ts`,
      '../src/util.ts',
      'formatPrice',
      3,
      'src/util',
    ]);
    expect(top.context_line).toBe(THROW_LINE);
    expect((top.data as Json).sourcemap).toBe(`${origin}/shop.js.map`);
  });

  it('a missing map leaves the frames minified and says why in the processing errors', async () => {
    const dir = tempDir('faultline-maps-nomap-');
    const bundle = path.join(dir, 'shop.js');
    fs.writeFileSync(bundle, app.code.replace('shop.js.map', 'gone.js.map'));
    const frames = framesOf(
      await throwFromBundle({ ...app, code: fs.readFileSync(bundle, 'utf8') }, bundle),
      bundle,
    );
    await sendEvent('c'.repeat(32), frames);
    const detail = await getEvent('c'.repeat(32));
    const exception = exceptionOf(detail);
    expect(framesIn(exception.stacktrace).map((f) => f.function)).toEqual(['Object.buy', 't', 'e']);
    expect(exception.raw_stacktrace).toBeUndefined();
    expect(detail.event.errors).toEqual([
      {
        type: 'js_no_source',
        url: path.join(dir, 'gone.js.map'),
        symbolicator_type: 'missing_sourcemap',
        value: 'no such file',
      },
    ]);
  });

  it('a bundle changed after the event is still mapped, with a note that the map may not fit anymore', async () => {
    const frames = framesOf(await throwFromBundle(app, app.bundlePath), app.bundlePath);
    await sendEvent('d'.repeat(32), frames, Date.now() / 1000 - 3600);
    const detail = await getEvent('d'.repeat(32));
    expect(framesIn(exceptionOf(detail).stacktrace).at(-1)?.function).toBe('formatPrice');
    expect(detail.event.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'js_file_changed', url: app.bundlePath })]),
    );
  });

  it('a bundle on another host is never fetched: the frame stays, the error says scraping is disabled', async () => {
    const frames = [
      {
        abs_path: 'https://cdn.example.com/shop.js',
        filename: 'shop.js',
        lineno: 1,
        colno: 40,
        function: 'e',
      },
    ];
    await sendEvent('e'.repeat(32), frames);
    const detail = await getEvent('e'.repeat(32));
    expect(framesIn(exceptionOf(detail).stacktrace)[0]?.function).toBe('e');
    expect(detail.event.errors).toEqual([
      {
        type: 'js_scraping_disabled',
        url: 'https://cdn.example.com/shop.js',
        symbolicator_type: 'missing_source',
        value: 'only loopback addresses are read',
      },
    ]);
  });

  it('a Node frame whose file is not on this machine (a container, another host) is left as sent, with no error', async () => {
    const frames = [
      {
        abs_path: '/srv/app-not-on-this-machine/server.js',
        filename: 'server.js',
        lineno: 12,
        colno: 9,
        function: 'handle',
        context_line: "  throw new RangeError('negative price');",
      },
    ];
    await sendEvent('f'.repeat(32), frames);
    const detail = await getEvent('f'.repeat(32));
    expect(framesIn(exceptionOf(detail).stacktrace)[0]).toMatchObject({ function: 'handle', lineno: 12 });
    expect(exceptionOf(detail).raw_stacktrace).toBeUndefined();
    expect(detail.event.errors ?? []).toEqual([]);
  });
});
