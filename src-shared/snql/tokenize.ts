/**
 * A forgiving lexer for the console editor: it never throws, covers every non-space character
 * with a token, and classifies them for highlighting. It is not the grammar (parse.ts is); it
 * only has to agree with it on what each piece of text is.
 */
import type { Span } from './ast.ts';

export type TokenKind =
  | 'keyword'
  | 'entity'
  | 'function'
  | 'identifier'
  | 'tag_key'
  | 'quoted_identifier'
  | 'string'
  | 'number'
  | 'operator'
  | 'punctuation'
  | 'unknown';

export interface Token extends Span {
  readonly kind: TokenKind;
  readonly text: string;
}

/** Clause keywords and the multi-word operators, longest first so `ORDER BY` wins over `OR`. */
export const SNQL_KEYWORDS = [
  'IS NOT NULL',
  'ARRAY JOIN',
  'ORDER BY',
  'NOT LIKE',
  'NOT IN',
  'IS NULL',
  'GRANULARITY',
  'STORAGE',
  'TOTALS',
  'SELECT',
  'HAVING',
  'OFFSET',
  'SAMPLE',
  'MATCH',
  'WHERE',
  'LIMIT',
  'LIKE',
  'DESC',
  'AND',
  'ASC',
  'BY',
  'OR',
  'IN',
  'AS',
] as const;

const CASE_INSENSITIVE_LITERALS = new Set(['NULL', 'TRUE', 'FALSE']);
const OPERATORS = ['->', '!=', '>=', '<=', '>', '<', '=', '+', '-', '*', '/'];
const PUNCTUATION = ['-[', ']->', '(', ')', '[', ']', '{', '}', ',', ':'];
/** Column names may hold `:` (`sentry:release`) but a trailing one is the join alias' colon. */
const WORD = /[A-Za-z_][A-Za-z0-9_.@/]*(?::[A-Za-z0-9_.@/]+)*/y;
const NUMBER = /-?[0-9]+(?:\.[0-9]+)?(?:e[+-][0-9]+)?/y;
const SUBSCRIPTABLE = /(?:^|\.)(tags|flags|contexts)$/;

export function tokenize(text: string): Token[] {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  let line = 1;
  const tokens: Token[] = [];
  const push = (kind: TokenKind, offset: number, end: number): void => {
    while (line < lineStarts.length && (lineStarts[line] ?? Number.POSITIVE_INFINITY) <= offset) line++;
    const column = offset - (lineStarts[line - 1] ?? 0) + 1;
    tokens.push({ kind, text: text.slice(offset, end), offset, end, line, column });
  };
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const end = scanToken(text, i, tokens);
    push(end.kind, i, end.end);
    i = end.end;
  }
  return tokens;
}

function scanToken(text: string, i: number, previous: readonly Token[]): { kind: TokenKind; end: number } {
  const ch = text.charAt(i);
  const prev = previous[previous.length - 1];
  if (prev?.text === '[' && ch !== ']') {
    const close = text.indexOf(']', i);
    const stop = close < 0 ? text.length : close;
    const before = previous[previous.length - 2];
    if (before && SUBSCRIPTABLE.test(before.text)) return { kind: 'tag_key', end: stop };
  }
  if (ch === "'") return { kind: 'string', end: scanString(text, i) };
  if (ch === '`') {
    const close = text.indexOf('`', i + 1);
    return { kind: 'quoted_identifier', end: close < 0 ? text.length : close + 1 };
  }
  for (const k of SNQL_KEYWORDS) {
    if (text.startsWith(k, i) && !/[A-Za-z0-9_]/.test(text.charAt(i + k.length)))
      return { kind: 'keyword', end: i + k.length };
  }
  NUMBER.lastIndex = i;
  const num = NUMBER.exec(text);
  if (num && (ch !== '-' || !isOperand(prev))) return { kind: 'number', end: i + num[0].length };
  WORD.lastIndex = i;
  const word = WORD.exec(text);
  if (word)
    return { kind: classifyWord(word[0], text, i + word[0].length, previous), end: i + word[0].length };
  for (const p of PUNCTUATION) if (text.startsWith(p, i)) return { kind: 'punctuation', end: i + p.length };
  for (const op of OPERATORS) if (text.startsWith(op, i)) return { kind: 'operator', end: i + op.length };
  return { kind: 'unknown', end: i + 1 };
}

/** Up to the closing quote; `\\` and `\'` are pairs, as in the grammar. */
function scanString(text: string, start: number): number {
  let p = start + 1;
  while (p < text.length) {
    const c = text.charAt(p);
    if (c === '\\' && (text.charAt(p + 1) === "'" || text.charAt(p + 1) === '\\')) p += 2;
    else if (c === "'") return p + 1;
    else p++;
  }
  return text.length;
}

function isOperand(t: Token | undefined): boolean {
  if (t === undefined) return false;
  return (
    ['identifier', 'number', 'string', 'quoted_identifier'].includes(t.kind) ||
    t.text === ')' ||
    t.text === ']'
  );
}

function classifyWord(word: string, text: string, end: number, previous: readonly Token[]): TokenKind {
  if (CASE_INSENSITIVE_LITERALS.has(word.toUpperCase())) return 'keyword';
  if (text.charAt(end) === '(') return 'function';
  const prev = previous[previous.length - 1];
  const before = previous[previous.length - 2];
  const inMatch =
    (prev?.text === '(' &&
      (before?.text === 'MATCH' || before?.text === 'STORAGE' || before?.text === ',')) ||
    prev?.text === ':';
  if (inMatch && !text.startsWith(':', end)) return 'entity';
  return 'identifier';
}
