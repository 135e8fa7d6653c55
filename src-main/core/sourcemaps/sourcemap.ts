/**
 * A source map (revision 3) read into memory: its sources (with `sourceRoot` put in front), their
 * `sourcesContent`, `names` and decoded mappings; an index map's `sections` (embedded, or named by
 * `url` and read beforehand) are laid into one map at their offsets. `lookup` finds the original position of a generated one as Sentry's symbolic does:
 * the mapping that starts at it or last before it.
 */
import { relativeToSection } from './paths.ts';
import { decodeMappings, type Segment } from './vlq.ts';

export interface SourceMap {
  /** Each source's name as the map gives it, `sourceRoot` in front. */
  sources: string[];
  /** Each source's text, `null` where the map carries none. */
  sourcesContent: Array<string | null>;
  names: string[];
  /** The segments of each generated line (0-based), sorted by column. */
  lines: Segment[][];
}

/** An original position: 0-based line and column in `sources[source]`. */
export interface Token {
  source: number;
  line: number;
  column: number;
  name: string | null;
}

export class SourceMapError extends Error {}

export type Json = Record<string, unknown>;

function stringList(value: unknown, field: string): Array<string | null> {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new SourceMapError(`'${field}' is not a list`);
  return value.map((item) => (typeof item === 'string' ? item : null));
}

function withRoot(root: string, source: string): string {
  if (!root || source.includes('://')) return source;
  return root.endsWith('/') ? `${root}${source}` : `${root}/${source}`;
}

function regularMap(json: Json): SourceMap {
  if (typeof json.mappings !== 'string') throw new SourceMapError("'mappings' is missing");
  const root = typeof json.sourceRoot === 'string' ? json.sourceRoot : '';
  const sources = stringList(json.sources, 'sources').map((source) => withRoot(root, source ?? ''));
  const content = stringList(json.sourcesContent, 'sourcesContent');
  let lines: Segment[][];
  try {
    lines = decodeMappings(json.mappings);
  } catch (error) {
    throw new SourceMapError(`'mappings' is invalid: ${(error as Error).message}`);
  }
  return {
    sources,
    sourcesContent: sources.map((_, index) => content[index] ?? null),
    names: stringList(json.names, 'names').map((name) => name ?? ''),
    lines,
  };
}

/** Finds the map a section names by `url` (already read); undefined when it was not. */
export type SectionMaps = (url: string) => Json | undefined;

/** A section's map: embedded, or named by `url` (its sources then relative to that map's place). */
function sectionMap(section: Json, sectionMaps: SectionMaps): SourceMap {
  const { map, url } = section;
  if (map && typeof map === 'object' && !Array.isArray(map)) return regularMap(map as Json);
  if (typeof url !== 'string') throw new SourceMapError('a section needs an embedded map or a url');
  const named = sectionMaps(url);
  if (!named) throw new SourceMapError(`the map of section ${url} was not read`);
  if (Array.isArray(named.sections)) throw new SourceMapError(`the map of section ${url} is an index map`);
  const part = regularMap(named);
  return { ...part, sources: part.sources.map((source) => relativeToSection(url, source)) };
}

/** An index map: each section's map shifted to its offset, sources and names appended. */
function indexMap(sections: unknown[], sectionMaps: SectionMaps): SourceMap {
  const out: SourceMap = { sources: [], sourcesContent: [], names: [], lines: [] };
  for (const section of sections) {
    const { offset } = (section ?? {}) as Json;
    const { line = 0, column = 0 } = (offset ?? {}) as { line?: unknown; column?: unknown };
    if (typeof line !== 'number' || typeof column !== 'number')
      throw new SourceMapError('a section needs an offset');
    const part = sectionMap((section ?? {}) as Json, sectionMaps);
    const sourceBase = out.sources.length;
    const nameBase = out.names.length;
    out.sources.push(...part.sources);
    out.sourcesContent.push(...part.sourcesContent);
    out.names.push(...part.names);
    part.lines.forEach((segments, index) => {
      const target = line + index;
      while (out.lines.length <= target) out.lines.push([]);
      const shift = index === 0 ? column : 0;
      const moved = segments.map((segment) => ({
        ...segment,
        column: segment.column + shift,
        source: segment.source < 0 ? -1 : segment.source + sourceBase,
        name: segment.name < 0 ? -1 : segment.name + nameBase,
      }));
      // A later section starts where the one before ends: it replaces the rest of that line.
      const kept = (out.lines[target] ?? []).filter(
        (segment) => segment.column < (moved[0]?.column ?? shift),
      );
      out.lines[target] = [...kept, ...moved];
    });
  }
  return out;
}

/** A source map's JSON object (revision 3); throws `SourceMapError` saying what is wrong. */
export function readSourceMapJson(text: string): Json {
  let json: unknown;
  try {
    // A map may start with `)]}'` to stop it being run as script (the spec allows it).
    json = JSON.parse(text.startsWith(")]}'") ? text.slice(text.indexOf('\n') + 1) : text);
  } catch (error) {
    throw new SourceMapError(`not JSON: ${(error as Error).message}`);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new SourceMapError('not a JSON object');
  const map = json as Json;
  if (map.version !== 3) throw new SourceMapError(`version ${String(map.version)} (3 expected)`);
  return map;
}

/** The `url` of each section of an index map that names its map rather than embedding it. */
export function sectionUrls(json: Json): string[] {
  if (!Array.isArray(json.sections)) return [];
  return json.sections.flatMap((section) => {
    const { map, url } = (section ?? {}) as Json;
    return !map && typeof url === 'string' ? [url] : [];
  });
}

/** The source map of a JSON object; an index map's sections named by `url` come from `sectionMaps`. */
export function buildSourceMap(json: Json, sectionMaps: SectionMaps = () => undefined): SourceMap {
  return Array.isArray(json.sections) ? indexMap(json.sections, sectionMaps) : regularMap(json);
}

/** Parses a source map's JSON text; throws `SourceMapError` saying what is wrong. */
export function parseSourceMap(text: string): SourceMap {
  return buildSourceMap(readSourceMapJson(text));
}

/** The segment at or last before `column` on `line`, else the last one of an earlier line. */
function segmentAt(map: SourceMap, line: number, column: number): Segment | undefined {
  for (let l = Math.min(line, map.lines.length - 1); l >= 0; l--) {
    const segments = map.lines[l] ?? [];
    if (segments.length === 0) continue;
    if (l < line) return segments.at(-1);
    let low = 0;
    let high = segments.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if ((segments[mid]?.column ?? 0) <= column) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    if (found >= 0) return segments[found];
  }
  return undefined;
}

/** The original position of a generated one (0-based line and column); null where nothing maps. */
export function lookup(map: SourceMap, line: number, column: number): Token | null {
  const segment = segmentAt(map, line, column);
  if (!segment || segment.source < 0 || segment.source >= map.sources.length) return null;
  return {
    source: segment.source,
    line: segment.line,
    column: segment.originalColumn,
    name: segment.name >= 0 ? (map.names[segment.name] ?? null) : null,
  };
}

/** The lines of each source's `sourcesContent`, split once per map (a map is kept across events). */
const contentLines = new WeakMap<SourceMap, Map<number, string[]>>();

/** The lines of `sourcesContent[source]`; null when the map carries no text for it. */
export function sourceContentLines(map: SourceMap, source: number): string[] | null {
  const text = map.sourcesContent[source];
  if (text == null) return null;
  let bySource = contentLines.get(map);
  if (!bySource) {
    bySource = new Map();
    contentLines.set(map, bySource);
  }
  let lines = bySource.get(source);
  if (!lines) {
    lines = text.split(/\r?\n/);
    bySource.set(source, lines);
  }
  return lines;
}
