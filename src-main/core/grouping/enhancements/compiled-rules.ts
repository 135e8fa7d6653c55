// Enhancement rules compiled once per rule object (Sentry compiles its enhancer once per config
// too): each matcher becomes a closure with its glob already built, each rule knows its modifier
// and updater actions, and the families its frame matchers accept, so that a stack trace skips
// at once the rules written for other platforms (most built-in rules are `family:native`).

import { levelOf, type MemoLevel } from '../memo-levels.ts';
import { compileRuleGlob, compileRulePath, type GlobTester } from './glob.ts';
import type { ExceptionData, MatchFrame } from './match-frame.ts';
import type { EnhancementAction, EnhancementRule, FrameMatcher } from './rules.ts';

export type FrameTest = (frame: MatchFrame, exc: ExceptionData) => boolean;

export interface CompiledRule {
  rule: EnhancementRule;
  matchers: FrameTest[];
  /** The matchers on values rules never change (family, path, package, module, function). */
  staticMatchers: FrameTest[];
  /** The others: in_app and category (which earlier rules may change) and the exception's. */
  dynamicMatchers: FrameTest[];
  callerMatchers: FrameTest[];
  calleeMatchers: FrameTest[];
  /** Families one of which the matched frame must have; null when the rule does not restrict it. */
  families: ReadonlySet<string> | null;
  /**
   * The rule has a `category:` matcher of its own (not negated): it matches no frame without a
   * category. Most frames never get one, and a quarter of the rules a JavaScript stack trace is
   * tried on are of this kind (`category:system -> category=internals`).
   */
  needsCategory: boolean;
  /** `+app`/`-app` and `category=`: applied while normalizing stack traces. */
  modifierActions: EnhancementAction[];
  /** The flag actions among `modifierActions`, as the in-app hint names them. */
  appActions: EnhancementAction[];
  /** `+group`/`-group` and the stack-trace variables: applied while assembling the component. */
  updaterActions: EnhancementAction[];
  /** The flag actions among `updaterActions`, as the contribution hint names them. */
  groupActions: EnhancementAction[];
}

const TRUE_VALUES = ['1', 'yes', 'true'];

function isModifierAction(action: EnhancementAction): boolean {
  return (
    (action.kind === 'flag' && action.key === 'app') || (action.kind === 'var' && action.name === 'category')
  );
}

function isUpdaterAction(action: EnhancementAction): boolean {
  return (
    (action.kind === 'flag' && action.key === 'group') ||
    (action.kind === 'var' && action.name !== 'category')
  );
}

function familyTest(pattern: string): FrameTest {
  const families = pattern.split(',');
  if (families.includes('all')) return () => true;
  return (frame) => families.includes(frame.family);
}

function stringTest(read: (frame: MatchFrame, exc: ExceptionData) => string | null, tester: GlobTester) {
  return (frame: MatchFrame, exc: ExceptionData): boolean => {
    const value = read(frame, exc);
    return value !== null && tester(value);
  };
}

/** `matchers.py`'s positive match of one matcher, with its pattern compiled. */
function positiveTest(m: FrameMatcher): FrameTest {
  if (m.matchesNothing) return () => false;
  switch (m.key) {
    case 'family':
      return familyTest(m.pattern);
    case 'app': {
      const inApp = TRUE_VALUES.includes(m.pattern.toLowerCase());
      return (frame) => frame.inApp === inApp;
    }
    case 'path':
      return stringTest((frame) => frame.path, compileRulePath(m.pattern));
    case 'package':
      return stringTest((frame) => frame.package, compileRulePath(m.pattern));
    case 'module':
      return stringTest((frame) => frame.module, compileRuleGlob(m.pattern));
    case 'function':
      return stringTest((frame) => frame.function, compileRuleGlob(m.pattern));
    case 'category':
      return stringTest((frame) => frame.category, compileRuleGlob(m.pattern));
    case 'type':
      return stringTest((_, exc) => exc.type, compileRuleGlob(m.pattern));
    case 'value':
      return stringTest((_, exc) => exc.value, compileRuleGlob(m.pattern));
    case 'mechanism':
      return stringTest((_, exc) => exc.mechanism, compileRuleGlob(m.pattern));
  }
}

export function compileMatcher(m: FrameMatcher): FrameTest {
  const test = positiveTest(m);
  return m.negated ? (frame, exc) => !test(frame, exc) : test;
}

/** The families a frame must have for all of `matchers` to match it (intersection of positive `family:`). */
function requiredFamilies(matchers: FrameMatcher[]): ReadonlySet<string> | null {
  let required: string[] | null = null;
  for (const m of matchers) {
    if (m.key !== 'family' || m.negated) continue;
    const families = m.pattern.split(',');
    if (families.includes('all')) continue;
    required = required === null ? families : required.filter((f) => families.includes(f));
  }
  return required === null ? null : new Set(required);
}

const STATIC_KEYS: ReadonlySet<string> = new Set(['family', 'path', 'package', 'module', 'function']);

const compiled = new WeakMap<EnhancementRule, CompiledRule>();

export function compileRule(rule: EnhancementRule): CompiledRule {
  let result = compiled.get(rule);
  if (!result) {
    const modifierActions = rule.actions.filter(isModifierAction);
    const updaterActions = rule.actions.filter(isUpdaterAction);
    result = {
      rule,
      matchers: rule.matchers.map(compileMatcher),
      staticMatchers: rule.matchers.filter((m) => STATIC_KEYS.has(m.key)).map(compileMatcher),
      dynamicMatchers: rule.matchers.filter((m) => !STATIC_KEYS.has(m.key)).map(compileMatcher),
      callerMatchers: rule.callerMatchers.map(compileMatcher),
      calleeMatchers: rule.calleeMatchers.map(compileMatcher),
      families: requiredFamilies(rule.matchers),
      needsCategory: rule.matchers.some((m) => m.key === 'category' && !m.negated),
      modifierActions,
      appActions: modifierActions.filter((a) => a.kind === 'flag'),
      updaterActions,
      groupActions: updaterActions.filter((a) => a.kind === 'flag'),
    };
    compiled.set(rule, result);
  }
  return result;
}

/** One rule list compiled, with the rules of each stage split out and filtered per family set. */
interface CompiledRuleList {
  modifiers: CompiledRule[];
  updaters: CompiledRule[];
  byFamilies: Map<string, { modifiers: CompiledRule[]; updaters: CompiledRule[] }>;
}

const compiledLists = new WeakMap<readonly EnhancementRule[], CompiledRuleList>();

function compileRuleList(rules: readonly EnhancementRule[]): CompiledRuleList {
  let list = compiledLists.get(rules);
  if (!list) {
    const all = rules.map(compileRule);
    list = {
      modifiers: all.filter((r) => r.modifierActions.length > 0),
      updaters: all.filter((r) => r.updaterActions.length > 0),
      byFamilies: new Map(),
    };
    compiledLists.set(rules, list);
  }
  return list;
}

const MAX_FAMILY_SETS = 64;

function couldMatch(rule: CompiledRule, families: readonly string[]): boolean {
  return rule.families === null || families.some((family) => rule.families?.has(family));
}

/** The distinct families of the frames, sorted; most stack traces have one. */
function familiesOf(frames: readonly MatchFrame[]): string[] {
  const first = frames[0]?.family;
  if (first === undefined) return [];
  for (const frame of frames)
    if (frame.family !== first) return [...new Set(frames.map((f) => f.family))].sort();
  return [first];
}

/**
 * The rules of one stage that can match some frame of a stack trace whose frames have
 * `families`, in their original order. A rule restricted to other families matches no frame,
 * so leaving it out changes nothing.
 */
export function applicableRules(
  rules: readonly EnhancementRule[],
  frames: readonly MatchFrame[],
  stage: 'modifiers' | 'updaters',
): CompiledRule[] {
  const list = compileRuleList(rules);
  const families = familiesOf(frames);
  const key = families.join(',');
  let filtered = list.byFamilies.get(key);
  if (!filtered) {
    filtered = {
      modifiers: list.modifiers.filter((r) => couldMatch(r, families)),
      updaters: list.updaters.filter((r) => couldMatch(r, families)),
    };
    if (list.byFamilies.size < MAX_FAMILY_SETS) list.byFamilies.set(key, filtered);
  }
  return filtered[stage];
}

function allMatch(tests: FrameTest[], frame: MatchFrame, exc: ExceptionData): boolean {
  for (const test of tests) if (!test(frame, exc)) return false;
  return true;
}

/** Does the rule match the frame at `idx`? Callers sit before it in the list, callees after. */
export function compiledRuleMatchesFrame(
  rule: CompiledRule,
  frames: readonly MatchFrame[],
  idx: number,
  exc: ExceptionData,
): boolean {
  const frame = frames[idx]!;
  if (rule.families !== null && !rule.families.has(frame.family)) return false;
  return allMatch(rule.matchers, frame, exc) && neighboursMatch(rule, frames, idx, exc);
}

/** The rule's caller and callee matchers, against the frames before and after `idx`. */
function neighboursMatch(
  rule: CompiledRule,
  frames: readonly MatchFrame[],
  idx: number,
  exc: ExceptionData,
): boolean {
  if (rule.callerMatchers.length > 0) {
    const caller = frames[idx - 1];
    if (!caller || !allMatch(rule.callerMatchers, caller, exc)) return false;
  }
  if (rule.calleeMatchers.length > 0) {
    const callee = frames[idx + 1];
    if (!callee || !allMatch(rule.calleeMatchers, callee, exc)) return false;
  }
  return true;
}

/** Indices the rule matches, computed before any action of that rule is applied. */
export function compiledMatchingIndices(
  rule: CompiledRule,
  frames: readonly MatchFrame[],
  exc: ExceptionData,
): number[] {
  const out: number[] = [];
  for (let i = 0; i < frames.length; i++) if (compiledRuleMatchesFrame(rule, frames, i, exc)) out.push(i);
  return out;
}

const NO_EXCEPTION: ExceptionData = { type: null, value: null, mechanism: null };
const MAX_SIGNATURES = 8192;

/**
 * Static candidates by the values static matchers read (family, function, module, path, package),
 * in nested maps: a lookup hashes the frame's own strings (V8 keeps a string's hash) instead of a
 * signature string built for it (measured: 0.8 → 0.1 µs a frame, twice per frame and event).
 */
interface CandidateMemo {
  root: MemoLevel<number[]>;
  size: number;
}

const candidateMemo = new WeakMap<readonly CompiledRule[], CandidateMemo>();

/**
 * Positions in `rules` of the rules whose static matchers accept the frame. Remembered by the
 * frame's static values: an app's frames recur in every event, and most rules fail on a static matcher.
 */
function staticCandidates(rules: readonly CompiledRule[], frame: MatchFrame): number[] {
  let memo = candidateMemo.get(rules);
  if (!memo || memo.size >= MAX_SIGNATURES) {
    memo = { root: new Map(), size: 0 };
    candidateMemo.set(rules, memo);
  }
  const byPath = levelOf(levelOf(levelOf(memo.root, frame.family), frame.function), frame.module);
  const byPackage = levelOf(byPath, frame.path);
  let found = byPackage.get(frame.package) as number[] | undefined;
  if (!found) {
    found = [];
    for (let pos = 0; pos < rules.length; pos++)
      if (allMatch(rules[pos]!.staticMatchers, frame, NO_EXCEPTION)) found.push(pos);
    memo.size++;
    byPackage.set(frame.package, found);
  }
  return found;
}

/** The rest of `compiledRuleMatchesFrame` for a frame whose static matchers passed. */
function matchesRest(
  rule: CompiledRule,
  frames: readonly MatchFrame[],
  idx: number,
  exc: ExceptionData,
): boolean {
  return allMatch(rule.dynamicMatchers, frames[idx]!, exc) && neighboursMatch(rule, frames, idx, exc);
}

/** One step of a stack trace's schedule: a rule's position and the frames its static matchers accept. */
interface ScheduledRule {
  pos: number;
  frames: number[];
}

/** Each rule position any frame's candidates hold, ascending, with those frames ascending. */
function mergeCandidates(ruleCount: number, candidates: readonly number[][]): ScheduledRule[] {
  const count = candidates.length;
  const next = new Int32Array(count);
  const schedule: ScheduledRule[] = [];
  for (;;) {
    let pos = ruleCount;
    for (let idx = 0; idx < count; idx++) {
      const candidate = candidates[idx]![next[idx]!];
      if (candidate !== undefined && candidate < pos) pos = candidate;
    }
    if (pos === ruleCount) return schedule;
    const frames: number[] = [];
    for (let idx = 0; idx < count; idx++) {
      if (candidates[idx]![next[idx]!] !== pos) continue;
      next[idx]!++;
      frames.push(idx);
    }
    schedule.push({ pos, frames });
  }
}

/**
 * For each rule of `rules`, in order, the indices of the frames it matches, as
 * `compiledMatchingIndices` finds them when the rule's turn comes (after the earlier rules'
 * actions were applied, before its own). Only the frames whose static values the rule accepts are
 * looked at (the stack trace's schedule), so a stack trace costs no list per rule, only one for a
 * rule that matches.
 */
export function forEachRuleMatch(
  rules: readonly CompiledRule[],
  frames: readonly MatchFrame[],
  exc: ExceptionData,
  apply: (rule: CompiledRule, indices: number[]) => void,
): void {
  // Static values are never changed by an action: every frame's candidates can be found first.
  const candidates: number[][] = new Array(frames.length);
  for (let idx = 0; idx < frames.length; idx++) candidates[idx] = staticCandidates(rules, frames[idx]!);
  // Only an action gives a frame a category: looked at again after each rule that matched.
  let categorized = frames.some(hasCategory);
  for (const { pos, frames: tried } of mergeCandidates(rules.length, candidates)) {
    const rule = rules[pos]!;
    if (rule.needsCategory && !categorized) continue;
    let matched: number[] | undefined;
    for (const idx of tried) {
      if (matchesRest(rule, frames, idx, exc)) {
        if (matched) matched.push(idx);
        else matched = [idx];
      }
    }
    if (matched) {
      apply(rule, matched);
      categorized = frames.some(hasCategory);
    }
  }
}

function hasCategory(frame: MatchFrame): boolean {
  return frame.category !== null;
}
