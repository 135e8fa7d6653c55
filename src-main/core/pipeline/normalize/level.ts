import type { JsonValue } from './json.ts';
import type { NormalizeStage } from './types.ts';

// Relay's `Level::from_str`, exactly (case and spelling: `warn` or `WARNING` is no level), and
// Python logging's numeric levels.
const LEVEL_NAMES: Record<string, string> = {
  debug: 'debug',
  info: 'info',
  log: 'info',
  warning: 'warning',
  error: 'error',
  fatal: 'fatal',
  critical: 'fatal',
};
const NUMERIC_LEVELS: Record<number, string> = {
  10: 'debug',
  20: 'info',
  30: 'warning',
  40: 'error',
  50: 'fatal',
};

export function parseLevel(value: JsonValue | undefined): string | undefined {
  if (typeof value === 'string') return Object.hasOwn(LEVEL_NAMES, value) ? LEVEL_NAMES[value] : undefined;
  if (typeof value === 'number') return NUMERIC_LEVELS[value];
  return undefined;
}

/** Invalid levels are removed with an error; the default is `error` (`info` for transactions). */
export const normalizeLevel: NormalizeStage = (event, ctx) => {
  const raw = event.level;
  let level = parseLevel(raw);
  if (level === undefined && raw !== undefined && raw !== null) {
    ctx.addError('invalid_data', 'level', { value: raw, reason: 'expected a level' });
  }
  level ??= event.type === 'transaction' ? 'info' : 'error';
  event.level = level;
};
