import { asArray, isObject, type JsonObject, type JsonValue, lenientString } from './json.ts';
import { moveMeta } from './meta.ts';
import type { NormalizeStage } from './types.ts';

/**
 * Formats a printf-style message the way Relay's `format_message` does: `%s`-style placeholders
 * take positional params, `%(name)s` named ones; `%%` is a literal percent. Returns undefined if a
 * placeholder has no param, in which case the message stays unformatted.
 */
export function formatLogentry(message: string, params: JsonValue | undefined): string | undefined {
  const positional = asArray(params);
  const named = isObject(params) ? params : undefined;
  let index = 0;
  let failed = false;
  const formatted = message.replace(/%(?:\((\w+)\))?([sdifr%])/g, (match, name: string | undefined, conv) => {
    if (conv === '%') return '%';
    const value = name !== undefined ? named?.[name] : positional?.[index++];
    const text = value === undefined ? undefined : (lenientString(value) ?? JSON.stringify(value));
    if (text === undefined) failed = true;
    return text ?? match;
  });
  return failed ? undefined : formatted;
}

/**
 * `message` (a string or the legacy Message interface) and `logentry` become one `logentry` with a
 * `formatted` text; `message` is kept only when it differs (it is the template). An empty message
 * is dropped. Annotations move with the text, as Relay's meta does: a string's to `formatted`
 * (`LogEntry::from_value`), the template's to `formatted` when it becomes the formatted text.
 */
export const normalizeLogentry: NormalizeStage = (event) => {
  const raw = event.logentry;
  const logentry: JsonObject = isObject(raw) ? raw : {};
  const annotated = event._meta !== undefined;
  if (typeof raw === 'string') {
    logentry.formatted = raw;
    if (annotated) moveMeta(event, ['logentry', ''], ['logentry', 'formatted', '']);
  } else if (!isObject(raw)) {
    delete event.logentry;
    return;
  }
  const message = lenientString(logentry.message);
  let formatted = lenientString(logentry.formatted);
  if (!formatted && message) {
    const params = logentry.params;
    const hasParams = Array.isArray(params) ? params.length > 0 : isObject(params);
    formatted = hasParams ? (formatLogentry(message, params) ?? message) : message;
  }
  if (!formatted && !message) {
    delete event.logentry;
    return;
  }
  // Relay's `normalize_logentry` moves the template into `formatted` (with its annotations).
  if (annotated && message !== undefined && message === formatted)
    moveMeta(event, ['logentry', 'message'], ['logentry', 'formatted']);
  if (formatted) logentry.formatted = formatted;
  if (message === undefined || message === formatted) delete logentry.message;
  event.logentry = logentry;
};
