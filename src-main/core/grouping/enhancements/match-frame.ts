// Evaluating rule matchers against frames (Sentry's `enhancer/matchers.py`). Frames are first
// flattened into "match frames" holding exactly the values the matchers look at.
import { type FrameData, getString, isObject } from '../event-data.ts';
import { behaviorFamilyForPlatform } from '../platform.ts';
import { globMatch, pathLikeMatch } from './glob.ts';
import type { EnhancementRule, FrameMatcher } from './rules.ts';

export interface MatchFrame {
  category: string | null;
  family: string;
  function: string | null;
  inApp: boolean;
  module: string | null;
  package: string | null;
  path: string | null;
}

export interface ExceptionData {
  type: string | null;
  value: string | null;
  mechanism: string | null;
}

export function createMatchFrame(frame: FrameData, platform: string | null): MatchFrame {
  const path = getString(frame, 'abs_path') || getString(frame, 'filename');
  const pkg = getString(frame, 'package');
  return {
    category: getString(frame, 'data', 'category'),
    family: behaviorFamilyForPlatform(getString(frame, 'platform') || platform),
    function: getString(frame, 'function'),
    inApp: frame.in_app === true,
    module: getString(frame, 'module'),
    package: pkg ? pkg.toLowerCase() : null,
    path: path ? path.toLowerCase() : null,
  };
}

export function exceptionDataOf(exception: unknown): ExceptionData {
  if (!isObject(exception)) return { type: null, value: null, mechanism: null };
  return {
    type: getString(exception, 'type'),
    value: getString(exception, 'value'),
    mechanism: getString(exception, 'mechanism', 'type'),
  };
}

const TRUE_VALUES = ['1', 'yes', 'true'];

function positiveMatch(m: FrameMatcher, frame: MatchFrame, exc: ExceptionData): boolean {
  switch (m.key) {
    case 'family': {
      const families = m.pattern.split(',');
      return families.includes('all') || families.includes(frame.family);
    }
    case 'app':
      return frame.inApp === TRUE_VALUES.includes(m.pattern.toLowerCase());
    case 'path':
      return frame.path !== null && pathLikeMatch(m.pattern.toLowerCase(), frame.path);
    case 'package':
      return frame.package !== null && pathLikeMatch(m.pattern.toLowerCase(), frame.package);
    case 'module':
      return frame.module !== null && globMatch(frame.module, m.pattern);
    case 'function':
      return frame.function !== null && globMatch(frame.function, m.pattern);
    case 'category':
      return frame.category !== null && globMatch(frame.category, m.pattern);
    case 'type':
      return exc.type !== null && globMatch(exc.type, m.pattern);
    case 'value':
      return exc.value !== null && globMatch(exc.value, m.pattern);
    case 'mechanism':
      return exc.mechanism !== null && globMatch(exc.mechanism, m.pattern);
  }
}

function matcherMatches(m: FrameMatcher, frame: MatchFrame, exc: ExceptionData): boolean {
  return positiveMatch(m, frame, exc) !== m.negated;
}

function allMatch(matchers: FrameMatcher[], frame: MatchFrame, exc: ExceptionData): boolean {
  return matchers.every((m) => matcherMatches(m, frame, exc));
}

/** Does the rule match the frame at `idx`? Callers sit before it in the list, callees after. */
export function ruleMatchesFrame(
  rule: EnhancementRule,
  frames: MatchFrame[],
  idx: number,
  exc: ExceptionData,
): boolean {
  const frame = frames[idx]!;
  if (!allMatch(rule.matchers, frame, exc)) return false;
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
export function matchingIndices(rule: EnhancementRule, frames: MatchFrame[], exc: ExceptionData): number[] {
  const out: number[] = [];
  for (let i = 0; i < frames.length; i++) if (ruleMatchesFrame(rule, frames, i, exc)) out.push(i);
  return out;
}

/** The frames a flag action touches: the frame itself, those above (`^`) or below (`v`) it. */
export function rangeIndices(range: 'up' | 'down' | null, idx: number, length: number): number[] {
  if (range === null) return [idx];
  const out: number[] = [];
  if (range === 'up') for (let i = idx + 1; i < length; i++) out.push(i);
  else for (let i = 0; i < idx; i++) out.push(i);
  return out;
}
