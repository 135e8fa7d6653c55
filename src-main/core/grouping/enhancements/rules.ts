// Parser for Sentry's stack-trace rule language ("enhancements"):
//   [caller matchers] | matchers | [callee matchers]  actions
// e.g. `family:native function:std::* -app`, `category:throw ^-group -group`,
// `[ category:driver ] | family:native category=internals`.

import { syntaxErrorMessage } from '../rule-syntax.ts';
import { rulePatternError } from './glob.ts';

export type MatcherKey =
  | 'family'
  | 'path'
  | 'package'
  | 'module'
  | 'function'
  | 'app'
  | 'category'
  | 'type'
  | 'value'
  | 'mechanism';

export interface FrameMatcher {
  key: MatcherKey;
  /** The key as written, for hints (`stack.function` is shown as `function`). */
  displayKey: string;
  pattern: string;
  negated: boolean;
  /**
   * A frame matcher whose pattern is no valid glob (an unclosed `[`, a reversed range, unbalanced
   * or nested `{}`, a trailing backslash): Sentry's rule engine keeps the rule, and the matcher
   * matches no frame (negated, every frame). An exception matcher's invalid pattern is refused.
   */
  matchesNothing?: true;
}

export type FlagRange = 'up' | 'down' | null;

export type EnhancementAction =
  | { kind: 'flag'; key: 'app' | 'group'; flag: boolean; range: FlagRange }
  | { kind: 'var'; name: 'category'; value: string }
  | { kind: 'var'; name: 'max-frames' | 'min-frames'; value: number }
  | { kind: 'var'; name: 'invert-stacktrace'; value: boolean };

export interface EnhancementRule {
  matchers: FrameMatcher[];
  callerMatchers: FrameMatcher[];
  calleeMatchers: FrameMatcher[];
  actions: EnhancementAction[];
  isBuiltin: boolean;
}

export class InvalidEnhancementsError extends Error {
  readonly type = 'invalid_enhancements';
}

const KEY_ALIASES: Record<string, MatcherKey> = {
  family: 'family',
  path: 'path',
  'stack.abs_path': 'path',
  package: 'package',
  'stack.package': 'package',
  module: 'module',
  'stack.module': 'module',
  function: 'function',
  'stack.function': 'function',
  app: 'app',
  'stack.app': 'app',
  category: 'category',
  type: 'type',
  'error.type': 'type',
  value: 'value',
  'error.value': 'value',
  mechanism: 'mechanism',
  'error.mechanism': 'mechanism',
};

const DISPLAY_KEYS: Record<MatcherKey, string> = {
  family: 'family',
  path: 'path',
  package: 'package',
  module: 'module',
  function: 'function',
  app: 'app',
  category: 'category',
  type: 'error.type',
  value: 'error.value',
  mechanism: 'error.mechanism',
};

/** Splits a rule line into tokens; `"…"` quotes an argument, `[`, `]` and `|` stand alone. */
function tokenize(line: string): string[] {
  const tokens: string[] = [];
  let buf = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      // As Sentry's grammar: `\\` is one backslash, other backslashes stay for the glob to
      // read as escapes (`"-\[NSISEngine*"` matches a literal `[`); `\"` is a quote.
      if (c === '\\' && (line[i + 1] === '\\' || line[i + 1] === '"')) {
        buf += line[++i];
      } else if (c === '"') {
        quoted = false;
      } else {
        buf += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (/\s/.test(c)) {
      if (buf) tokens.push(buf);
      buf = '';
    } else if ((c === '|' || c === ']') && !buf.includes(':')) {
      if (buf) tokens.push(buf);
      tokens.push(c);
      buf = '';
    } else if (c === '[' && buf === '') {
      tokens.push(c);
    } else {
      buf += c;
    }
  }
  if (buf) tokens.push(buf);
  return tokens;
}

const EXCEPTION_KEYS: ReadonlySet<MatcherKey> = new Set(['type', 'value', 'mechanism']);

function parseMatcher(token: string): FrameMatcher | null {
  const negated = token.startsWith('!');
  const body = negated ? token.slice(1) : token;
  const colon = body.indexOf(':');
  if (colon <= 0) return null;
  const rawKey = body.slice(0, colon);
  const key = KEY_ALIASES[rawKey];
  if (!key) throw new InvalidEnhancementsError(`unknown matcher: ${rawKey}`);
  const pattern = body.slice(colon + 1);
  const matcher: FrameMatcher = { key, displayKey: DISPLAY_KEYS[key], pattern, negated };
  if (key === 'family' || key === 'app') return matcher;
  const error = rulePatternError(pattern, key === 'path' || key === 'package');
  if (error === null) return matcher;
  if (EXCEPTION_KEYS.has(key)) throw new InvalidEnhancementsError(error);
  return { ...matcher, matchesNothing: true };
}

function parseAction(token: string): EnhancementAction {
  const eq = token.indexOf('=');
  if (eq > 0) {
    const name = token.slice(0, eq);
    const value = token.slice(eq + 1);
    if (name === 'category') return { kind: 'var', name, value };
    if (name === 'max-frames' || name === 'min-frames') return { kind: 'var', name, value: Number(value) };
    if (name === 'invert-stacktrace') {
      return { kind: 'var', name, value: ['1', 'yes', 'true'].includes(value.toLowerCase()) };
    }
    throw new InvalidEnhancementsError(`unknown variable: ${name}`);
  }
  const match = /^([v^])?([+-])(app|group)$/.exec(token);
  if (!match) throw new InvalidEnhancementsError(`invalid action: ${token}`);
  const range: FlagRange = match[1] === '^' ? 'up' : match[1] === 'v' ? 'down' : null;
  return { kind: 'flag', key: match[3] as 'app' | 'group', flag: match[2] === '+', range };
}

function parseMatcherList(tokens: string[]): FrameMatcher[] {
  return tokens.map((t) => {
    const m = parseMatcher(t);
    if (!m) throw new InvalidEnhancementsError(`invalid matcher: ${t}`);
    return m;
  });
}

export function parseRule(line: string, isBuiltin: boolean): EnhancementRule {
  let tokens = tokenize(line);
  let callerMatchers: FrameMatcher[] = [];
  let calleeMatchers: FrameMatcher[] = [];
  if (tokens[0] === '[') {
    const close = tokens.indexOf(']');
    if (close < 0 || tokens[close + 1] !== '|') throw new InvalidEnhancementsError(`bad caller: ${line}`);
    callerMatchers = parseMatcherList(tokens.slice(1, close));
    tokens = tokens.slice(close + 2);
  }
  const pipe = tokens.indexOf('|');
  if (pipe >= 0) {
    const close = tokens.indexOf(']', pipe);
    if (tokens[pipe + 1] !== '[' || close < 0) throw new InvalidEnhancementsError(`bad callee: ${line}`);
    calleeMatchers = parseMatcherList(tokens.slice(pipe + 2, close));
    tokens = [...tokens.slice(0, pipe), ...tokens.slice(close + 1)];
  }
  const matchers: FrameMatcher[] = [];
  const actions: EnhancementAction[] = [];
  for (const token of tokens) {
    const matcher = actions.length === 0 ? parseMatcher(token) : null;
    if (matcher && !token.includes('=')) matchers.push(matcher);
    else actions.push(parseAction(token));
  }
  if (actions.length === 0) throw new InvalidEnhancementsError(`rule without actions: ${line}`);
  return { matchers, callerMatchers, calleeMatchers, actions, isBuiltin };
}

/**
 * Where in `raw` the part a rule error names starts (1-based): the token the message quotes after
 * its colon, else the rule's first character.
 */
function errorColumn(raw: string, message: string): number {
  const token = /: (.+)$/.exec(message)?.[1];
  const at = token ? raw.indexOf(token) : -1;
  return (at >= 0 ? at : raw.search(/\S/)) + 1;
}

/** Throws InvalidEnhancementsError naming the line and column of a rule that does not parse. */
export function parseEnhancements(text: string, isBuiltin: boolean): EnhancementRule[] {
  const rules: EnhancementRule[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) return;
    try {
      rules.push(parseRule(line, isBuiltin));
    } catch (error) {
      if (!(error instanceof InvalidEnhancementsError)) throw error;
      const column = errorColumn(raw, error.message);
      throw new InvalidEnhancementsError(syntaxErrorMessage(raw, index + 1, column, error.message));
    }
  });
  return rules;
}

function describeMatcher(m: FrameMatcher): string {
  return `${m.negated ? '!' : ''}${m.displayKey}:${m.pattern}`;
}

function describeAction(a: EnhancementAction): string {
  if (a.kind === 'var')
    return `${a.name}=${typeof a.value === 'boolean' ? (a.value ? 'yes' : 'no') : a.value}`;
  return `${a.range === 'up' ? '^' : a.range === 'down' ? 'v' : ''}${a.flag ? '+' : '-'}${a.key}`;
}

/** The rule text as Sentry's hints show it, limited to the actions of one kind. */
export function describeRule(rule: EnhancementRule, actions: EnhancementAction[] = rule.actions): string {
  const parts: string[] = [];
  if (rule.callerMatchers.length > 0)
    parts.push(`[ ${rule.callerMatchers.map(describeMatcher).join(' ')} ] |`);
  parts.push(...rule.matchers.map(describeMatcher));
  if (rule.calleeMatchers.length > 0)
    parts.push(`| [ ${rule.calleeMatchers.map(describeMatcher).join(' ')} ]`);
  parts.push(...actions.map(describeAction));
  return parts.join(' ');
}

export function ruleHint(rule: EnhancementRule, actions: EnhancementAction[]): string {
  return `${rule.isBuiltin ? 'built-in' : 'custom'} stacktrace rule (${describeRule(rule, actions)})`;
}
