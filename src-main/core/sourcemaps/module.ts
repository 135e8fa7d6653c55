/**
 * A generated file and its source map, loaded once per event: the minified text (split in lines)
 * and the parsed map with the location it was read from (with the maps an index map's sections name
 * by `url`), or why either is missing.
 */
import { type FetchFailure, isFailure, type SourceFetcher, type SourceFile } from './fetch.ts';
import { findSourceMap } from './locate.ts';
import { type ParsedMaps, parsedMaps } from './parsed-maps.ts';
import { joinPaths } from './paths.ts';
import {
  buildSourceMap,
  type Json,
  readSourceMapJson,
  type SourceMap,
  SourceMapError,
  sectionUrls,
} from './sourcemap.ts';

export interface LoadedMap {
  map: SourceMap;
  /** The map's location (the generated file's for an inline map): sources resolve against it. */
  url: string;
  /** What Sentry writes to `frame.data.sourcemap`: the map's URL, or the file's for an inline map. */
  label: string;
  modified?: number;
}

export interface JsModule {
  minified: SourceFile | FetchFailure;
  lines: string[];
  /** null: the file names no source map. */
  map: LoadedMap | MapFailure | null;
}

type MapFailure = FetchFailure | { type: 'js_invalid_sourcemap'; url: string; value: string };

function invalid(url: string, error: unknown): MapFailure {
  if (!(error instanceof SourceMapError)) throw error;
  return { type: 'js_invalid_sourcemap', url, value: error.message };
}

/** The maps an index map's sections name by `url`, read with the event's fetcher (and its limits). */
async function readSections(
  fetcher: SourceFetcher,
  mapUrl: string,
  json: Json,
): Promise<{ maps: Map<string, Json>; modified?: number } | MapFailure> {
  const maps = new Map<string, Json>();
  let modified: number | undefined;
  for (const url of sectionUrls(json)) {
    const fetched = await fetcher.get(joinPaths(mapUrl, url), 'map');
    if (isFailure(fetched)) return fetched;
    try {
      maps.set(url, readSourceMapJson(fetched.text));
    } catch (error) {
      return invalid(fetched.url, error);
    }
    if (fetched.modified !== undefined) modified = Math.max(modified ?? 0, fetched.modified);
  }
  return { maps, ...(modified === undefined ? {} : { modified }) };
}

async function loadMap(fetcher: SourceFetcher, file: SourceFile, maps: ParsedMaps): Promise<JsModule['map']> {
  const reference = findSourceMap(file.url, file.text, file.sourceMapHeader);
  if (reference === null) return null;
  if (reference.kind === 'bad')
    return { type: 'js_invalid_sourcemap', url: reference.url, value: 'the data: URL cannot be decoded' };
  const fetched = reference.kind === 'inline' ? null : await fetcher.get(reference.url, 'map');
  if (fetched && isFailure(fetched)) return fetched;
  const url = fetched ? fetched.url : file.url;
  const text = fetched ? fetched.text : reference.kind === 'inline' ? reference.text : '';
  const loaded = (map: SourceMap, modified: number): LoadedMap => ({
    map,
    url,
    label: url,
    ...(modified > 0 ? { modified } : {}),
  });
  const kept = maps.get(url, text);
  if (kept) return loaded(kept, fetched?.modified ?? 0);
  let json: Json;
  try {
    json = readSourceMapJson(text);
  } catch (error) {
    return invalid(url, error);
  }
  const sections = await readSections(fetcher, url, json);
  if ('type' in sections) return sections;
  try {
    const map = buildSourceMap(json, (section) => sections.maps.get(section));
    // An index map whose sections name other files depends on their texts too: not kept.
    if (sections.maps.size === 0) maps.set(url, text, map);
    return loaded(map, Math.max(fetched?.modified ?? 0, sections.modified ?? 0));
  } catch (error) {
    return invalid(url, error);
  }
}

/** The file at `absPath` and its map; a map parsed before from the same text comes from `maps`. */
export async function loadModule(
  fetcher: SourceFetcher,
  absPath: string,
  maps: ParsedMaps = parsedMaps,
): Promise<JsModule> {
  const minified = await fetcher.get(absPath);
  if (isFailure(minified)) return { minified, lines: [], map: null };
  return { minified, lines: minified.text.split(/\r?\n/), map: await loadMap(fetcher, minified, maps) };
}

export function isLoadedMap(map: JsModule['map']): map is LoadedMap {
  return map !== null && 'map' in map;
}
