/**
 * Where a bundle's map is found, with maps written by a real bundler (vite: rolldown + oxc): inline in a
 * `data:` URL (with and without a charset), named by an `X-SourceMap` header, by a `sourceMappingURL`
 * relative to a loopback URL with a query string, a map whose sources are named `webpack://`, and an
 * index map whose sections name their maps by `url` (read as any map: local or loopback, within the limits).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { SourceFetcher } from '../../../src-main/core/sourcemaps/fetch.ts';
import { applySourceMaps } from '../../../src-main/core/sourcemaps/symbolicate.ts';
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

  /** A bundle with a banner line before the bundler's code, and an index map with these sections. */
  function withIndexMap(name: string, sections: Json[]) {
    const bundle = path.join(path.dirname(app.bundlePath), `${name}.js`);
    const code = `/* banner */\n${app.code.replace('sourceMappingURL=shop.js.map', `sourceMappingURL=${name}.js.map`)}`;
    fs.writeFileSync(bundle, code);
    fs.writeFileSync(`${bundle}.map`, JSON.stringify({ version: 3, sections }));
    return { built: { ...app, code }, bundle };
  }

  const BANNER = {
    offset: { line: 0, column: 0 },
    map: { version: 3, sources: [], names: [], mappings: '' },
  };

  it("an index map's section named by url is read beside it and maps at its offset", async () => {
    const { built, bundle } = withIndexMap('indexed', [
      BANNER,
      { offset: { line: 1, column: 0 }, url: 'shop.js.map' },
    ]);
    const detail = await eventFrom(built, bundle);
    expect([top(detail).abs_path, top(detail).filename, top(detail).function, top(detail).lineno]).toEqual([
      path.join(app.dir, 'src/util.ts'),
      '../src/util.ts',
      'formatPrice',
      3,
    ]);
    expect(top(detail).context_line).toBe(THROW_LINE);
    expect((top(detail).data as Json).sourcemap).toBe(`${bundle}.map`);
    expect(detail.event.errors ?? []).toEqual([]);
  });

  it('a section url on the loopback dev server is fetched relative to the index map', async () => {
    const { built } = withIndexMap('served', [
      BANNER,
      { offset: { line: 1, column: 0 }, url: 'shop.js.map' },
    ]);
    const detail = await eventFrom(built, `${origin}/assets/served.js`);
    expect([top(detail).abs_path, top(detail).function, top(detail).lineno]).toEqual([
      `${origin}/src/util.ts`,
      'formatPrice',
      3,
    ]);
    expect(detail.event.errors ?? []).toEqual([]);
  });

  it('a section map that is missing or on another host leaves the frames as sent and says why', async () => {
    const missing = withIndexMap('missing', [BANNER, { offset: { line: 1, column: 0 }, url: 'gone.js.map' }]);
    const detail = await eventFrom(missing.built, missing.bundle);
    expect(top(detail).function).toBe('e');
    expect(detail.event.errors).toEqual([
      {
        type: 'js_no_source',
        url: path.join(path.dirname(app.bundlePath), 'gone.js.map'),
        symbolicator_type: 'missing_sourcemap',
        value: 'no such file',
      },
    ]);
    const remote = withIndexMap('remote', [
      BANNER,
      { offset: { line: 1, column: 0 }, url: 'https://cdn.example.com/shop.js.map' },
    ]);
    const refused = await eventFrom(remote.built, remote.bundle);
    expect(top(refused).function).toBe('e');
    expect(refused.event.errors).toEqual([
      expect.objectContaining({ type: 'js_scraping_disabled', url: 'https://cdn.example.com/shop.js.map' }),
    ]);
  });

  it("section maps count against the event's limits on files read", async () => {
    const { built, bundle } = withIndexMap('limited', [
      BANNER,
      { offset: { line: 1, column: 0 }, url: 'shop.js.map' },
    ]);
    const frames = framesOf(await throwFromBundle(built, bundle), bundle);
    const event: Json = { platform: 'javascript', exception: { values: [{ stacktrace: { frames } }] } };
    // The bundle and its index map fit; the section's map is one file too many.
    expect(await applySourceMaps(event, Date.now(), new SourceFetcher({ maxFiles: 2 }))).toBe(false);
    expect(event.errors).toEqual([
      expect.objectContaining({
        type: 'js_too_many_sources',
        url: path.join(path.dirname(bundle), 'shop.js.map'),
      }),
    ]);
  });
});
