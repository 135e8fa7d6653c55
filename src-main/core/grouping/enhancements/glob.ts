// Glob matching as Sentry's enhancement and fingerprint matchers use it. With `doublestar`, `*`
// and `?` stop at `/` and `**` crosses it (paths); without it `*` matches anything (names).

import { memoized } from '../../memo.ts';

export interface GlobOptions {
  doublestar?: boolean;
  ignoreCase?: boolean;
  pathNormalize?: boolean;
}

/** One cache per option combination (bit 0 doublestar, 1 ignoreCase, 2 pathNormalize), keyed by pattern. */
const regexCaches: Map<string, RegExp>[] = Array.from({ length: 8 }, () => new Map());
const testerCaches: Map<string, GlobTester>[] = Array.from({ length: 8 }, () => new Map());

function optionBits(opts: GlobOptions): number {
  return (opts.doublestar ? 1 : 0) | (opts.ignoreCase ? 2 : 0) | (opts.pathNormalize ? 4 : 0);
}

function escapeRegExp(char: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(char) ? `\\${char}` : char;
}

export function globToRegExp(pattern: string, opts: GlobOptions = {}): RegExp {
  const cache = regexCaches[optionBits(opts)]!;
  const cached = cache.get(pattern);
  if (cached) return cached;
  const pat = opts.pathNormalize ? pattern.replaceAll('\\', '/') : pattern;
  let out = '';
  let i = 0;
  while (i < pat.length) {
    const c = pat[i]!;
    i += 1;
    if (c === '*') {
      if (opts.doublestar && pat[i] === '*') {
        out += '.*';
        i += 1;
      } else {
        out += opts.doublestar ? '[^/]*' : '.*';
      }
    } else if (c === '?') {
      out += opts.doublestar ? '[^/]' : '.';
    } else if (c === '[') {
      // A character class, as in fnmatch: `[!…]` negates, a leading `]` is literal.
      let j = i;
      if (pat[j] === '!') j += 1;
      if (pat[j] === ']') j += 1;
      while (j < pat.length && pat[j] !== ']') j += 1;
      if (j >= pat.length) {
        out += '\\[';
      } else {
        let stuff = pat.slice(i, j).replaceAll('\\', '\\\\');
        i = j + 1;
        if (stuff.startsWith('!')) stuff = `^${stuff.slice(1)}`;
        else if (stuff.startsWith('^')) stuff = `\\${stuff}`;
        out += `[${stuff.replaceAll(']', '\\]').replaceAll('[', '\\[')}]`;
      }
    } else {
      out += escapeRegExp(c);
    }
  }
  const regex = new RegExp(`^(?:${out})$`, opts.ignoreCase ? 'si' : 's');
  cache.set(pattern, regex);
  return regex;
}

/** A compiled glob: tests one value against the pattern it was built from. */
export type GlobTester = (value: string) => boolean;

const GLOB_SPECIALS = /[*?[]/;

const MEMO_SIZE = 4096;

/**
 * Remembers a tester's answers: the same paths, modules and functions come back in every frame
 * pass and every event of an app, and a map lookup is cheaper than a regex over a path.
 */
const remembered = (test: GlobTester): GlobTester => memoized(MEMO_SIZE, test);

/**
 * Builds the tester for a pattern once. Patterns without glob characters (most rule patterns:
 * function and module names) compare as plain strings; the rest run their compiled regex.
 */
function buildTester(pattern: string, opts: GlobOptions): GlobTester {
  const pat = opts.pathNormalize ? pattern.replaceAll('\\', '/') : pattern;
  const normalizeValue = opts.pathNormalize
    ? (value: string) => (value.includes('\\') ? value.replaceAll('\\', '/') : value)
    : (value: string) => value;
  if (!GLOB_SPECIALS.test(pat) && !opts.ignoreCase) return (value) => normalizeValue(value) === pat;
  const regex = globToRegExp(pattern, opts);
  return remembered((value) => regex.test(normalizeValue(value)));
}

export function compileGlob(pattern: string, opts: GlobOptions = {}): GlobTester {
  const cache = testerCaches[optionBits(opts)]!;
  let tester = cache.get(pattern);
  if (!tester) {
    tester = buildTester(pattern, opts);
    cache.set(pattern, tester);
  }
  return tester;
}

export function globMatch(
  value: string | null | undefined,
  pattern: string,
  opts: GlobOptions = {},
): boolean {
  return compileGlob(pattern, opts)(value ?? '');
}

const PATH_OPTIONS: GlobOptions = { doublestar: true, pathNormalize: true };

const pathLikeCache = new Map<string, GlobTester>();

/** `path_like_match` compiled once: paths match with or without a leading slash. */
export function compilePathLike(pattern: string): GlobTester {
  let pathLike = pathLikeCache.get(pattern);
  if (!pathLike) {
    const tester = compileGlob(pattern, PATH_OPTIONS);
    pathLike = remembered((value) => tester(value) || (!value.startsWith('/') && tester(`/${value}`)));
    pathLikeCache.set(pattern, pathLike);
  }
  return pathLike;
}

/** Paths match with or without a leading slash (`path_like_match`). */
export function pathLikeMatch(pattern: string, value: string): boolean {
  return compilePathLike(pattern)(value);
}

// Stack-trace rules match as Sentry's rule engine does (a Rust `globset` glob, case-insensitive):
// `*` and `?` stop at `/` only in path and package patterns; `**` crosses `/` only as a whole
// path segment (`**/x`, `x/**`, `x/**/y`), elsewhere it is two `*` (so `**.app/Contents/**` needs
// the bundle at the start of the path and `dart:**` never crosses a `/`); `{a,b}` alternates;
// `\` escapes the next character in other patterns (in path and package patterns it is a `/`).

function globsetSource(pattern: string, literalSeparator: boolean): string {
  const pat = literalSeparator ? pattern.replaceAll('\\', '/') : pattern;
  const star = literalSeparator ? '[^/]*' : '.*';
  // Each piece is a regex fragment; `sep` marks a literal `/` a following `/**` may absorb.
  const pieces: { re: string; kind?: 'sep' | 'prefix' | 'suffix' }[] = [];
  let depth = 0;
  let i = 0;
  while (i < pat.length) {
    const c = pat[i]!;
    i += 1;
    if (c === '*') {
      if (pat[i] !== '*') {
        pieces.push({ re: star });
        continue;
      }
      i += 1;
      const prev = pat[i - 3];
      if (pieces.length === 0) {
        if (i < pat.length && pat[i] !== '/') pieces.push({ re: star }, { re: star });
        else {
          pieces.push({ re: '(?:/?|.*/)', kind: 'prefix' });
          if (pat[i] === '/') i += 1;
        }
        continue;
      }
      if (prev !== '/' && !(depth > 0 && (prev === ',' || prev === '{'))) {
        pieces.push({ re: star }, { re: star });
        continue;
      }
      let suffix: boolean;
      if (i >= pat.length || (depth > 0 && (pat[i] === ',' || pat[i] === '}'))) suffix = true;
      else if (pat[i] === '/') {
        i += 1;
        suffix = false;
      } else {
        pieces.push({ re: star }, { re: star });
        continue;
      }
      const last = pieces.pop()!;
      if (last.kind === 'prefix' || last.kind === 'suffix') pieces.push(last);
      else pieces.push(suffix ? { re: '/.*', kind: 'suffix' } : { re: '(?:/|/.*/)' });
    } else if (c === '?') {
      pieces.push({ re: literalSeparator ? '[^/]' : '.' });
    } else if (c === '[') {
      let j = i;
      if (pat[j] === '!' || pat[j] === '^') j += 1;
      if (pat[j] === ']') j += 1;
      while (j < pat.length && pat[j] !== ']') j += 1;
      if (j >= pat.length) {
        pieces.push({ re: '\\[' });
        continue;
      }
      let body = pat.slice(i, j);
      i = j + 1;
      const negated = body.startsWith('!') || body.startsWith('^');
      if (negated) body = body.slice(1);
      const escaped = body.replaceAll('\\', '\\\\').replaceAll('[', '\\[').replaceAll(']', '\\]');
      pieces.push({ re: `[${negated ? '^' : ''}${escaped.replaceAll('^', '\\^')}]` });
    } else if (c === '{') {
      depth += 1;
      pieces.push({ re: '(?:' });
    } else if (c === '}' && depth > 0) {
      depth -= 1;
      pieces.push({ re: ')' });
    } else if (c === ',' && depth > 0) {
      pieces.push({ re: '|' });
    } else if (c === '\\' && i < pat.length) {
      pieces.push({ re: escapeRegExp(pat[i]!) });
      i += 1;
    } else {
      pieces.push({ re: escapeRegExp(c), kind: c === '/' ? 'sep' : undefined });
    }
  }
  if (pieces.length === 1 && pieces[0]!.kind === 'prefix') return '.*';
  return pieces.map((p) => p.re).join('');
}

const ruleGlobCache = new Map<string, GlobTester>();

/** A stack-trace rule's pattern for function, module, category and exception values. */
export function compileRuleGlob(pattern: string): GlobTester {
  let tester = ruleGlobCache.get(pattern);
  if (!tester) {
    if (!/[*?[{\\]/.test(pattern)) {
      const lower = pattern.toLowerCase();
      tester = remembered((value) => value.toLowerCase() === lower);
    } else {
      const regex = new RegExp(`^(?:${globsetSource(pattern, false)})$`, 'si');
      tester = remembered((value) => regex.test(value));
    }
    ruleGlobCache.set(pattern, tester);
  }
  return tester;
}

const rulePathCache = new Map<string, GlobTester>();

/** A stack-trace rule's path or package pattern: matches with or without a leading slash. */
export function compileRulePath(pattern: string): GlobTester {
  let tester = rulePathCache.get(pattern);
  if (!tester) {
    const regex = new RegExp(`^(?:${globsetSource(pattern, true)})$`, 'si');
    const test = (value: string) => regex.test(value.includes('\\') ? value.replaceAll('\\', '/') : value);
    tester = remembered((value) => test(value) || (!value.startsWith('/') && test(`/${value}`)));
    rulePathCache.set(pattern, tester);
  }
  return tester;
}

/**
 * Why Sentry's rule engine refuses a rule's pattern (globset's errors), or null when it is a valid
 * glob: an unclosed `[` class or a reversed range in it, an unclosed, unopened or nested `{`
 * alternation, a trailing `\` in a name pattern.
 */
export function rulePatternError(pattern: string, pathLike: boolean): string | null {
  const pat = pathLike ? pattern.replaceAll('\\', '/') : pattern;
  let inAlternation = false;
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i];
    if (c === '\\') {
      if (i + 1 >= pat.length) return `dangling '\\' in ${pattern}`;
      i += 1;
    } else if (c === '[') {
      let j = i + 1;
      if (pat[j] === '!' || pat[j] === '^') j += 1;
      if (pat[j] === ']') j += 1;
      while (j < pat.length && pat[j] !== ']') {
        if (pat[j + 1] === '-' && pat[j + 2] !== undefined && pat[j + 2] !== ']' && pat[j]! > pat[j + 2]!)
          return `invalid range ${pat.slice(j, j + 3)} in ${pattern}`;
        j += 1;
      }
      if (j >= pat.length) return `unclosed character class in ${pattern}`;
      i = j;
    } else if (c === '{') {
      if (inAlternation) return `nested alternates in ${pattern}`;
      inAlternation = true;
    } else if (c === '}') {
      if (!inAlternation) return `unopened alternates in ${pattern}`;
      inAlternation = false;
    }
  }
  return inAlternation ? `unclosed alternates in ${pattern}` : null;
}
