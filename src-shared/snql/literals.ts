/**
 * Literal decoding as Snuba's visitor does it (`visit_quoted_literal`, `visit_numeric_literal`);
 * datetime text (`toDateTime('…')`) is read in datetimeText.ts.
 */
import type { LiteralValue } from './ast.ts';

/** Raised for a string body Python's `re` template parser would refuse (Snuba re-raises it as ParsingException). */
export class EscapeError extends Error {}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isOctal = (c: string): boolean => c >= '0' && c <= '7';
const isAsciiLetter = (c: string): boolean => /^[A-Za-z]$/.test(c);

/**
 * Snuba strips the quotes and runs the body through Python's `re` replacement-template
 * processing, then turns `\'` into `'`. So `\\` is `\`, `\n` a newline, `\1` a group reference
 * that expands to nothing, an unknown letter escape (`\d`) is "bad escape", and any other escape
 * (`\'`, `\"`, `\&`) is kept as written.
 */
export function decodeStringBody(body: string): string {
  let out = '';
  let i = 0;
  while (i < body.length) {
    const ch = body.charAt(i);
    if (ch !== '\\') {
      out += ch;
      i++;
      continue;
    }
    if (i + 1 >= body.length) throw new EscapeError(`bad escape (end of pattern) at position ${i}`);
    const c = body.charAt(i + 1);
    if (c === 'g') {
      i = skipGroupName(body, i);
    } else if (c === '0') {
      let j = i + 2;
      while (j < i + 4 && j < body.length && isOctal(body.charAt(j))) j++;
      out += String.fromCharCode(Number.parseInt(body.slice(i + 1, j), 8) & 0xff);
      i = j;
    } else if (isDigit(c)) {
      i = decodeDigitEscape(body, i, (s) => {
        out += s;
      });
    } else if (SIMPLE_ESCAPES[c] !== undefined) {
      out += SIMPLE_ESCAPES[c];
      i += 2;
    } else if (isAsciiLetter(c)) {
      throw new EscapeError(`bad escape \\${c} at position ${i}`);
    } else {
      out += `\\${c}`;
      i += 2;
    }
  }
  return out.replaceAll("\\'", "'");
}

/** `\1`…`\99` are group references (empty: the group never matches); `\ooo` with 3 octal digits is a char. */
function decodeDigitEscape(body: string, i: number, emit: (s: string) => void): number {
  const c = body.charAt(i + 1);
  const d2 = body.charAt(i + 2);
  if (isDigit(d2)) {
    const d3 = body.charAt(i + 3);
    if (isOctal(c) && isOctal(d2) && isOctal(d3)) {
      const code = Number.parseInt(body.slice(i + 1, i + 4), 8);
      if (code > 0o377) {
        throw new EscapeError(`octal escape value \\${body.slice(i + 1, i + 4)} outside of range 0-0o377`);
      }
      emit(String.fromCharCode(code));
      return i + 4;
    }
    checkGroup(Number.parseInt(body.slice(i + 1, i + 3), 10), i);
    return i + 3;
  }
  checkGroup(Number.parseInt(c, 10), i);
  return i + 2;
}

function skipGroupName(body: string, i: number): number {
  if (body.charAt(i + 2) !== '<') throw new EscapeError(`missing < at position ${i + 2}`);
  const close = body.indexOf('>', i + 3);
  if (close < 0) throw new EscapeError(`missing >, unterminated name at position ${i + 3}`);
  const name = body.slice(i + 3, close);
  if (!/^\d+$/.test(name)) throw new EscapeError(`unknown group name '${name}'`);
  checkGroup(Number.parseInt(name, 10), i);
  return close + 1;
}

/** The template's pattern has exactly one (never matching) group. */
function checkGroup(index: number, pos: number): void {
  if (index > 1) throw new EscapeError(`invalid group reference ${index} at position ${pos + 1}`);
}

/** `int(text)` if it is an integer, else `float(text)`, as in `visit_numeric_literal`. */
export function numericLiteral(text: string): LiteralValue {
  if (/^-?[0-9]+$/.test(text)) return { type: 'int', value: BigInt(text) };
  return { type: 'float', value: Number.parseFloat(text) };
}
