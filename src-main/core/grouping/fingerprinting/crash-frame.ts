// The crash frame (`get_crash_frame_from_event_data`): the last in-app frame of the most relevant
// stacktrace, else its last frame.
import { type EventData, type FrameData, getArray, getObject, objects } from '../event-data.ts';

export function relevantFrames(event: EventData): readonly FrameData[] {
  const exceptions = objects(getArray(event, 'exception', 'values'));
  const lastException = exceptions.at(-1);
  let frames = objects(getArray(lastException, 'stacktrace', 'frames'));
  if (frames.length === 0) frames = objects(getArray(getObject(event, 'stacktrace'), 'frames'));
  if (frames.length === 0) {
    const threads = objects(getArray(event, 'threads', 'values'));
    if (threads.length === 1) frames = objects(getArray(threads[0], 'stacktrace', 'frames'));
  }
  return frames;
}

export function getCrashFrame(event: EventData): FrameData | null {
  const frames = relevantFrames(event);
  for (let i = frames.length - 1; i >= 0; i--) if (frames[i]!.in_app === true) return frames[i]!;
  return frames.at(-1) ?? null;
}
