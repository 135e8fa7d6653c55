// Evaluating rule matchers against frames (Sentry's `enhancer/matchers.py`). Frames are first
// flattened into "match frames" holding exactly the values the matchers look at.
import { type FrameData, getString, isObject } from '../event-data.ts';
import { behaviorFamilyForPlatform } from '../platform.ts';
import { compiledMatchingIndices, compiledRuleMatchesFrame, compileRule } from './compiled-rules.ts';
import type { EnhancementRule } from './rules.ts';

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

/** Does the rule match the frame at `idx`? Callers sit before it in the list, callees after. */
export function ruleMatchesFrame(
  rule: EnhancementRule,
  frames: MatchFrame[],
  idx: number,
  exc: ExceptionData,
): boolean {
  return compiledRuleMatchesFrame(compileRule(rule), frames, idx, exc);
}

/** Indices the rule matches, computed before any action of that rule is applied. */
export function matchingIndices(rule: EnhancementRule, frames: MatchFrame[], exc: ExceptionData): number[] {
  return compiledMatchingIndices(compileRule(rule), frames, exc);
}

/** The frames a flag action touches: the frame itself, those above (`^`) or below (`v`) it. */
export function rangeIndices(range: 'up' | 'down' | null, idx: number, length: number): number[] {
  if (range === null) return [idx];
  const out: number[] = [];
  if (range === 'up') for (let i = idx + 1; i < length; i++) out.push(i);
  else for (let i = 0; i < idx; i++) out.push(i);
  return out;
}
