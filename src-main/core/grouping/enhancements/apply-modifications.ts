// First half of the enhancements engine (`apply_modifications_to_frame`): during stack-trace
// normalization, `+app`/`-app` rewrite the frames' `in_app` and `category=` tags them. Later rules
// see the effects of earlier ones, and the last rule to touch a frame wins.
import type { FrameData, JsonObject } from '../event-data.ts';
import { isObject } from '../event-data.ts';
import { applicableRules, forEachRuleMatch } from './compiled-rules.ts';
import { createMatchFrame, type ExceptionData, type MatchFrame, rangeIndices } from './match-frame.ts';
import type { EnhancementAction, EnhancementRule } from './rules.ts';

/** Why a frame is (not) in-app, for the grouping hints. Keyed by the normalized frame object. */
export interface InAppReason {
  rule: EnhancementRule;
  actions: EnhancementAction[];
}

const inAppReasons = new WeakMap<FrameData, InAppReason>();

export function inAppReasonOf(frame: FrameData): InAppReason | undefined {
  return inAppReasons.get(frame);
}

function frameDataOf(frame: FrameData): JsonObject {
  if (!isObject(frame.data)) frame.data = {};
  return frame.data as JsonObject;
}

export function applyModificationsToFrames(
  frames: readonly FrameData[],
  platform: string | null,
  exception: ExceptionData,
  rules: EnhancementRule[],
): MatchFrame[] {
  const matchFrames = frames.map((f) => createMatchFrame(f, platform));
  forEachRuleMatch(
    applicableRules(rules, matchFrames, 'modifiers'),
    matchFrames,
    exception,
    (compiled, indices) => {
      const { rule, modifierActions: actions, appActions } = compiled;
      for (const idx of indices) {
        for (const action of actions) {
          if (action.kind === 'var' && action.name === 'category') {
            frameDataOf(frames[idx]!).category = action.value;
            matchFrames[idx]!.category = action.value;
          } else if (action.kind === 'flag') {
            for (const target of rangeIndices(action.range, idx, frames.length)) {
              // A built-in rule never pulls a frame into the app that the SDK explicitly marked out of it.
              if (rule.isBuiltin && action.flag && clientInApp(frames[target]!) === false) continue;
              if (setInApp(frames[target]!, action.flag))
                inAppReasons.set(frames[target]!, { rule, actions: appActions });
              matchFrames[target]!.inApp = action.flag;
            }
          }
        }
      }
    },
  );
  return matchFrames;
}

/** The SDK's own `in_app`, before any rule touched the frame. */
function clientInApp(frame: FrameData): boolean | null {
  const orig = isObject(frame.data) ? frame.data.orig_in_app : undefined;
  if (typeof orig === 'number') return orig === -1 ? null : orig === 1;
  return typeof frame.in_app === 'boolean' ? frame.in_app : null;
}

/** Keeps the client's value in `data.orig_in_app` (-1 for unset) the first time a rule changes it. */
function setInApp(frame: FrameData, inApp: boolean): boolean {
  if (frame.in_app === inApp) return false;
  const data = frameDataOf(frame);
  if (data.orig_in_app === undefined) {
    const orig = frame.in_app;
    data.orig_in_app = orig === true ? 1 : orig === false ? 0 : -1;
  }
  frame.in_app = inApp;
  return true;
}
