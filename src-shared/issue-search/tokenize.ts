/**
 * The scanner of Sentry's search grammar: whitespace-separated terms, each either a filter
 * (`key:value`, `!key:value`, `key:>=N`, `key:"quoted value"`, `key:[a, "b c"]`) or free text
 * (a word or a quoted phrase). Boolean operators (`OR`, `AND`, in any case) are Discover syntax
 * that the issue stream rejects, so they are errors here, at their position; parentheses, which
 * group them there, are read as Sentry's issue search reads them without booleans: as free text,
 * `(…)` and all, so only an unmatched one is an error.
 */
import { type CompareOp, IssueSearchError, type Span } from './types.ts';

export interface RawValueItem {
  text: string;
  quoted: boolean;
  span: Span;
}

export type RawTerm =
  | {
      kind: 'filter';
      negated: boolean;
      key: string;
      keySpan: Span;
      op: CompareOp | null;
      /** One item, or the items of a `[a, b]` list. */
      values: RawValueItem[];
      isList: boolean;
      valueSpan: Span;
      span: Span;
    }
  | { kind: 'text'; text: string; quoted: boolean; span: Span };

const KEY = /(!?)(tags\[[^\]\s]+\]|[a-zA-Z0-9_.-]+):/y;
const OPS: readonly CompareOp[] = ['>=', '<=', '!=', '>', '<', '='];
const isSpace = (char: string | undefined) => char !== undefined && /\s/.test(char);

class Scanner {
  readonly text: string;
  /** What the search is called in messages ("issue search", "log search"). */
  readonly name: string;
  pos = 0;

  constructor(text: string, name: string) {
    this.text = text;
    this.name = name;
  }

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  peek(offset = 0): string | undefined {
    return this.text[this.pos + offset];
  }

  skipSpaces(): void {
    while (isSpace(this.peek())) this.pos++;
  }

  /** A `"…"` string starting at the cursor; `\"` and `\\` are escapes. */
  quoted(): RawValueItem {
    const start = this.pos;
    this.pos++;
    let out = '';
    while (!this.done) {
      const char = this.peek();
      if (char === '\\' && (this.peek(1) === '"' || this.peek(1) === '\\')) {
        out += this.peek(1);
        this.pos += 2;
        continue;
      }
      this.pos++;
      if (char === '"') return { text: out, quoted: true, span: { start, end: this.pos } };
      out += char;
    }
    throw new IssueSearchError('Missing closing quote', { start, end: this.pos });
  }

  /** An unquoted run up to whitespace (or one of `stops`). */
  word(stops = ''): RawValueItem {
    const start = this.pos;
    while (!this.done && !isSpace(this.peek()) && !stops.includes(this.peek() ?? '')) this.pos++;
    return { text: this.text.slice(start, this.pos), quoted: false, span: { start, end: this.pos } };
  }

  /**
   * Free text up to whitespace outside parentheses: a balanced `(…)` is part of it, spaces and all,
   * as Sentry's free text and paren groups are; a boolean operator inside one is still refused.
   */
  freeText(): RawValueItem {
    const start = this.pos;
    const open: number[] = [];
    while (!this.done) {
      const char = this.peek();
      if (open.length === 0 && isSpace(char)) break;
      if (open.length > 0 && char === '"') {
        this.quoted();
        continue;
      }
      if (open.length > 0 && /[\s(]/.test(this.text[this.pos - 1] ?? '')) this.refuseBoolean();
      if (char === '(') open.push(this.pos);
      else if (char === ')' && open.pop() === undefined) throw unmatched(this.pos);
      this.pos++;
    }
    const unclosed = open[0];
    if (unclosed !== undefined) throw unmatched(unclosed);
    return { text: this.text.slice(start, this.pos), quoted: false, span: { start, end: this.pos } };
  }

  /** At the start of a word: `OR` or `AND` (any case) as a word of its own is an error there. */
  refuseBoolean(): void {
    const match = /(or|and)(?=[\s)]|$)/iy;
    match.lastIndex = this.pos;
    const found = match.exec(this.text);
    if (found)
      throw new IssueSearchError(
        `Boolean statements containing "${found[0].toUpperCase()}" are not supported in ${this.name}`,
        { start: this.pos, end: this.pos + found[0].length },
      );
  }

  list(): RawValueItem[] {
    const start = this.pos;
    this.pos++;
    const items: RawValueItem[] = [];
    for (;;) {
      this.skipSpaces();
      if (this.done) throw new IssueSearchError('Missing closing ] of the list', { start, end: this.pos });
      const item = this.peek() === '"' ? this.quoted() : this.word(',]');
      if (item.text === '' && !item.quoted) {
        const error = new IssueSearchError('Empty item in the list', {
          start: item.span.start,
          end: item.span.start + 1,
        });
        this.skipPastList();
        throw error;
      }
      items.push(item);
      this.skipSpaces();
      const next = this.peek();
      this.pos++;
      if (next === ']') return items;
      if (next !== ',') {
        const error = new IssueSearchError('List items are separated by commas', {
          start: this.pos - 1,
          end: Math.min(this.pos, this.text.length),
        });
        this.skipPastList();
        throw error;
      }
    }
  }

  /** After a mistake inside a list: go on after its `]`, so the terms after it are still read. */
  skipPastList(): void {
    const close = this.text.indexOf(']', this.pos);
    this.pos = close === -1 ? this.text.length : close + 1;
  }

  op(): CompareOp | null {
    for (const op of OPS) {
      if (this.text.startsWith(op, this.pos)) {
        this.pos += op.length;
        return op;
      }
    }
    return null;
  }
}

function unmatched(at: number): IssueSearchError {
  return new IssueSearchError('Unmatched parenthesis; enclose text with parentheses in double quotes', {
    start: at,
    end: at + 1,
  });
}

function filterTerm(scanner: Scanner, match: RegExpExecArray): RawTerm {
  const start = scanner.pos;
  const negated = match[1] === '!';
  const key = match[2] ?? '';
  const keySpan = { start: start + (negated ? 1 : 0), end: start + match[0].length - 1 };
  scanner.pos += match[0].length;
  const op = scanner.op();
  const valueStart = scanner.pos;
  const next = scanner.peek();
  if (next === undefined || isSpace(next))
    throw new IssueSearchError(`Empty value after '${key}:'`, { start, end: scanner.pos });
  const isList = next === '[';
  const values = isList ? scanner.list() : [next === '"' ? scanner.quoted() : scanner.word()];
  if (!isSpace(scanner.peek()) && !scanner.done) {
    const rest = scanner.word();
    throw new IssueSearchError('Unexpected text after the value; quote values with spaces', rest.span);
  }
  return {
    kind: 'filter',
    negated,
    key,
    keySpan,
    op,
    values,
    isList,
    valueSpan: { start: valueStart, end: scanner.pos },
    span: { start, end: scanner.pos },
  };
}

/** The terms of a search and what is wrong in it, every error at its place. */
export interface Scanned {
  terms: RawTerm[];
  errors: IssueSearchError[];
}

function term(scanner: Scanner): RawTerm {
  if (scanner.peek() === '"') {
    const item = scanner.quoted();
    return { kind: 'text', text: item.text, quoted: true, span: item.span };
  }
  KEY.lastIndex = scanner.pos;
  const match = KEY.exec(scanner.text);
  if (match) return filterTerm(scanner, match);
  scanner.refuseBoolean();
  const word = scanner.freeText();
  return { kind: 'text', text: word.text, quoted: false, span: word.span };
}

/**
 * Scans the whole search: a term that is wrong is reported and skipped (up to the next space), and
 * the scan goes on, so every mistake is shown at once rather than one per attempt. `name` is what
 * messages call the search (other pages use the same grammar).
 */
export function scan(text: string, name = 'issue search'): Scanned {
  const scanner = new Scanner(text, name);
  const out: Scanned = { terms: [], errors: [] };
  for (scanner.skipSpaces(); !scanner.done; scanner.skipSpaces()) {
    try {
      out.terms.push(term(scanner));
    } catch (error) {
      if (!(error instanceof IssueSearchError)) throw error;
      out.errors.push(error);
      scanner.pos = Math.max(scanner.pos, error.span.end);
      if (!isSpace(scanner.text[scanner.pos - 1])) scanner.word();
    }
  }
  return out;
}
