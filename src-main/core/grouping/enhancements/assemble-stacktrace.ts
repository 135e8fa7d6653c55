// Second half of the enhancements engine (`assemble_stacktrace_component`): `+group`/`-group`
// decide which frame components contribute, `max-frames`/`min-frames` limit the stack, and the
// frames are wrapped into the `stacktrace` component with Sentry's hints.
import { GroupingComponent } from '../component.ts';
import type { FrameData } from '../event-data.ts';
import { inAppReasonOf } from './apply-modifications.ts';
import { applicableRules, type CompiledRule, forEachRuleMatch } from './compiled-rules.ts';
import { createMatchFrame, type ExceptionData, type MatchFrame, rangeIndices } from './match-frame.ts';
import { type EnhancementRule, ruleHint } from './rules.ts';

export type StackVariant = 'app' | 'system';

export interface FrameEntry {
  component: GroupingComponent;
  frame: FrameData;
}

interface StacktraceState {
  maxFrames: { value: number; rule: EnhancementRule } | null;
  minFrames: { value: number; rule: EnhancementRule } | null;
  invert: boolean;
}

function inAppHint(frame: FrameData): string {
  const reason = inAppReasonOf(frame);
  const inApp = frame.in_app === true;
  if (reason) return `marked ${inApp ? 'in-app' : 'out of app'} by ${ruleHint(reason.rule, reason.actions)}`;
  if (frame.in_app === true) return 'marked in-app by the client';
  if (frame.in_app === false) return 'marked out of app by the client';
  return 'non app frame';
}

/** A rule with `+group`/`-group` or stack-trace variables, and the frames it matches. */
export interface GroupRuleMatch {
  compiled: CompiledRule;
  indices: number[];
}

/**
 * Which frames each group rule matches. The same for the app and the system variant: group actions
 * change no value a matcher reads (in_app and category are the modifiers' work), so the stack
 * trace is matched once and both variants replay the matches (measured: matching was ~14% of
 * grouping, done twice).
 */
export function matchGroupRules(
  frames: readonly FrameData[],
  platform: string | null,
  exception: ExceptionData,
  rules: EnhancementRule[],
  /** The frames' match frames when known (normalizeStacktracesForGrouping). */
  known?: readonly MatchFrame[],
): GroupRuleMatch[] {
  const matches: GroupRuleMatch[] = [];
  const matchFrames = known ?? frames.map((frame) => createMatchFrame(frame, platform));
  forEachRuleMatch(
    applicableRules(rules, matchFrames, 'updaters'),
    matchFrames,
    exception,
    (compiled, indices) => {
      matches.push({ compiled, indices });
    },
  );
  return matches;
}

/** Applies the group actions of every matched rule, in order, recording why each frame changed. */
function applyGroupRules(entries: FrameEntry[], matches: readonly GroupRuleMatch[]): StacktraceState {
  const state: StacktraceState = { maxFrames: null, minFrames: null, invert: false };
  for (const { compiled, indices } of matches) {
    const { rule, updaterActions: actions, groupActions } = compiled;
    for (const idx of indices) {
      for (const action of actions) {
        if (action.kind === 'flag') {
          for (const target of rangeIndices(action.range, idx, entries.length)) {
            const component = entries[target]!.component;
            if (component.contributes === action.flag) continue;
            component.update({
              contributes: action.flag,
              hint: `${action.flag ? 'un-ignored' : 'ignored'} by ${ruleHint(rule, groupActions)}`,
            });
          }
        } else if (action.name === 'max-frames') {
          state.maxFrames = { value: action.value, rule };
        } else if (action.name === 'min-frames') {
          state.minFrames = { value: action.value, rule };
        } else if (action.name === 'invert-stacktrace') {
          state.invert = action.value;
        }
      }
    }
  }
  return state;
}

/** In the app variant only in-app frames count; their hint leads with why they are (not) in-app. */
function applyAppVariant(entries: FrameEntry[]): void {
  for (const { component, frame } of entries) {
    const appHint = inAppHint(frame);
    if (frame.in_app !== true) {
      component.update({ contributes: false, hint: appHint });
    } else if (component.hint) {
      component.update({ hint: `${appHint} ${component.contributes ? 'and' : 'but'} ${component.hint}` });
    } else {
      component.update({ hint: appHint });
    }
  }
}

function varRuleHint(rule: EnhancementRule): string {
  return ruleHint(
    rule,
    rule.actions.filter((a) => a.kind === 'var' && (a.name === 'max-frames' || a.name === 'min-frames')),
  );
}

function applyMaxFrames(entries: FrameEntry[], state: StacktraceState): void {
  if (!state.maxFrames || state.maxFrames.value <= 0) return;
  const max = state.maxFrames.value;
  const hint = `ignored because only ${max} ${max === 1 ? 'frame is' : 'frames are'} considered by ${varRuleHint(state.maxFrames.rule)}`;
  let kept = 0;
  for (let i = entries.length - 1; i >= 0; i--) {
    const component = entries[i]!.component;
    if (!component.contributes) continue;
    if (kept < max) kept += 1;
    else component.update({ contributes: false, hint });
  }
}

/** `matches`: the stack trace's `matchGroupRules`. */
export function assembleStacktraceComponent(
  entries: FrameEntry[],
  matches: readonly GroupRuleMatch[],
  variant: StackVariant,
): GroupingComponent {
  const state = applyGroupRules(entries, matches);
  if (variant === 'app') applyAppVariant(entries);
  applyMaxFrames(entries, state);

  const frameComponents = entries.map((e) => e.component);
  if (state.invert) frameComponents.reverse();
  const contributing = frameComponents.filter((c) => c.contributes).length;
  const stacktrace = new GroupingComponent('stacktrace', frameComponents, { contributes: contributing > 0 });

  if (state.minFrames && contributing > 0 && contributing < state.minFrames.value) {
    const noun = contributing === 1 ? 'frame' : 'frames';
    stacktrace.update({
      contributes: false,
      hint: `discarded because stacktrace only contains ${contributing} ${noun} which is under the configured threshold by ${varRuleHint(state.minFrames.rule)}`,
    });
  } else if (contributing === 0) {
    let hint = 'ignored because it contains no contributing frames';
    if (entries.length === 0) hint = 'ignored because it contains no frames';
    else if (variant === 'app') hint = 'ignored because it contains no in-app frames';
    stacktrace.update({ hint });
  }
  return stacktrace;
}
