import { asObject, isObject, type JsonObject, lenientString, valuesOf } from './json.ts';
import { normalizeStacktrace } from './stacktrace.ts';
import type { NormalizeContext, NormalizeStage } from './types.ts';

// `^(\w+):(.*)$` in Relay (Unicode `\w`, `.` not matching newlines).
const TYPE_VALUE_RE = /^([\p{L}\p{N}\p{M}_]+):(.*)$/u;

/**
 * Relay's `normalize_exception`: a `Name: message` value without a type is split; an exception
 * with neither type nor value is removed (its slot becomes null, as Relay leaves it) with a
 * `missing_attribute` error.
 */
function normalizeException(exception: JsonObject, index: number, ctx: NormalizeContext): boolean {
  const type = lenientString(exception.type);
  const value = lenientString(exception.value);
  if (type !== undefined && type !== '') exception.type = type;
  else delete exception.type;
  if (value !== undefined) exception.value = value;
  else delete exception.value;
  if ((type === undefined || type === '') && value !== undefined) {
    const match = TYPE_VALUE_RE.exec(value);
    if (match) {
      exception.type = match[1] ?? '';
      exception.value = (match[2] ?? '').trim();
    }
  }
  if (exception.type === undefined && (exception.value === undefined || exception.value === '')) {
    ctx.addError('missing_attribute', `exception.values.${index}`, { attribute: 'type or value' });
    return false;
  }
  const stacktrace = asObject(exception.stacktrace);
  if (stacktrace) normalizeStacktrace(stacktrace);
  return true;
}

/**
 * Exceptions become `{values: [...]}`. A lone exception takes over a top-level `stacktrace` (old
 * SDKs sent it there), and every stacktrace (exception, top-level, threads) is normalized.
 */
export const normalizeExceptions: NormalizeStage = (event, ctx) => {
  const values = valuesOf(event.exception);
  if (values === undefined) delete event.exception;
  else {
    // A bare exception object (Relay's legacy single-value form) is an item, not the container.
    const container: JsonObject =
      isObject(event.exception) && 'values' in event.exception ? event.exception : {};
    container.values = values;
    event.exception = container;
    const only = values.length === 1 ? values[0] : undefined;
    if (isObject(only) && isObject(event.stacktrace)) {
      only.stacktrace = event.stacktrace;
      delete event.stacktrace;
    }
    container.values = values.map((exception, index) =>
      isObject(exception) && normalizeException(exception, index, ctx) ? exception : null,
    );
  }
  const stacktrace = asObject(event.stacktrace);
  if (stacktrace) normalizeStacktrace(stacktrace);
  for (const thread of valuesOf(event.threads) ?? []) {
    const threadStack = isObject(thread) ? asObject(thread.stacktrace) : undefined;
    if (threadStack) normalizeStacktrace(threadStack);
  }
};
