/**
 * A generated file and its source map, loaded once per event: the minified text (split in lines)
 * and the parsed map with the location it was read from, or why either is missing.
 */
import { type FetchFailure, isFailure, type SourceFetcher, type SourceFile } from './fetch.ts';
import { findSourceMap } from './locate.ts';
import { parseSourceMap, type SourceMap, SourceMapError } from './sourcemap.ts';

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
  map: LoadedMap | FetchFailure | { type: 'js_invalid_sourcemap'; url: string; value: string } | null;
}

async function loadMap(fetcher: SourceFetcher, file: SourceFile): Promise<JsModule['map']> {
  const reference = findSourceMap(file.url, file.text, file.sourceMapHeader);
  if (reference === null) return null;
  if (reference.kind === 'bad')
    return { type: 'js_invalid_sourcemap', url: reference.url, value: 'the data: URL cannot be decoded' };
  const fetched = reference.kind === 'inline' ? null : await fetcher.get(reference.url);
  if (fetched && isFailure(fetched)) return fetched;
  const url = fetched ? fetched.url : file.url;
  try {
    const map = parseSourceMap(fetched ? fetched.text : reference.kind === 'inline' ? reference.text : '');
    return {
      map,
      url,
      label: url,
      ...(fetched?.modified === undefined ? {} : { modified: fetched.modified }),
    };
  } catch (error) {
    if (!(error instanceof SourceMapError)) throw error;
    return { type: 'js_invalid_sourcemap', url, value: error.message };
  }
}

export async function loadModule(fetcher: SourceFetcher, absPath: string): Promise<JsModule> {
  const minified = await fetcher.get(absPath);
  if (isFailure(minified)) return { minified, lines: [], map: null };
  return { minified, lines: minified.text.split(/\r?\n/), map: await loadMap(fetcher, minified) };
}

export function isLoadedMap(map: JsModule['map']): map is LoadedMap {
  return map !== null && 'map' in map;
}
