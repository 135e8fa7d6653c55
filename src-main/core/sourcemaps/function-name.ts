/**
 * The original function name of a mapped frame, by Sentry's rules (symbolicator's
 * `get_function_for_token` and `fold_function_name`): the name of the scope the position is in, unless
 * that says nothing (`<anonymous>`, webpack's require), then the name the caller's call site maps to,
 * then the minified name. Sentry finds the scope by parsing the minified file; here it is the nearest
 * definition of the frame's minified function name before the position, named by the map's `names`.
 */
import { lookup, type SourceMap } from './sourcemap.ts';

const USELESS = new Set(['<anonymous>', '__webpack_require__', '__webpack_modules__']);

export function functionForToken(
  frameFunction: string | undefined,
  scopeName: string,
  callsiteName: string | undefined,
): string {
  if (!USELESS.has(scopeName)) return scopeName;
  if (callsiteName) return callsiteName;
  if (frameFunction === undefined) return scopeName;
  return frameFunction;
}

/** `a.a.a.b` → `{a#3}.b`: runs of the same name before the last part fold into one. */
export function foldFunctionName(name: string): string {
  const parts = name.split('.');
  if (parts.length === 1) return name;
  const tail = parts.pop() ?? '';
  const groups: string[][] = [];
  for (const part of parts) {
    const last = groups.at(-1);
    if (last && last[0] === part) last.push(part);
    else groups.push([part]);
  }
  const folded = groups.map((group) => (group.length === 1 ? group[0] : `{${group[0]}#${group.length}}`));
  return `${folded.join('.')}.${tail}`;
}

const SEARCH_BACK = 256 * 1024;

function escapeRegex(identifier: string): string {
  return identifier.replace(/\$/g, '\\$');
}

/** Where `identifier` is last defined (as a function, method, class or function-valued variable) before the position. */
function definitionBefore(
  lines: string[],
  line: number,
  column: number,
  identifier: string,
): [number, number] | null {
  const id = escapeRegex(identifier);
  const pattern = new RegExp(
    [
      `\\bfunction\\s*\\*?\\s*(${id})\\s*\\(`,
      `\\bclass\\s+(${id})(?![\\w$])`,
      `(?<![\\w$.])(${id})\\s*[=:]\\s*(?:async\\s*)?(?:function\\b|\\([^()]*\\)\\s*=>|[\\w$]+\\s*=>)`,
      `(?<![\\w$.])(${id})\\s*\\([^()]*\\)\\s*\\{`,
    ].join('|'),
    'gd',
  );
  let budget = SEARCH_BACK;
  for (let l = line; l >= 0 && budget > 0; l--) {
    const text = l === line ? (lines[l] ?? '').slice(0, column) : (lines[l] ?? '');
    const from = Math.max(0, text.length - budget);
    budget -= text.length;
    let last: number | null = null;
    for (const match of text.slice(from).matchAll(pattern)) {
      const group = match.indices?.slice(1).find((range) => range !== undefined);
      if (group) last = from + group[0];
    }
    if (last !== null) return [l, last];
  }
  return null;
}

/**
 * The original name of the function a frame is in: its minified name (`e`, `Object.e`, `new e`) found
 * defined before the position, and mapped; '<anonymous>' for an anonymous function; null when unknown.
 */
export function scopeName(
  map: SourceMap,
  minifiedLines: string[],
  line: number,
  column: number,
  frameFunction: string | undefined,
): string | null {
  if (!frameFunction) return null;
  const last =
    frameFunction
      .replace(/^(?:new|async)\s+/, '')
      .split('.')
      .at(-1) ?? '';
  if (last === '<anonymous>') return last;
  if (!/^[A-Za-z_$][\w$]*$/.test(last)) return null;
  const found = definitionBefore(minifiedLines, line, column, last);
  if (!found) return null;
  const segments = map.lines[found[0]] ?? [];
  const segment = segments.find((candidate) => candidate.column === found[1]);
  if (!segment || segment.source < 0) return null;
  return segment.name >= 0 ? (map.names[segment.name] ?? last) : last;
}

/** The name the map gives the token at a position (the callee of a call site), if any. */
export function tokenName(map: SourceMap, line: number, column: number): string | undefined {
  return lookup(map, line, column)?.name ?? undefined;
}
