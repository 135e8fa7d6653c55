import {
  asObject,
  isObject,
  type JsonObject,
  type JsonValue,
  valuesOf,
} from '../../pipeline/normalize/json.ts';

/** Snuba's `exception_stacks.*` and `exception_frames.*` columns, parallel lists. */
export interface ExceptionColumns {
  'exception_stacks.type': Array<string | null>;
  'exception_stacks.value': Array<string | null>;
  'exception_stacks.mechanism_type': Array<string | null>;
  'exception_stacks.mechanism_handled': Array<number | null>;
  'exception_frames.abs_path': Array<string | null>;
  'exception_frames.colno': Array<number | null>;
  'exception_frames.filename': Array<string | null>;
  'exception_frames.function': Array<string | null>;
  'exception_frames.lineno': Array<number | null>;
  'exception_frames.in_app': Array<number | null>;
  'exception_frames.package': Array<string | null>;
  'exception_frames.module': Array<string | null>;
  'exception_frames.stack_level': Array<number | null>;
}

/** Snuba's `_unicodify`: strings as they are, other scalars as text, containers as JSON. */
export function unicodify(value: JsonValue | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

function boolify(value: JsonValue | undefined): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value ? 1 : 0;
  if (typeof value === 'string') return ['1', 'true', 'yes'].includes(value.toLowerCase()) ? 1 : 0;
  return null;
}

/** `_collapse_uint32`: a non-negative integer that fits, else null. */
function collapseUint32(value: JsonValue | undefined): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffffffff
    ? value
    : null;
}

/**
 * Snuba's `extract_stacktraces`: one stack entry per exception, every frame of every exception
 * flattened with the index of its exception as `stack_level`. Null entries are skipped.
 */
export function extractExceptions(event: JsonObject): ExceptionColumns {
  const out: ExceptionColumns = {
    'exception_stacks.type': [],
    'exception_stacks.value': [],
    'exception_stacks.mechanism_type': [],
    'exception_stacks.mechanism_handled': [],
    'exception_frames.abs_path': [],
    'exception_frames.colno': [],
    'exception_frames.filename': [],
    'exception_frames.function': [],
    'exception_frames.lineno': [],
    'exception_frames.in_app': [],
    'exception_frames.package': [],
    'exception_frames.module': [],
    'exception_frames.stack_level': [],
  };
  let stackLevel = 0;
  for (const stack of valuesOf(event.exception) ?? []) {
    if (!isObject(stack)) continue;
    const mechanism = asObject(stack.mechanism);
    out['exception_stacks.type'].push(unicodify(stack.type));
    out['exception_stacks.value'].push(unicodify(stack.value));
    out['exception_stacks.mechanism_type'].push(unicodify(mechanism?.type));
    out['exception_stacks.mechanism_handled'].push(boolify(mechanism?.handled));
    const frames = asObject(stack.stacktrace)?.frames;
    for (const frame of Array.isArray(frames) ? frames : []) {
      if (!isObject(frame)) continue;
      out['exception_frames.abs_path'].push(unicodify(frame.abs_path));
      out['exception_frames.filename'].push(unicodify(frame.filename));
      out['exception_frames.package'].push(unicodify(frame.package));
      out['exception_frames.module'].push(unicodify(frame.module));
      out['exception_frames.function'].push(unicodify(frame.function));
      out['exception_frames.in_app'].push(boolify(frame.in_app));
      out['exception_frames.colno'].push(collapseUint32(frame.colno));
      out['exception_frames.lineno'].push(collapseUint32(frame.lineno));
      out['exception_frames.stack_level'].push(stackLevel);
    }
    stackLevel += 1;
  }
  return out;
}

/**
 * `exception_main_thread`: 1 when an exception happened on the thread marked `main`, 0 when the
 * event has threads but none of the exceptions is on the main one, null when nothing says.
 */
export function exceptionMainThread(event: JsonObject): number | null {
  const threads = (valuesOf(event.threads) ?? []).filter(isObject);
  const main = threads.find((thread) => thread.main === true);
  if (!main) return null;
  const mainId = unicodify(main.id);
  const onMain = (valuesOf(event.exception) ?? []).some(
    (exception) => isObject(exception) && unicodify(exception.thread_id) === mainId,
  );
  return onMain ? 1 : 0;
}
