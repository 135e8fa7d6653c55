/**
 * The source map decoder (Base64 VLQ mappings, names, sourcesContent, index maps) and the lookup,
 * against the maps a real bundler writes (vite: rolldown + oxc's minifier), and a real V8 stack.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildSourceMap,
  lookup,
  parseSourceMap,
  readSourceMapJson,
  SourceMapError,
  sectionUrls,
} from '../../../src-main/core/sourcemaps/sourcemap.ts';
import { decodeMappings } from '../../../src-main/core/sourcemaps/vlq.ts';
import { APP_SOURCES, type BuiltApp, buildApp, throwFromBundle } from '../../support/js-bundle.ts';
import { tempDir } from '../../support/serve.ts';

let app: BuiltApp;
beforeAll(async () => {
  app = await buildApp(tempDir('faultline-maps-'));
}, 60_000);

describe('Base64 VLQ mappings', () => {
  it('decodes fields relative to the previous segment, columns per line, negatives by the low bit', () => {
    // AAAA: all zero; IAAM: +4 column, +6 original column; ;: next line, column back to 0; DAAD: -1 …
    expect(decodeMappings('AAAA,IAAM;CAAA,DAAD')).toEqual([
      [
        { column: 0, source: 0, line: 0, originalColumn: 0, name: -1 },
        { column: 4, source: 0, line: 0, originalColumn: 6, name: -1 },
      ],
      [
        { column: 1, source: 0, line: 0, originalColumn: 6, name: -1 },
        { column: 0, source: 0, line: 0, originalColumn: 5, name: -1 },
      ].sort((a, b) => a.column - b.column),
    ]);
    // gB is 16 (multi-digit VLQ); a one-field segment maps to nothing; a 5th field names.
    expect(decodeMappings('gBAAAC,E')[0]).toEqual([
      { column: 16, source: 0, line: 0, originalColumn: 0, name: 1 },
      { column: 18, source: -1, line: 0, originalColumn: 0, name: -1 },
    ]);
  });

  it('a bad character, a cut-off value or a segment of 2 fields is an error naming the place', () => {
    expect(() => parseSourceMap('{"version":3,"sources":[],"mappings":"AA!A"}')).toThrow(
      /invalid Base64 character '!' at 2/,
    );
    expect(() => parseSourceMap('{"version":3,"sources":[],"mappings":"AAg"}')).toThrow(/cut off/);
    expect(() => parseSourceMap('{"version":3,"sources":[],"mappings":"AA"}')).toThrow(/2 fields/);
    expect(() => parseSourceMap('{"version":2,"mappings":""}')).toThrow(SourceMapError);
    expect(() => parseSourceMap('not json')).toThrow(/not JSON/);
  });

  it("every named segment of the bundler's map points at that name in the original source", () => {
    const map = parseSourceMap(app.map);
    expect(map.sources).toEqual(['../src/util.ts', '../src/app.ts']);
    expect(map.sourcesContent).toEqual([APP_SOURCES['src/util.ts'], APP_SOURCES['src/app.ts']]);
    const named = map.lines.flat().filter((segment) => segment.name >= 0);
    expect(named.length).toBeGreaterThan(3);
    for (const segment of named) {
      const line = (map.sourcesContent[segment.source] ?? '').split('\n')[segment.line] ?? '';
      expect(line.slice(segment.originalColumn)).toMatch(new RegExp(`^${map.names[segment.name]}\\b`));
    }
  });
});

describe('lookup', () => {
  it('the positions of a real V8 stack through the minified bundle map to the throw and the call', async () => {
    const stack = await throwFromBundle(app, 'shop.js');
    const positions = [...stack.matchAll(/shop\.js:(\d+):(\d+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    const map = parseSourceMap(app.map);
    const found = positions.map(([line = 0, column = 0]) => {
      const token = lookup(map, line - 1, column - 1);
      return token && `${map.sources[token.source]}:${token.line + 1}`;
    });
    expect(found).toEqual(['../src/util.ts:3', '../src/app.ts:4', '../src/app.ts:8']);
  });

  it('a position between mappings takes the one before it; one before any mapping finds nothing', () => {
    const map = parseSourceMap('{"version":3,"sources":["a.js"],"names":["x"],"mappings":";;EAAAA,KACC"}');
    expect(lookup(map, 2, 2)).toEqual({ source: 0, line: 0, column: 0, name: 'x' });
    expect(lookup(map, 2, 6)).toEqual({ source: 0, line: 0, column: 0, name: 'x' });
    expect(lookup(map, 2, 7)).toEqual({ source: 0, line: 1, column: 1, name: null });
    expect(lookup(map, 3, 0)).toEqual({ source: 0, line: 1, column: 1, name: null });
    expect(lookup(map, 1, 5)).toBeNull();
  });

  it('an index map lays its sections at their offsets, sources and names appended', () => {
    const inner = JSON.parse(app.map) as Record<string, unknown>;
    const index = JSON.stringify({
      version: 3,
      sections: [
        {
          offset: { line: 0, column: 0 },
          map: { version: 3, sources: ['lib.js'], names: [], mappings: 'AAAA' },
        },
        { offset: { line: 2, column: 10 }, map: inner },
      ],
    });
    const map = parseSourceMap(index);
    expect(map.sources).toEqual(['lib.js', '../src/util.ts', '../src/app.ts']);
    const plain = parseSourceMap(app.map);
    for (const segment of plain.lines[0] ?? []) {
      const token = lookup(map, 2, segment.column + 10);
      expect(token?.source).toBe(segment.source < 0 ? undefined : segment.source + 1);
    }
    expect(lookup(map, 1, 3)?.source).toBe(0);
  });

  it("a section named by url takes the map read for it, its sources made relative to the index map's place", () => {
    const index = readSourceMapJson(
      '{"version":3,"sections":[{"offset":{"line":1,"column":0},"url":"chunks/shop.js.map"}]}',
    );
    expect(sectionUrls(index)).toEqual(['chunks/shop.js.map']);
    const inner = {
      ...(JSON.parse(app.map) as Record<string, unknown>),
      sources: ['../../src/util.ts', 'app.ts'],
    };
    const map = buildSourceMap(index, (url) => (url === 'chunks/shop.js.map' ? inner : undefined));
    expect(map.sources).toEqual(['../src/util.ts', 'chunks/app.ts']);
    const plain = parseSourceMap(app.map);
    for (const segment of plain.lines[0] ?? [])
      expect(lookup(map, 1, segment.column)).toEqual(lookup(plain, 0, segment.column));
    expect(() => buildSourceMap(index)).toThrow(/the map of section chunks\/shop.js.map was not read/);
    expect(() => buildSourceMap(index, () => ({ version: 3, sections: [] }))).toThrow(/is an index map/);
  });

  it('sourceRoot is put in front of each source', () => {
    const map = parseSourceMap(
      '{"version":3,"sourceRoot":"/app/","sources":["a.ts","http://h/b.ts"],"mappings":""}',
    );
    expect(map.sources).toEqual(['/app/a.ts', 'http://h/b.ts']);
  });
});
