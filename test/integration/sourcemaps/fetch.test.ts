/**
 * What source processing may read, over real HTTP on loopback: only loopback hosts, redirects only
 * within loopback, a size cap and a time limit per file, a cap on requests per event, each location
 * once; and Sentry's path rules for mapped frames.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLoopbackHost, SourceFetcher } from '../../../src-main/core/sourcemaps/fetch.ts';
import { foldFunctionName, functionForToken } from '../../../src-main/core/sourcemaps/function-name.ts';
import {
  fixupWebpackFilename,
  generateModule,
  isInApp,
  joinPaths,
} from '../../../src-main/core/sourcemaps/paths.ts';

let server: http.Server;
let origin = '';
let hits = 0;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    hits++;
    if (request.url === '/away.js') response.writeHead(302, { location: 'http://10.255.255.1/x.js' }).end();
    else if (request.url === '/big.js') response.end('x'.repeat(2048));
    else if (request.url === '/slow.js') setTimeout(() => response.end('late'), 1500);
    else response.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('the source fetcher', () => {
  it('reads only loopback hosts', () => {
    expect(['127.0.0.1', '127.1.2.3', '[::1]', 'localhost', 'app.localhost'].map(isLoopbackHost)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['10.0.0.1', 'example.com', '[::2]', 'localhost.example.com'].map(isLoopbackHost)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('a redirect off loopback is not followed', async () => {
    const result = await new SourceFetcher().get(`${origin}/away.js`);
    expect(result).toMatchObject({ type: 'js_scraping_disabled', url: 'http://10.255.255.1/x.js' });
  });

  it('a file over the size cap and an answer over the time limit are refused, saying so', async () => {
    const fetcher = new SourceFetcher({ maxBytes: 1024, timeoutMs: 300 });
    expect(await fetcher.get(`${origin}/big.js`)).toMatchObject({ type: 'js_fetch_too_large' });
    expect(await fetcher.get(`${origin}/slow.js`)).toMatchObject({ type: 'js_fetch_timeout' });
  });

  it('each location is read once; past the request cap nothing more is fetched', async () => {
    const fetcher = new SourceFetcher({ maxFetches: 2 });
    const before = hits;
    expect(await fetcher.get(`${origin}/a.js`)).toMatchObject({ text: 'ok' });
    expect(await fetcher.get(`${origin}/a.js#x`)).toMatchObject({ text: 'ok' });
    expect(await fetcher.get(`${origin}/b.js`)).toMatchObject({ text: 'ok' });
    expect(await fetcher.get(`${origin}/c.js`)).toMatchObject({ type: 'js_too_many_sources' });
    expect(hits - before).toBe(2);
  });
});

describe("Sentry's rules for mapped frames", () => {
  it('sources join to the map location; webpack names, modules and in-app as Sentry writes them', () => {
    expect(joinPaths('/app/dist/shop.js.map', '../src/a.ts')).toBe('/app/src/a.ts');
    expect(joinPaths('http://127.0.0.1:5173/assets/x.js.map', '../src/a.ts')).toBe(
      'http://127.0.0.1:5173/src/a.ts',
    );
    expect(joinPaths('http://127.0.0.1:5173/assets/x.js.map', '/src/a.ts')).toBe(
      'http://127.0.0.1:5173/src/a.ts',
    );
    expect(joinPaths('http://h/a/x.js.map', 'webpack:///./src/a.js')).toBe('webpack:///./src/a.js');
    expect(fixupWebpackFilename('webpack:///./src/a.js')).toBe('./src/a.js');
    expect(fixupWebpackFilename('webpack://app/./src/a.js')).toBe('./src/a.js');
    expect(fixupWebpackFilename('webpack:///~/lodash/index.js')).toBe('~/lodash/index.js');
    expect(isInApp('webpack:///./src/a.js', './src/a.js')).toBe(true);
    expect(isInApp('webpack:///webpack/bootstrap', 'webpack/bootstrap')).toBe(false);
    expect(isInApp('/app/node_modules/react/index.js', '../node_modules/react/index.js')).toBe(false);
    expect(isInApp('/app/src/a.ts', '../src/a.ts')).toBeUndefined();
    expect(generateModule('http://example.com/js/v1.0/foo/bar/baz.min.js')).toBe('foo/bar/baz');
  });

  it('function names: useless scope names give way to the call site, repeated parts fold', () => {
    expect(functionForToken('e', 'formatPrice', 'x')).toBe('formatPrice');
    expect(functionForToken('e', '<anonymous>', 'onClick')).toBe('onClick');
    expect(functionForToken('e', '<anonymous>', undefined)).toBe('e');
    expect(functionForToken(undefined, '<anonymous>', undefined)).toBe('<anonymous>');
    expect(foldFunctionName('bar.foo.foo.onError')).toBe('bar.{foo#2}.onError');
    expect(foldFunctionName('foo.foo')).toBe('foo.foo');
  });
});
