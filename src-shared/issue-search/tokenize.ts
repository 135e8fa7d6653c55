/**
 * The scanner of Sentry's search grammar: whitespace-separated terms, each either a filter
 * (`key:value`, `!key:value`, `key:>=N`, `key:"quoted value"`, `key:[a, "b c"]`) or free text
 * (a word or a quoted phrase). Boolean operators (`OR`, `AND`, in any case, as words of their own)
 * are event-search syntax: `scanBoolean` reads them, and parentheses as groups, into tokens for
 * `tree.ts`; `scan` is the issue search, which Sentry parses with booleans off: an operator is an
 * error at its place, and parentheses are free text, `(…)` and all, so only an unmatched one is an error.
 */
import { type CompareOp, IssueSearchError, type Span } from './types.ts';

export interface RawValueItem {
  text: string;
  quoted: boolean;
  span: Span;
}

/** What `scanBoolean` adds to the terms: `AND`/`OR` (upper-cased, as Sentry names them) and parentheses. */
export type BooleanToken =
  | { kind: 'operator'; op: 'AND' | 'OR'; span: Span }
  | { kind: 'paren'; open: boolean; span: Span };

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
/** An operator is a word of its own: followed by whitespace, a closing parenthesis or the end. */
const OPERATOR = /(or|and)(?=[\s)]|$)/iy;
const OPS: readonly CompareOp[] = ['>=', '<=', '!=', '>', '<', '='];
const isSpace = (char: string | undefined) => char !== undefined && /\s/.test(char);

class Scanner {
  readonly text: string;
  /** An event search: operators and groups are read, and values end at a parenthesis. */
  readonly booleans: boolean;
  pos = 0;

  constructor(text: string, booleans: boolean) {
    this.text = text;
    this.booleans = booleans;
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
      else if (char === ')' && open.pop() === undefined) throw parseErrorAt(this.text, this.pos);
      this.pos++;
    }
    const unclosed = open[0];
    if (unclosed !== undefined) throw parseErrorAt(this.text, unclosed);
    return { text: this.text.slice(start, this.pos), quoted: false, span: { start, end: this.pos } };
  }

  /** `OR` or `AND` (any case) as a word of its own at the cursor, or null. */
  operator(): Span | null {
    OPERATOR.lastIndex = this.pos;
    const found = OPERATOR.exec(this.text);
    return found ? { start: this.pos, end: this.pos + found[0].length } : null;
  }

  /** At the start of a word in the issue search: an operator is Sentry's refusal there. */
  refuseBoolean(): void {
    const span = this.operator();
    if (span)
      throw new IssueSearchError(
        'Boolean statements containing "OR" or "AND" are not supported in this search',
        span,
      );
  }

  /**
   * A free-text word of an event search: up to whitespace or a parenthesis, but a `(…)` of plain
   * words inside it (`fn(a b)`) is part of it, as Sentry's free text takes such parentheses.
   */
  booleanWord(): RawValueItem {
    const start = this.pos;
    while (!this.done && !isSpace(this.peek())) {
      const char = this.peek();
      if (char === ')') break;
      if (char === '(') {
        const close = this.text.indexOf(')', this.pos);
        const inner = close === -1 ? null : this.text.slice(this.pos + 1, close);
        if (inner === null || inner.includes('(') || !plainWords(inner)) break;
        this.pos = close + 1;
        continue;
      }
      this.pos++;
    }
    return { text: this.text.slice(start, this.pos), quoted: false, span: { start, end: this.pos } };
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

/** Text Sentry's free text takes inside `(…)`: words, none of them an operator or a filter. */
function plainWords(inner: string): boolean {
  return inner
    .split(/\s+/)
    .every(
      (word) => !/^(or|and)$/i.test(word) && !/^!?[a-zA-Z0-9_.[\]-]+:/.test(word) && !word.includes('"'),
    );
}

/**
 * Sentry's message where its grammar stops reading, which an unmatched parenthesis causes: the
 * text around that place, and its column counted from 1.
 */
export function parseErrorAt(text: string, at: number): IssueSearchError {
  const column = at + 1;
  const around = text.slice(Math.max(0, column - 5), column + 5);
  return new IssueSearchError(
    `Parse error at '${around}' (column ${column}). This is commonly caused by unmatched parentheses. Enclose any text in double quotes.`,
    { start: at, end: at + 1 },
  );
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
  // Sentry's values hold no parentheses; in an event search one ends the value (`(a:b OR c:d)`).
  const stops = scanner.booleans ? '()' : '';
  const values = isList ? scanner.list() : [next === '"' ? scanner.quoted() : scanner.word(stops)];
  const after = scanner.peek();
  if (!isSpace(after) && !scanner.done && !(scanner.booleans && after === ')')) {
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

/** One token of an event search, where operators and parentheses are read rather than refused. */
function booleanToken(
  scanner: Scanner,
  open: number[],
  previous: RawTerm | BooleanToken | undefined,
): RawTerm | BooleanToken {
  const start = scanner.pos;
  const char = scanner.peek();
  // After unquoted free text, `(…)` of plain words goes on with it (`failed (retrying)`), as in Sentry.
  const continuesText = previous?.kind === 'text' && !previous.quoted;
  if (char === '(' && continuesText && scanner.booleanWord().span.end > start) {
    return {
      kind: 'text',
      text: scanner.text.slice(start, scanner.pos),
      quoted: false,
      span: { start, end: scanner.pos },
    };
  }
  if (char === '(' && scanner.peek(1) !== ')') {
    // `( )` groups nothing: Sentry's grammar stops there.
    if (/^\(\s*\)/.test(scanner.text.slice(start))) throw parseErrorAt(scanner.text, start);
    scanner.pos++;
    open.push(start);
    return { kind: 'paren', open: true, span: { start, end: scanner.pos } };
  }
  if (char === ')') {
    if (open.pop() === undefined) throw parseErrorAt(scanner.text, start);
    scanner.pos++;
    return { kind: 'paren', open: false, span: { start, end: scanner.pos } };
  }
  const operator = scanner.operator();
  if (operator) {
    scanner.pos = operator.end;
    const op = scanner.text.slice(operator.start, operator.end).toUpperCase() === 'OR' ? 'OR' : 'AND';
    return { kind: 'operator', op, span: operator };
  }
  if (char === '"') {
    const item = scanner.quoted();
    return { kind: 'text', text: item.text, quoted: true, span: item.span };
  }
  KEY.lastIndex = scanner.pos;
  const match = KEY.exec(scanner.text);
  if (match) return filterTerm(scanner, match);
  const word = scanner.booleanWord();
  return { kind: 'text', text: word.text, quoted: false, span: word.span };
}

/** Runs `read` over the whole text, every mistake reported and skipped (up to the next space). */
function scanAll<T>(
  scanner: Scanner,
  read: (previous: T | undefined) => T,
): { items: T[]; errors: IssueSearchError[] } {
  const out: { items: T[]; errors: IssueSearchError[] } = { items: [], errors: [] };
  for (scanner.skipSpaces(); !scanner.done; scanner.skipSpaces()) {
    try {
      out.items.push(read(out.items.at(-1)));
    } catch (error) {
      if (!(error instanceof IssueSearchError)) throw error;
      out.errors.push(error);
      scanner.pos = Math.max(scanner.pos, error.span.end);
      if (!isSpace(scanner.text[scanner.pos - 1])) scanner.word(scanner.booleans ? '()' : '');
    }
  }
  return out;
}

/**
 * Scans the whole issue search: a term that is wrong is reported and skipped, and the scan goes
 * on, so every mistake is shown at once rather than one per attempt.
 */
export function scan(text: string): Scanned {
  const scanner = new Scanner(text, false);
  const { items, errors } = scanAll(scanner, () => term(scanner));
  return { terms: items, errors };
}

export type BooleanTokenOrTerm = RawTerm | BooleanToken;

/** The tokens of an event search, operators and parentheses among them, and every mistake, in text order. */
export function scanBoolean(text: string): { tokens: BooleanTokenOrTerm[]; errors: IssueSearchError[] } {
  const scanner = new Scanner(text, true);
  const open: number[] = [];
  const { items, errors } = scanAll<BooleanTokenOrTerm>(scanner, (previous) =>
    booleanToken(scanner, open, previous),
  );
  // The outermost group left open is where Sentry's grammar stops.
  const [unclosed] = open;
  if (unclosed !== undefined) errors.push(parseErrorAt(text, unclosed));
  errors.sort((a, b) => a.span.start - b.span.start);
  return { tokens: items, errors };
}
