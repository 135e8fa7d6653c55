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

type Definition = { line: number; column: number; kind: 'function' | 'class' | 'variable' | 'method' };
const KINDS = ['function', 'class', 'variable', 'method'] as const;

/** Where `identifier` is last defined (as a function, method, class or function-valued variable) before the position. */
function definitionBefore(
  lines: string[],
  line: number,
  column: number,
  identifier: string,
  only?: Definition['kind'],
): Definition | null {
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
    let last: Definition | null = null;
    for (const match of text.slice(from).matchAll(pattern)) {
      const groups = match.indices?.slice(1) ?? [];
      const index = groups.findIndex((range) => range !== undefined);
      const kind = KINDS[index];
      const range = groups[index];
      if (range && kind && (only === undefined || only === kind))
        last = { line: l, column: from + range[0], kind };
    }
    if (last !== null) return last;
  }
  return null;
}

/**
 * The original name of a definition: the map's name at its place, else the name as written; null when
 * nothing is mapped there (`loose`: nothing at or before it, as tsc maps `class Cart {` from its start).
 */
function originalName(map: SourceMap, found: Definition, written: string, loose = false): string | null {
  const segment = (map.lines[found.line] ?? []).find((candidate) => candidate.column === found.column);
  if (segment && segment.source >= 0)
    return segment.name >= 0 ? (map.names[segment.name] ?? written) : written;
  return loose && lookup(map, found.line, found.column) !== null ? written : null;
}

/**
 * The original name of the function a frame is in: its minified name (`e`, `Object.e`, `new e`) found
 * defined before the position, and mapped; a class's method is named `Class.method` as Sentry's scopes
 * name it; '<anonymous>' for an anonymous function; null when unknown.
 */
export function scopeName(
  map: SourceMap,
  minifiedLines: string[],
  line: number,
  column: number,
  frameFunction: string | undefined,
): string | null {
  if (!frameFunction) return null;
  const parts = frameFunction.replace(/^(?:new|async)\s+/, '').split('.');
  const last = parts.at(-1) ?? '';
  if (last === '<anonymous>') return last;
  if (!/^[A-Za-z_$][\w$]*$/.test(last)) return null;
  const found = definitionBefore(minifiedLines, line, column, last);
  const name = found && originalName(map, found, last);
  if (!found || name === null) return null;
  // V8 names a method by its receiver's class (`Cart.add`): that class, defined before, is its scope.
  const receiver = parts.length === 2 ? parts[0] : undefined;
  if (found.kind !== 'method' || !receiver || !/^[A-Za-z_$][\w$]*$/.test(receiver)) return name;
  const owner = definitionBefore(minifiedLines, found.line, found.column, receiver, 'class');
  const ownerName = owner && originalName(map, owner, receiver, true);
  return ownerName ? `${ownerName}.${name}` : name;
}

/** The name the map gives the token at a position (the callee of a call site), if any. */
export function tokenName(map: SourceMap, line: number, column: number): string | undefined {
  return lookup(map, line, column)?.name ?? undefined;
}
