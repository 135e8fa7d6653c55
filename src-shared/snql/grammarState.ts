/**
 * The scanning state shared by the SnQL grammar rules: the text, a packrat memo (so ordered
 * choices that re-try the same rule at the same offset stay linear), and parsimonious-style
 * failure tracking: the furthest offset at which a *named* rule failed, last one wins on ties.
 * That is what Snuba's "Rule 'x' didn't match at '…'" messages report.
 */
import type { Span } from './ast.ts';

export interface Ok<T> {
  readonly end: number;
  readonly value: T;
}

export type Res<T> = Ok<T> | null;

const WHITESPACE = /\s/;

/**
 * How deep named rules may nest. Each level of parentheses or function call costs about a dozen
 * rules, so this admits function calls nested ~200 deep (far beyond any real query) and stops a
 * hostile one before the JavaScript stack does (Snuba's parser would hit Python's recursion limit).
 */
export const MAX_RULE_DEPTH = 2_000;

/** Thrown when the rule depth is exceeded; parseSnql turns it into a ParsingException. */
export class NestingTooDeep extends Error {
  readonly pos: number;

  constructor(pos: number) {
    super('query nested too deeply');
    this.pos = pos;
  }
}

export class GrammarState {
  readonly text: string;
  failPos = -1;
  failRule = '';
  private readonly lineStarts: number[];
  private readonly memo = new Map<number, Res<unknown>>();
  /** Visitor errors (bad string escapes) found while parsing, raised only if the node survives. */
  readonly deferred = new WeakMap<object, Error>();
  private depth = 0;

  constructor(text: string) {
    this.text = text;
    this.lineStarts = [0];
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    }
  }

  fail(rule: string, pos: number): void {
    if (pos >= this.failPos) {
      this.failPos = pos;
      this.failRule = rule;
    }
  }

  /** Runs a named rule: records its failure at `pos` like parsimonious does. */
  named<T>(rule: string, pos: number, body: () => Res<T>): Res<T> {
    if (++this.depth > MAX_RULE_DEPTH) throw new NestingTooDeep(pos);
    try {
      const result = body();
      if (result === null) this.fail(rule, pos);
      return result;
    } finally {
      this.depth--;
    }
  }

  /** A named rule whose result is cached per offset; cache hits still record the failure. */
  memoized<T>(ruleId: number, rule: string, pos: number, body: () => Res<T>): Res<T> {
    const key = ruleId * (this.text.length + 1) + pos;
    if (this.memo.has(key)) {
      const cached = this.memo.get(key) as Res<T>;
      if (cached === null) this.fail(rule, pos);
      return cached;
    }
    const result = this.named(rule, pos, body);
    this.memo.set(key, result);
    return result;
  }

  lineOf(pos: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  span(offset: number, end: number): Span {
    const line = this.lineOf(offset);
    const column = offset - (this.lineStarts[line - 1] ?? 0) + 1;
    return { offset, end, line, column };
  }

  /** `space*`: always succeeds; the final failed `space` is recorded, as in parsimonious. */
  spaces(pos: number): number {
    let p = pos;
    while (p < this.text.length && WHITESPACE.test(this.text.charAt(p))) p++;
    this.fail('space', p);
    return p;
  }

  /** `space+`: -1 when there is no whitespace at `pos`. */
  spaces1(pos: number): number {
    const p = this.spaces(pos);
    return p > pos ? p : -1;
  }

  /** An exact, case-sensitive string; `rule` names it for failure reports (anonymous if omitted). */
  literal(pos: number, s: string, rule?: string): number {
    if (this.text.startsWith(s, pos)) return pos + s.length;
    if (rule) this.fail(rule, pos);
    return -1;
  }

  /** A sticky regex match; returns the end offset or -1. */
  regex(pos: number, re: RegExp, rule: string): number {
    re.lastIndex = pos;
    const m = re.exec(this.text);
    if (m === null) {
      this.fail(rule, pos);
      return -1;
    }
    return pos + m[0].length;
  }
}
