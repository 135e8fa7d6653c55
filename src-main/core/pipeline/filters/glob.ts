/**
 * Glob patterns as Relay's inbound filters read them (`GlobPatterns`: globset, case-insensitive,
 * backslash escapes, a pattern matches the whole text and `*` crosses `/` and newlines). `?` is one
 * character, `[a-z]` / `[!a-z]` a class, `{a,b}` alternatives. A pattern globset refuses (an
 * unclosed class or alternation) is skipped, as Relay skips it; an empty text matches nothing.
 */

const SPECIAL = /[.*+?^${}()|[\]\\/-]/g;
const literal = (char: string) => char.replace(SPECIAL, '\\$&');

/** `[` at `start`: the class's regex source and where it ends, or undefined when unclosed. */
function charClass(pattern: string, start: number): { source: string; end: number } | undefined {
  let i = start + 1;
  let negate = false;
  if (pattern[i] === '!' || pattern[i] === '^') {
    negate = true;
    i++;
  }
  let body = '';
  // A `]` first in the class is a member, as in globset.
  if (pattern[i] === ']') {
    body += '\\]';
    i++;
  }
  for (; i < pattern.length; i++) {
    const char = pattern[i] as string;
    if (char === ']') return { source: `[${negate ? '^' : ''}${body}]`, end: i };
    body += char === '-' ? '-' : literal(char);
  }
  return undefined;
}

/** The regex source of a glob, or undefined when globset would refuse it. */
function globSource(pattern: string): string | undefined {
  let out = '';
  let alternation = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string;
    if (char === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) return undefined;
      out += literal(next);
      i++;
    } else if (char === '*') out += '.*';
    else if (char === '?') out += '.';
    else if (char === '[') {
      const parsed = charClass(pattern, i);
      if (!parsed) return undefined;
      out += parsed.source;
      i = parsed.end;
    } else if (char === '{') {
      if (alternation) return undefined;
      alternation = true;
      out += '(?:';
    } else if (char === '}' && alternation) {
      alternation = false;
      out += ')';
    } else if (char === ',' && alternation) out += '|';
    else out += literal(char);
  }
  return alternation ? undefined : out;
}

export function compileGlob(pattern: string): RegExp | undefined {
  const source = globSource(pattern);
  if (source === undefined) return undefined;
  try {
    return new RegExp(`^(?:${source})$`, 'is');
  } catch {
    return undefined;
  }
}

export class GlobPatterns {
  readonly #globs: RegExp[];

  constructor(patterns: readonly string[]) {
    this.#globs = patterns.flatMap((pattern) => compileGlob(pattern) ?? []);
  }

  get isEmpty(): boolean {
    return this.#globs.length === 0;
  }

  isMatch(text: string): boolean {
    if (text === '') return false;
    for (const glob of this.#globs) if (glob.test(text)) return true;
    return false;
  }
}
