/**
 * Where a bundle's map is found, with maps written by a real bundler (vite: rolldown + oxc): inline in a
 * `data:` URL (with and without a charset), named by an `X-SourceMap` header, by a `sourceMappingURL`
 * relative to a loopback URL with a query string, and a map whose sources are named `webpack://`.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { startCore } from '../../support/core.ts';
import { APP_SOURCES, type BuiltApp, buildApp, framesOf, throwFromBundle } from '../../support/js-bundle.ts';
import { tempDir } from '../../support/serve.ts';
import { exceptionOf, framesIn, getEvent, type Json, sendJsError } from '../../support/sourcemap-events.ts';

const THROW_LINE = APP_SOURCES['src/util.ts']?.split('\n')[2];

let core: Core;
let inline: BuiltApp;
let app: BuiltApp;
let webpack: BuiltApp;
let server: http.Server;
let origin = '';

/** Sends the stack `shop.buy()` throws from the bundle at `location` and returns the event as served. */
async function eventFrom(built: BuiltApp, location: string) {
  const eventId = randomUUID().replaceAll('-', '');
  await sendJsError(core, eventId, framesOf(await throwFromBundle(built, location), location));
  return getEvent(core, eventId);
}

function top(detail: { event: Json }): Json {
  return framesIn(exceptionOf(detail).stacktrace).at(-1) ?? {};
}

beforeAll(async () => {
  inline = await buildApp(tempDir('faultline-maps-inline-'), { inline: true });
  app = await buildApp(tempDir('faultline-maps-app-'));
  webpack = await buildApp(tempDir('faultline-maps-webpack-'), {
    sourceName: (relative) => `webpack://shop/./${relative.replace(/^(\.\.\/)+/, '')}`,
  });
  // A dev server on loopback: /assets/ serves the bundle (any query string) and its map; /x/ the bundle
  // without its comment, its map named by an X-SourceMap header.
  server = http.createServer((request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://loopback');
    const file = path.join(path.dirname(app.bundlePath), path.basename(pathname));
    if (!fs.existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    const text = fs.readFileSync(file, 'utf8');
    if (pathname.startsWith('/x/') && file.endsWith('.js')) {
      response.writeHead(200, { 'X-SourceMap': '/assets/shop.js.map' });
      response.end(text.replace('//# sourceMappingURL=shop.js.map', ''));
    } else response.writeHead(200).end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  core = await startCore();
}, 60_000);

afterAll(async () => {
  await core?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe('source maps are found where bundlers and dev servers put them', () => {
  it("an inline map (the bundler's data:application/json;charset=utf-8;base64,) maps against the bundle's place", async () => {
    expect(inline.code).toContain('sourceMappingURL=data:application/json;charset=utf-8;base64,');
    const detail = await eventFrom(inline, inline.bundlePath);
    expect([top(detail).abs_path, top(detail).function, top(detail).lineno]).toEqual([
      path.join(inline.dir, 'src/util.ts'),
      'formatPrice',
      3,
    ]);
    expect(top(detail).context_line).toBe(THROW_LINE);
    expect((top(detail).data as Json).sourcemap).toBe(inline.bundlePath);
    expect(detail.event.errors ?? []).toEqual([]);
  });

  it('an inline map without a charset (data:application/json;base64,) is read the same', async () => {
    const bundle = path.join(inline.dir, 'dist/plain.js');
    const code = inline.code.replace('application/json;charset=utf-8;base64,', 'application/json;base64,');
    fs.writeFileSync(bundle, code);
    const detail = await eventFrom({ ...inline, code }, bundle);
    expect([top(detail).filename, top(detail).function, top(detail).lineno]).toEqual([
      '../src/util.ts',
      'formatPrice',
      3,
    ]);
    expect(detail.event.errors ?? []).toEqual([]);
  });

  it('a map named by an X-SourceMap header is read from the dev server', async () => {
    const detail = await eventFrom(app, `${origin}/x/shop.js`);
    expect([top(detail).abs_path, top(detail).function, top(detail).lineno]).toEqual([
      `${origin}/src/util.ts`,
      'formatPrice',
      3,
    ]);
    expect((top(detail).data as Json).sourcemap).toBe(`${origin}/assets/shop.js.map`);
    expect(detail.event.errors ?? []).toEqual([]);
  });

  it("a sourceMappingURL is relative to the bundle's URL without its query string", async () => {
    const detail = await eventFrom(app, `${origin}/assets/shop.js?v=3f2a/9`);
    expect([top(detail).abs_path, top(detail).function, top(detail).lineno]).toEqual([
      `${origin}/src/util.ts`,
      'formatPrice',
      3,
    ]);
    expect((top(detail).data as Json).sourcemap).toBe(`${origin}/assets/shop.js.map`);
    expect(top(detail).context_line).toBe(THROW_LINE);
    expect(detail.event.errors ?? []).toEqual([]);
  });

  it('webpack:// sources are shown as webpack names them, in app, with their module and source', async () => {
    expect(JSON.parse(webpack.map).sources).toEqual([
      'webpack://shop/./src/util.ts',
      'webpack://shop/./src/app.ts',
    ]);
    const detail = await eventFrom(webpack, webpack.bundlePath);
    const frame = top(detail);
    expect([
      frame.abs_path,
      frame.filename,
      frame.module,
      frame.in_app,
      frame.function,
      frame.lineno,
    ]).toEqual(['webpack://shop/./src/util.ts', './src/util.ts', 'src/util', true, 'formatPrice', 3]);
    expect(frame.context_line).toBe(THROW_LINE);
    expect(detail.event.errors ?? []).toEqual([]);
  });
});
