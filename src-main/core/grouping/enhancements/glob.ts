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
