/**
 * The `mappings` of a source map (revision 3): lines separated by `;`, segments by `,`, each segment
 * 1, 4 or 5 Base64 VLQ fields — generated column, source index, original line, original column, name
 * index — every field but the generated column relative to the previous segment of the whole map, the
 * generated column relative to the previous segment of its line.
 */

/** One mapped position: where it is in the generated file and, unless `source` is -1, where it came from. */
export interface Segment {
  /** 0-based column in the generated line. */
  column: number;
  /** Index into `sources`, or -1 for a segment that maps to nothing. */
  source: number;
  /** 0-based line and column in the original source. */
  line: number;
  originalColumn: number;
  /** Index into `names`, or -1. */
  name: number;
}

export class MappingsError extends Error {}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE64.length; i++) DIGIT[BASE64.charCodeAt(i)] = i;

/** Decodes the VLQ fields of one segment (`text[start, end)`). */
function fields(text: string, start: number, end: number): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    const digit = code < 128 ? (DIGIT[code] ?? -1) : -1;
    if (digit < 0) throw new MappingsError(`invalid Base64 character '${text[i]}' at ${i}`);
    value += (digit & 31) * 2 ** shift;
    if (digit & 32) {
      shift += 5;
      if (shift > 30) throw new MappingsError(`VLQ value too long at ${i}`);
      continue;
    }
    // The lowest bit is the sign.
    out.push(value % 2 === 1 ? -(value - 1) / 2 : value / 2);
    value = 0;
    shift = 0;
  }
  if (shift !== 0) throw new MappingsError(`VLQ value cut off at ${end}`);
  return out;
}

/** The segments of every generated line, each line's sorted by column. */
export function decodeMappings(mappings: string): Segment[][] {
  const lines: Segment[][] = [];
  let line: Segment[] = [];
  let source = 0;
  let originalLine = 0;
  let originalColumn = 0;
  let name = 0;
  let column = 0;
  let start = 0;
  for (let i = 0; i <= mappings.length; i++) {
    const char = i < mappings.length ? mappings[i] : ';';
    if (char !== ',' && char !== ';') continue;
    if (i > start) {
      const f = fields(mappings, start, i);
      if (f.length !== 1 && f.length !== 4 && f.length !== 5)
        throw new MappingsError(`a segment has ${f.length} fields (1, 4 or 5 expected) at ${start}`);
      column += f[0] ?? 0;
      if (f.length === 1) line.push({ column, source: -1, line: 0, originalColumn: 0, name: -1 });
      else {
        source += f[1] ?? 0;
        originalLine += f[2] ?? 0;
        originalColumn += f[3] ?? 0;
        if (f.length === 5) name += f[4] ?? 0;
        if (column < 0 || source < 0 || originalLine < 0 || originalColumn < 0 || name < 0)
          throw new MappingsError(`a segment points before the start at ${start}`);
        line.push({ column, source, line: originalLine, originalColumn, name: f.length === 5 ? name : -1 });
      }
    }
    start = i + 1;
    if (char === ';') {
      lines.push(line.length > 1 && !isSorted(line) ? line.sort((a, b) => a.column - b.column) : line);
      line = [];
      column = 0;
    }
  }
  return lines;
}

function isSorted(line: Segment[]): boolean {
  for (let i = 1; i < line.length; i++) if ((line[i]?.column ?? 0) < (line[i - 1]?.column ?? 0)) return false;
  return true;
}
