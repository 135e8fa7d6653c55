import { lenientString } from './json.ts';
import type { NormalizeStage } from './types.ts';

export const MAX_RELEASE_CHARS = 200;
export const MAX_ENVIRONMENT_CHARS = 64;
export const MAX_DIST_CHARS = 64;

/** sentry-release-parser's `validate_release`: no control characters or slashes, not a reserved name. */
export function isValidRelease(release: string): boolean {
  if (release.trim() === '' || release.length > MAX_RELEASE_CHARS) return false;
  if (release === '.' || release === '..' || release.toLowerCase() === 'latest') return false;
  return !/[\r\n\t\f\v/\\]/.test(release);
}

/** Relay's environment rule: no newlines, form feeds or slashes, at most 64 characters. */
export function isValidEnvironment(environment: string): boolean {
  return environment.length <= MAX_ENVIRONMENT_CHARS && /^[^\r\n\f/]+$/.test(environment);
}

/**
 * Release, environment and dist are validated: an invalid value is removed with an
 * `invalid_data` error rather than failing the event. Empty strings mean "not set".
 */
export const normalizeReleaseDist: NormalizeStage = (event, ctx) => {
  const checks: ReadonlyArray<readonly [string, (value: string) => boolean]> = [
    ['release', isValidRelease],
    ['environment', isValidEnvironment],
  ];
  for (const [field, isValid] of checks) {
    const raw = event[field];
    if (raw === undefined || raw === null) continue;
    const value = lenientString(raw);
    if (value === '') {
      delete event[field];
    } else if (value === undefined || !isValid(value)) {
      ctx.addError('invalid_data', field, { value: raw, reason: `invalid ${field}` });
      delete event[field];
    } else {
      event[field] = value;
    }
  }
  const dist = lenientString(event.dist)?.trim();
  if (dist === undefined || dist === '') delete event.dist;
  else if (Array.from(dist).length > MAX_DIST_CHARS) {
    ctx.addError('value_too_long', 'dist', { value: dist });
    delete event.dist;
  } else event.dist = dist;
};
