/**
 * An event page read again (the UI refetches it after every batch of events while it is open) does not
 * parse and decode the same source map again: ~150 ms and ~40 MB of heap each time for the 5.8 MB map of
 * a 1.2 MB bundle. A map whose file changed is read anew, and the frames come out the same either way.
 */
import fs from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { SourceFetcher } from '../../../src-main/core/sourcemaps/fetch.ts';
import { isLoadedMap, loadModule } from '../../../src-main/core/sourcemaps/module.ts';
import { ParsedMaps } from '../../../src-main/core/sourcemaps/parsed-maps.ts';
import { applySourceMaps } from '../../../src-main/core/sourcemaps/symbolicate.ts';
import { type BuiltApp, buildApp, framesOf, throwFromBundle } from '../../support/js-bundle.ts';
import { tempDir } from '../../support/serve.ts';

let app: BuiltApp;
let frames: Array<Record<string, unknown>>;

beforeAll(async () => {
  app = await buildApp(tempDir('faultline-parsed-maps-'));
  frames = framesOf(await throwFromBundle(app, app.bundlePath), app.bundlePath);
  expect(frames.length).toBeGreaterThan(0);
});

async function mapOf(maps: ParsedMaps) {
  const module = await loadModule(new SourceFetcher(), app.bundlePath, maps);
  if (!isLoadedMap(module.map)) throw new Error(`no map: ${JSON.stringify(module.map)}`);
  return module.map.map;
}

async function mapped(): Promise<unknown> {
  const event = {
    platform: 'javascript',
    exception: {
      values: [{ type: 'RangeError', value: 'x', stacktrace: { frames: structuredClone(frames) } }],
    },
  };
  await applySourceMaps(event, Date.now());
  return event;
}

it('parses an unchanged map once, and a changed one again', async () => {
  const maps = new ParsedMaps();
  const first = await mapOf(maps);
  expect(await mapOf(maps)).toBe(first);
  expect(maps.size).toBe(1);

  const json = JSON.parse(app.map) as { sources: string[] };
  json.sources = json.sources.map((source) => source.replace('util.ts', 'renamed.ts'));
  fs.writeFileSync(app.mapPath, JSON.stringify(json));
  try {
    const changed = await mapOf(maps);
    expect(changed).not.toBe(first);
    expect(changed.sources.some((source) => source.endsWith('renamed.ts'))).toBe(true);
    expect(maps.size).toBe(1);
  } finally {
    fs.writeFileSync(app.mapPath, app.map);
    // Back to a map older than the events mapped next: restored within the millisecond an event's time
    // is taken (Date.now(), whole milliseconds), its mtime (with a fraction) read as a change after it.
    const before = new Date(Date.now() - 60_000);
    fs.utimesSync(app.mapPath, before, before);
  }
});

it('maps the frames of an event read again as the first time', async () => {
  const once = await mapped();
  expect(JSON.stringify(once)).toContain('util.ts');
  expect(await mapped()).toEqual(once);
});

it('keeps maps up to its size in text, the least recently used dropped first', async () => {
  const maps = new ParsedMaps(Math.floor(app.map.length * 1.5));
  const map = await mapOf(maps);
  maps.set('a', 'x'.repeat(app.map.length), map);
  expect(maps.get(app.bundlePath, app.map)).toBeUndefined();
  expect(await mapOf(maps)).not.toBe(map);
  expect(maps.get('a', 'x'.repeat(app.map.length))).toBeUndefined();
  expect(maps.size).toBe(1);
});
