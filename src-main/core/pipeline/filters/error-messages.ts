/**
 * Relay's error message filter (`error-message`): the log message (formatted, else its template)
 * or any exception, read as `Type: value` (or the one of them it has), matches a pattern.
 */
import { asObject, asString, type JsonObject } from '../normalize/json.ts';
import { exceptions } from './event-fields.ts';
import type { GlobPatterns } from './glob.ts';

function exceptionMessage(exception: JsonObject): string {
  const type = asString(exception.type) ?? '';
  const value = asString(exception.value) ?? '';
  if (type === '') return value;
  if (value === '') return type;
  return `${type}: ${value}`;
}

export function matchesErrorMessage(event: JsonObject, patterns: GlobPatterns): boolean {
  const logentry = asObject(event.logentry);
  if (logentry) {
    const message = asString(logentry.formatted) ?? asString(logentry.message);
    if (message !== undefined && patterns.isMatch(message)) return true;
  }
  return exceptions(event).some((exception) => patterns.isMatch(exceptionMessage(exception)));
}
