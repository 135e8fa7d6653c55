// Server-side fingerprint rules (Sentry's `grouping/fingerprinting/`): `matchers -> fingerprint`,
// in the text syntax (`type:ChunkLoadError -> chunkloaderror title="…"`) or the JSON form that
// projects store (`{matchers: [[key, pattern]], fingerprint: [...], attributes: {...}}`).

import { compileGlob, compilePathLike, type GlobTester } from '../enhancements/glob.ts';
import {
  type EventData,
  getArray,
  getPath,
  getString,
  isObject,
  type JsonValue,
  objects,
} from '../event-data.ts';
import { behaviorFamilyForPlatform } from '../platform.ts';
import { InvalidFingerprintingRulesError, isMatcherKey, parseFingerprintRuleLines } from './parse-text.ts';
import { getTag } from './variables.ts';

export interface FingerprintMatcher {
  key: string;
  pattern: string;
  negated: boolean;
}

export interface FingerprintRule {
  matchers: FingerprintMatcher[];
  fingerprint: string[];
  attributes: { title?: string };
  isBuiltin: boolean;
}

export interface FingerprintRuleJson {
  matchers: Array<[string, string]>;
  fingerprint: string[];
  attributes: { title?: string };
  is_builtin?: boolean;
  text: string;
}

export { InvalidFingerprintingRulesError };

const KEY_ALIASES: Record<string, string> = {
  'error.type': 'type',
  'error.value': 'value',
  'stack.abs_path': 'path',
  'stack.module': 'module',
  'stack.function': 'function',
  'stack.package': 'package',
};

type MatchGroup = 'exceptions' | 'frames' | 'toplevel' | 'family' | 'sdk' | 'messages' | 'tags';

function matchGroup(key: string): MatchGroup {
  if (key === 'type' || key === 'value') return 'exceptions';
  if (['path', 'function', 'module', 'package', 'app'].includes(key)) return 'frames';
  if (key === 'family') return 'family';
  if (key === 'sdk') return 'sdk';
  if (key === 'message') return 'messages';
  if (key.startsWith('tags.')) return 'tags';
  return 'toplevel';
}

type Values = Record<string, string | boolean | null>;

/** The candidate value sets per match group; all matchers of a group must match one set. */
function valuesFor(group: MatchGroup, event: EventData): Values[] {
  const exceptions = objects(getArray(event, 'exception', 'values'));
  switch (group) {
    case 'exceptions':
      return exceptions.map((e) => ({
        type: getString(e, 'type'),
        value: getString(e, 'value'),
      }));
    case 'frames': {
      const stacks = [
        ...exceptions.map((e) => getPath(e, 'stacktrace')),
        getPath(event, 'stacktrace'),
        ...objects(getArray(event, 'threads', 'values')).map((t) => getPath(t, 'stacktrace')),
      ];
      return stacks.flatMap((s) =>
        objects(getArray(s, 'frames')).map((f) => ({
          function: getString(f, 'function'),
          path: getString(f, 'abs_path') || getString(f, 'filename'),
          module: getString(f, 'module'),
          package: getString(f, 'package'),
          app: f.in_app === true,
        })),
      );
    }
    case 'family':
      return [{ family: behaviorFamilyForPlatform(getString(event, 'platform')) }];
    case 'sdk':
      return [{ sdk: getString(event, 'sdk', 'name') }];
    case 'messages': {
      const message = getString(event, 'logentry', 'formatted') || getString(event, 'logentry', 'message');
      const values: Values[] = message ? [{ message }] : [];
      for (const e of exceptions) {
        const value = getString(e, 'value');
        if (value) values.push({ message: value });
      }
      return values;
    }
    case 'tags':
      return [{}];
    case 'toplevel':
      return [
        {
          level: getString(event, 'level'),
          logger: getString(event, 'logger'),
          release: getString(event, 'release'),
        },
      ];
  }
}

/** One matcher against one value set of its group (and the event, for tags). */
type MatcherTest = (values: Values, event: EventData) => boolean;

/** The value of `key` in the tags group's one value set, which keeps the tags read so far. */
function tagTest(key: string, tester: GlobTester): MatcherTest {
  const tag = key.slice('tags.'.length);
  return (values, event) => {
    let value = values[key];
    if (value === undefined) {
      value = getTag(event, tag);
      values[key] = value;
    }
    return typeof value === 'string' && tester(value);
  };
}

/** A string value of the set under `key`, tested; a missing or non-string value matches nothing. */
function stringTest(key: string, test: (value: string) => boolean): MatcherTest {
  return (values) => {
    const value = values[key];
    return typeof value === 'string' && test(value);
  };
}

/** Sentry's positive match of one matcher, with its pattern compiled once. */
function positiveTest(m: FingerprintMatcher): MatcherTest {
  const { key, pattern } = m;
  if (key.startsWith('tags.')) return tagTest(key, compileGlob(pattern, { ignoreCase: true }));
  if (key === 'app') {
    const expected = ['1', 'yes', 'true'].includes(pattern.toLowerCase());
    return (values) => values[key] === expected;
  }
  if (key === 'family') {
    const families = pattern.split(',');
    const all = families.includes('all');
    return stringTest(key, (value) => all || families.includes(value));
  }
  if (key === 'path' || key === 'package' || key === 'release') {
    const tester = compilePathLike(pattern.toLowerCase());
    return stringTest(key, (value) => tester(value.toLowerCase()));
  }
  if (key === 'function' || key === 'module') return stringTest(key, compileGlob(pattern));
  return stringTest(key, compileGlob(pattern, { ignoreCase: true }));
}

function compileMatcher(m: FingerprintMatcher): MatcherTest {
  const test = positiveTest(m);
  return m.negated ? (values, event) => !test(values, event) : test;
}

interface CompiledGroup {
  group: MatchGroup;
  tests: MatcherTest[];
}

const groupsOfRule = new WeakMap<FingerprintRule, CompiledGroup[]>();

/**
 * The rule's matchers by match group, in the order the groups first appear, compiled once: a
 * rule is tried on every event, and most fail on their first group (the built-in rules on
 * `family:javascript`).
 */
function ruleGroups(rule: FingerprintRule): CompiledGroup[] {
  let groups = groupsOfRule.get(rule);
  if (!groups) {
    const byGroup = new Map<MatchGroup, MatcherTest[]>();
    for (const m of rule.matchers) {
      const group = matchGroup(m.key);
      byGroup.set(group, [...(byGroup.get(group) ?? []), compileMatcher(m)]);
    }
    groups = [...byGroup].map(([group, tests]) => ({ group, tests }));
    groupsOfRule.set(rule, groups);
  }
  return groups;
}

/** The candidate value sets of one event, computed once per group while its rules are tried. */
export type EventValuesCache = Map<MatchGroup, Values[]>;

function allPass(tests: MatcherTest[], values: Values, event: EventData): boolean {
  for (const test of tests) if (!test(values, event)) return false;
  return true;
}

/** `cache` must belong to `event` and must not outlive a change to it. */
export function ruleMatches(
  rule: FingerprintRule,
  event: EventData,
  cache: EventValuesCache = new Map(),
): boolean {
  for (const { group, tests } of ruleGroups(rule)) {
    let candidates = cache.get(group);
    if (!candidates) {
      candidates = valuesFor(group, event);
      cache.set(group, candidates);
    }
    let matched = false;
    for (const values of candidates) {
      if (allPass(tests, values, event)) {
        matched = true;
        break;
      }
    }
    if (!matched) return false;
  }
  return true;
}

function quote(value: string): string {
  return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/** The rule's text as `matched_rule.text` shows it (Sentry joins fingerprint values oddly). */
export function ruleText(rule: FingerprintRule): string {
  const matchers = rule.matchers.map((m) => `${m.negated ? '!' : ''}${m.key}:${quote(m.pattern)}`).join(' ');
  let text = `${matchers} -> ${quote(rule.fingerprint.join(''))}`;
  if (rule.attributes.title !== undefined) text += ` title=${quote(rule.attributes.title)}`;
  return text;
}

export function ruleToJson(rule: FingerprintRule): FingerprintRuleJson {
  return {
    attributes: rule.attributes,
    fingerprint: rule.fingerprint,
    ...(rule.isBuiltin ? { is_builtin: true } : {}),
    matchers: rule.matchers.map((m) => [`${m.negated ? '!' : ''}${m.key}`, m.pattern]),
    text: ruleText(rule),
  };
}

function parseMatcherKey(raw: string): { key: string; negated: boolean } {
  const negated = raw.startsWith('!');
  const key = negated ? raw.slice(1) : raw;
  if (!isMatcherKey(key)) throw new InvalidFingerprintingRulesError(`Unknown matcher '${key}'`);
  // Own keys only: `constructor` or `toString` is a key of its own, not an alias to a function.
  return { key: Object.hasOwn(KEY_ALIASES, key) ? (KEY_ALIASES[key] as string) : key, negated };
}

/** Rules in the JSON form that Sentry's tests and project options use. */
export function parseFingerprintRulesJson(
  value: JsonValue | undefined,
  isBuiltin = false,
): FingerprintRule[] {
  const list = Array.isArray(value) ? value : isObject(value) ? getArray(value, 'rules') : [];
  return objects(list).map((rule) => {
    const matchers = getArray(rule, 'matchers').map((m) => {
      if (!Array.isArray(m) || typeof m[0] !== 'string' || typeof m[1] !== 'string') {
        throw new InvalidFingerprintingRulesError('a matcher must be [key, pattern]');
      }
      return { ...parseMatcherKey(m[0]), pattern: m[1] };
    });
    const fingerprint = getArray(rule, 'fingerprint').map(String);
    const title = getString(rule, 'attributes', 'title');
    return { matchers, fingerprint, attributes: title !== null ? { title } : {}, isBuiltin };
  });
}

/**
 * Rules in the text syntax (parse-text.ts): `key:pattern … -> value, value title="…"`, `#` comment
 * lines. Throws InvalidFingerprintingRulesError naming the line and column of what does not parse.
 */
export function parseFingerprintRulesText(text: string, isBuiltin = false): FingerprintRule[] {
  return parseFingerprintRuleLines(text).map((rule) => ({
    matchers: rule.matchers.map((m) => ({
      ...parseMatcherKey(m.key),
      negated: m.negated,
      pattern: m.pattern,
    })),
    fingerprint: rule.fingerprint,
    attributes: rule.attributes,
    isBuiltin,
  }));
}
