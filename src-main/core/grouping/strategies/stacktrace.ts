// The stacktrace strategy (`stacktrace:v1`): frame components for one variant, recursion and the
// lone-JavaScript-frame rule, then the enhancement rules assemble the `stacktrace` component.
import type { GroupingComponent } from '../component.ts';
import {
  assembleStacktraceComponent,
  type FrameEntry,
  type GroupRuleMatch,
  matchGroupRules,
  type StackVariant,
} from '../enhancements/assemble-stacktrace.ts';
import { type FrameData, getArray, getString, type JsonObject, objects } from '../event-data.ts';
import { behaviorFamilyForPlatform } from '../platform.ts';
import type { ComponentsByVariant, GroupingContext } from './context.ts';
import { frameComponent, frameIsUrl } from './frame.ts';

const RECURSION_KEYS = ['abs_path', 'package', 'module', 'filename', 'function', 'lineno', 'colno'];

function isRecursiveFrame(frame: FrameData, previous: FrameData | undefined): boolean {
  if (!previous) return false;
  for (const key of RECURSION_KEYS) if ((frame[key] ?? null) !== (previous[key] ?? null)) return false;
  return true;
}

/** The frame components of a stack trace, before any variant or rule touched them. */
function frameEntries(frames: readonly FrameData[], ctx: GroupingContext): FrameEntry[] {
  return frames.map((frame, i) => ({
    frame,
    component: frameComponent(frame, ctx, isRecursiveFrame(frame, frames[i - 1])),
  }));
}

function singleStacktraceVariant(
  entries: FrameEntry[],
  ctx: GroupingContext,
  matches: readonly GroupRuleMatch[],
  variant: StackVariant,
): GroupingComponent {
  // A lone JavaScript frame without a function says little; 2023 tested the URL condition backwards.
  const only = entries.length === 1 ? entries[0]! : null;
  if (only?.component.contributes) {
    const platform = getString(only.frame, 'platform') || ctx.platform;
    const isUrl = frameIsUrl(getString(only.frame, 'abs_path'));
    if (behaviorFamilyForPlatform(platform) === 'javascript' && !getString(only.frame, 'function')) {
      if (ctx.config.handleJsSingleFrameUrlOriginBackwards && isUrl) {
        only.component.update({ contributes: false, hint: 'ignored single frame stack' });
      } else if (!ctx.config.handleJsSingleFrameUrlOriginBackwards && !isUrl) {
        only.component.update({ contributes: false, hint: 'ignored single non-URL JavaScript frame' });
      }
    }
  }
  return assembleStacktraceComponent(entries, matches, variant);
}

/** The `app` and `system` stacktrace components of one stacktrace interface. */
export function stacktraceVariants(stacktrace: JsonObject, ctx: GroupingContext): ComponentsByVariant {
  const frames = objects(getArray(stacktrace, 'frames'));
  // Frame components depend on the frame only: build them once, give the system variant a copy
  // (of the frame node: the variants update no deeper).
  const appEntries = frameEntries(frames, ctx);
  const systemEntries = appEntries.map(({ frame, component }) => ({
    frame,
    component: component.copyNode(),
  }));
  const known = ctx.matchFrames.get(stacktrace);
  const matches = matchGroupRules(frames, ctx.platform, ctx.exceptionData, ctx.rules, known);
  return {
    app: singleStacktraceVariant(appEntries, ctx, matches, 'app'),
    system: singleStacktraceVariant(systemEntries, ctx, matches, 'system'),
  };
}
