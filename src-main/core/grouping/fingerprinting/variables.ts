// Fingerprint variables (`{{ default }}`, `{{ message }}`, `{{ tags.X }}` …) and their resolution
// (Sentry's `grouping/utils.py`).
import { type EventData, getArray, getPath, getString, isObject, objects } from '../event-data.ts';
import { normalizeMessageForGrouping } from '../parameterization.ts';
import { getCrashFrame } from './crash-frame.ts';

const VARIABLE = /^\{\{\s*(\S+?)\s*\}\}$/;
export const DEFAULT_FINGERPRINT_VALUE = '{{ default }}';

export function parseFingerprintVariable(value: string): string | null {
  const match = VARIABLE.exec(value);
  return match ? match[1]! : null;
}

export function isDefaultFingerprintVariable(value: string): boolean {
  return parseFingerprintVariable(value) === 'default';
}

export type FingerprintType = 'default' | 'hybrid' | 'custom';

export function fingerprintType(fingerprint: readonly string[]): FingerprintType {
  const defaults = fingerprint.filter(isDefaultFingerprintVariable).length;
  if (defaults === 0) return 'custom';
  return fingerprint.length === 1 ? 'default' : 'hybrid';
}

/** Event tags are stored as `[key, value]` pairs by Relay, or as an object by some SDKs. */
export function getTag(event: EventData, key: string): string | null {
  const tags = getPath(event, 'tags');
  if (isObject(tags)) {
    const value = tags[key];
    return typeof value === 'string' ? value : null;
  }
  for (const pair of getArray(event, 'tags')) {
    if (Array.isArray(pair) && pair[0] === key && typeof pair[1] === 'string') return pair[1];
  }
  return null;
}

function lastException(event: EventData) {
  return objects(getArray(event, 'exception', 'values')).at(-1);
}

function messageValue(event: EventData): string | null {
  return (
    getString(event, 'logentry', 'formatted') ||
    getString(event, 'logentry', 'message') ||
    getString(lastException(event), 'value') ||
    null
  );
}

function packageBasename(pkg: string | null): string | null {
  return pkg ? (pkg.split(/[/\\]/).at(-1) ?? pkg) : null;
}

function crashFrameValue(event: EventData, name: string): string | null | undefined {
  const frame = getCrashFrame(event);
  switch (name) {
    case 'function':
    case 'stack.function':
      return getString(frame, 'function');
    case 'path':
    case 'stack.abs_path':
      return getString(frame, 'abs_path') || getString(frame, 'filename');
    case 'stack.filename':
      return getString(frame, 'filename') || getString(frame, 'abs_path');
    case 'module':
    case 'stack.module':
      return getString(frame, 'module');
    case 'package':
    case 'stack.package':
      return packageBasename(getString(frame, 'package'));
    default:
      return undefined;
  }
}

const PLACEHOLDERS: Record<string, string> = {
  transaction: '<no-transaction>',
  message: '<no-message>',
  type: '<no-type>',
  'error.type': '<no-type>',
  value: '<no-value>',
  'error.value': '<no-value>',
  function: '<no-function>',
  'stack.function': '<no-function>',
  path: '<no-abs-path>',
  'stack.abs_path': '<no-abs-path>',
  'stack.filename': '<no-filename>',
  module: '<no-module>',
  'stack.module': '<no-module>',
  package: '<no-package>',
  'stack.package': '<no-package>',
  level: '<no-level>',
  logger: '<no-logger>',
};

/** The value of one variable, or null for an unknown variable in legacy (2023) mode. */
export function resolveFingerprintVariable(
  name: string,
  event: EventData,
  legacyUnknownVariables: boolean,
): string | null {
  if (name.startsWith('tags.')) {
    const key = name.slice('tags.'.length);
    return getTag(event, key) ?? `<no-value-for-tag-${key}>`;
  }
  let value: string | null | undefined;
  if (name === 'transaction') value = getString(event, 'transaction');
  else if (name === 'message') {
    const message = messageValue(event);
    value = message !== null ? normalizeMessageForGrouping(message) : null;
  } else if (name === 'type' || name === 'error.type') value = getString(lastException(event), 'type');
  else if (name === 'value' || name === 'error.value') value = getString(lastException(event), 'value');
  else if (name === 'level') value = getString(event, 'level');
  else if (name === 'logger') value = getString(event, 'logger');
  else value = crashFrameValue(event, name);

  if (value === undefined) return legacyUnknownVariables ? null : `<unrecognized-variable-${name}>`;
  return value || PLACEHOLDERS[name]!;
}

/** Resolves every variable except `{{ default }}`, which only the hybrid variants fill in. */
export function resolveFingerprintValues(
  values: readonly string[],
  event: EventData,
  legacyUnknownVariables: boolean,
): string[] {
  return values.map((value) => {
    const name = parseFingerprintVariable(value);
    if (name === null || name === 'default') return value;
    return resolveFingerprintVariable(name, event, legacyUnknownVariables) ?? value;
  });
}
