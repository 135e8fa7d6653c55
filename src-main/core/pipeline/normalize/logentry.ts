import { isObject, type JsonObject, lenientString } from './json.ts';
import { formatLogentry } from './logentry-format.ts';
import { moveMeta } from './meta.ts';
import type { NormalizeStage } from './types.ts';

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
    // Relay formats whenever params are there (an empty list fails any placeholder).
    const params = logentry.params;
    formatted =
      params !== undefined && params !== null ? (formatLogentry(message, params) ?? message) : message;
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
