// Fingerprint rules in the text syntax a project writes (Sentry's `fingerprinting/parser.py`
// grammar): one rule a line, `matchers -> values attributes`, `#` comment lines.
//
//   error.type:"TypeError" !stack.module:vendor.* -> type-errors, {{ default }} title="Type errors"
//
// Matchers are `[!]key:argument` (the key may be quoted, the argument quoted or up to the next
// space). Values are separated by spaces or commas; a `{{ variable }}` is one value whatever the
// spaces inside its braces; `key="…"` is an attribute, and only `title` is one. A line that does
// not fit is refused with its line and column, as Sentry's validator refuses it.

import { syntaxErrorMessage } from '../rule-syntax.ts';
import { DEFAULT_FINGERPRINT_VALUE, isDefaultFingerprintVariable } from './variables.ts';

export interface ParsedFingerprintRule {
  matchers: Array<{ key: string; pattern: string; negated: boolean }>;
  fingerprint: string[];
  attributes: { title?: string };
}

export class InvalidFingerprintingRulesError extends Error {
  readonly type = 'invalid_fingerprinting_rules';
}

/**
 * The keys a matcher may use (Sentry's fingerprinting `MATCHERS`): the short names, their Discover
 * field names, and any `tags.<name>`. Sentry refuses a rule with any other key.
 */
const MATCHER_KEYS = new Set([
  'type',
  'value',
  'message',
  'logger',
  'level',
  'module',
  'path',
  'package',
  'function',
  'family',
  'app',
  'sdk',
  'release',
  'error.type',
  'error.value',
  'stack.module',
  'stack.abs_path',
  'stack.package',
  'stack.function',
]);

/** Whether `key` is one a fingerprint matcher may use. */
export function isMatcherKey(key: string): boolean {
  return MATCHER_KEYS.has(key) || (key.startsWith('tags.') && key.length > 'tags.'.length);
}

const KEY = /[a-zA-Z0-9_.-]+/y;
const QUOTED_KEY = /"([a-zA-Z0-9_.:-]+)"/y;
const QUOTED = /"((?:[^"\\]|\\.)*)"/y;
const UNQUOTED = /\S+/y;
const ATTRIBUTE = /([a-zA-Z0-9_.-]+)=("(?:[^"\\]|\\.)*")/y;
const UNQUOTED_VALUE = /\{\{\s*\S+\s*\}\}|[^\s{,]+/y;

const unquote = (quoted: string) => quoted.slice(1, -1).replace(/\\(.)/g, '$1');

/** A cursor over one line; `at` is 0-based, columns in messages 1-based. */
class LineReader {
  at = 0;
  readonly text: string;
  readonly lineNo: number;

  constructor(text: string, lineNo: number) {
    this.text = text;
    this.lineNo = lineNo;
  }

  /** Sentry's `_`: spaces only. */
  skipSpaces(): void {
    while (this.text[this.at] === ' ') this.at++;
  }

  done(): boolean {
    return this.at >= this.text.length;
  }

  take(re: RegExp): RegExpExecArray | null {
    re.lastIndex = this.at;
    const match = re.exec(this.text);
    if (match) this.at = re.lastIndex;
    return match;
  }

  takeLiteral(literal: string): boolean {
    if (!this.text.startsWith(literal, this.at)) return false;
    this.at += literal.length;
    return true;
  }

  fail(detail?: string, at = this.at): never {
    throw new InvalidFingerprintingRulesError(syntaxErrorMessage(this.text, this.lineNo, at + 1, detail));
  }
}

function readMatcher(reader: LineReader): ParsedFingerprintRule['matchers'][number] {
  const start = reader.at;
  const negated = reader.takeLiteral('!');
  const quotedKey = reader.take(QUOTED_KEY);
  const key = quotedKey ? quotedKey[1] : reader.take(KEY)?.[0];
  if (key === undefined) reader.fail('expected a matcher (key:value) or "->"', start);
  if (!reader.takeLiteral(':')) reader.fail('expected a matcher (key:value) or "->"', start);
  if (!isMatcherKey(key))
    throw new InvalidFingerprintingRulesError(
      `Unknown matcher '${key}' (line ${reader.lineNo}, column ${start + 1})`,
    );
  const quoted = reader.take(QUOTED);
  if (quoted) return { key, pattern: unquote(quoted[0]), negated };
  const unquoted = reader.take(UNQUOTED);
  if (!unquoted) reader.fail('expected the value to match');
  return { key, pattern: unquoted[0], negated };
}

function readValues(reader: LineReader): Pick<ParsedFingerprintRule, 'fingerprint' | 'attributes'> {
  const fingerprint: string[] = [];
  const attributes: ParsedFingerprintRule['attributes'] = {};
  reader.skipSpaces();
  if (reader.done()) reader.fail('expected a fingerprint after "->"');
  while (!reader.done()) {
    const start = reader.at;
    const attribute = reader.take(ATTRIBUTE);
    if (attribute) {
      const name = attribute[1] as string;
      if (name !== 'title')
        throw new InvalidFingerprintingRulesError(
          `Unknown attribute '${name}' (line ${reader.lineNo}, column ${start + 1})`,
        );
      attributes.title = unquote(attribute[2] as string);
    } else {
      const value = reader.take(QUOTED)?.[0] ?? reader.take(UNQUOTED_VALUE)?.[0];
      if (value === undefined) reader.fail('expected a fingerprint value');
      const text = value.startsWith('"') ? unquote(value) : value;
      fingerprint.push(isDefaultFingerprintVariable(text) ? DEFAULT_FINGERPRINT_VALUE : text);
    }
    reader.skipSpaces();
    reader.takeLiteral(',');
    reader.skipSpaces();
  }
  return { fingerprint, attributes };
}

function parseLine(reader: LineReader): ParsedFingerprintRule {
  const matchers: ParsedFingerprintRule['matchers'] = [];
  for (;;) {
    reader.skipSpaces();
    if (reader.text.startsWith('->', reader.at)) break;
    if (reader.done()) reader.fail('expected "->" and a fingerprint');
    matchers.push(readMatcher(reader));
  }
  if (matchers.length === 0) reader.fail('expected a matcher (key:value) before "->"');
  reader.takeLiteral('->');
  return { matchers, ...readValues(reader) };
}

/** The rules of a text, in order; throws InvalidFingerprintingRulesError naming the line and column. */
export function parseFingerprintRuleLines(text: string): ParsedFingerprintRule[] {
  const rules: ParsedFingerprintRule[] = [];
  text.split(/\r\n|\r|\n/).forEach((line, index) => {
    const reader = new LineReader(line, index + 1);
    reader.skipSpaces();
    if (reader.done() || line[reader.at] === '#') return;
    rules.push(parseLine(reader));
  });
  return rules;
}
