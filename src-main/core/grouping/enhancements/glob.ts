// Glob matching as Sentry's enhancement and fingerprint matchers use it. With `doublestar`, `*`
// and `?` stop at `/` and `**` crosses it (paths); without it `*` matches anything (names).

export interface GlobOptions {
  doublestar?: boolean;
  ignoreCase?: boolean;
  pathNormalize?: boolean;
}

const cache = new Map<string, RegExp>();

function escapeRegExp(char: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(char) ? `\\${char}` : char;
}

export function globToRegExp(pattern: string, opts: GlobOptions = {}): RegExp {
  const key = `${opts.doublestar ? 'd' : ''}${opts.ignoreCase ? 'i' : ''}${opts.pathNormalize ? 'p' : ''}:${pattern}`;
  const cached = cache.get(key);
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
  cache.set(key, regex);
  return regex;
}

export function globMatch(
  value: string | null | undefined,
  pattern: string,
  opts: GlobOptions = {},
): boolean {
  let v = value ?? '';
  if (opts.pathNormalize) v = v.replaceAll('\\', '/');
  return globToRegExp(pattern, opts).test(v);
}

/** Paths match with or without a leading slash (`path_like_match`). */
export function pathLikeMatch(pattern: string, value: string): boolean {
  const opts = { doublestar: true, pathNormalize: true };
  if (globMatch(value, pattern, opts)) return true;
  return !value.startsWith('/') && globMatch(`/${value}`, pattern, opts);
}
