// `normalize_stacktraces_for_grouping`: restore the client's in_app, trim native function names
// (keeping the raw name in `raw_function`) and run the enhancement rules' in_app and category
// modifications on every stacktrace of the event.
import { applyModificationsToFrames } from './enhancements/apply-modifications.ts';
import { type ExceptionData, exceptionDataOf, type MatchFrame } from './enhancements/match-frame.ts';
import type { EnhancementRule } from './enhancements/rules.ts';
import {
  type EventData,
  type FrameData,
  getArray,
  getObject,
  getPath,
  getString,
  type JsonObject,
  objects,
} from './event-data.ts';
import { trimFunctionName } from './functions.ts';

interface StacktraceWithException {
  stacktrace: JsonObject;
  frames: readonly FrameData[];
  exception: ExceptionData;
}

const NO_EXCEPTION: ExceptionData = { type: null, value: null, mechanism: null };

function withFrames(stacktrace: JsonObject, exception: ExceptionData): StacktraceWithException {
  return { stacktrace, frames: objects(getArray(stacktrace, 'frames')), exception };
}

export function findStacktraces(event: EventData): StacktraceWithException[] {
  const found: StacktraceWithException[] = [];
  for (const exception of objects(getArray(event, 'exception', 'values'))) {
    const stacktrace = getObject(exception, 'stacktrace');
    if (stacktrace) found.push(withFrames(stacktrace, exceptionDataOf(exception)));
  }
  const top = getObject(event, 'stacktrace');
  if (top) found.push(withFrames(top, NO_EXCEPTION));
  for (const thread of objects(getArray(event, 'threads', 'values'))) {
    const stacktrace = getObject(thread, 'stacktrace');
    if (stacktrace) found.push(withFrames(stacktrace, NO_EXCEPTION));
  }
  return found;
}

/**
 * Normalizes the event's stack traces in place. Returns each stack trace's match frames as the
 * rules left them, which are what the frames read now: matching the group rules later starts
 * from them instead of reading every frame again.
 */
export function normalizeStacktracesForGrouping(
  event: EventData,
  rules: EnhancementRule[],
): Map<JsonObject, MatchFrame[]> {
  const platform = getString(event, 'platform');
  const stacktraces = findStacktraces(event);
  for (const { frames } of stacktraces) {
    for (const frame of frames) {
      // Re-running grouping must start from what the client sent.
      const orig = getPath(frame, 'data', 'orig_in_app');
      if (typeof orig === 'number') frame.in_app = orig === -1 ? null : orig === 1;
      if (getString(frame, 'raw_function') !== null) continue;
      const fn = getString(frame, 'function');
      if (!fn) continue;
      const trimmed = trimFunctionName(fn, getString(frame, 'platform') || platform);
      if (trimmed !== fn) {
        frame.raw_function = fn;
        frame.function = trimmed;
      }
    }
  }
  const matchFrames = new Map<JsonObject, MatchFrame[]>();
  for (const { stacktrace, frames, exception } of stacktraces)
    matchFrames.set(stacktrace, applyModificationsToFrames(frames, platform, exception, rules));
  return matchFrames;
}
