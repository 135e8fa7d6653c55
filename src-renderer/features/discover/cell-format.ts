/**
 * A Discover cell written as Sentry's table writes its field type (the answer's `meta.fields` and
 * `meta.units`): durations with their unit (`22.08ms`, `1.50s`, `3.00min`), percentages (`12.5%`),
 * rates per minute or second (`4.2/min`), counts abbreviated (`1.2k`, the exact count in the title),
 * other numbers to at most four decimals, sizes in bytes. Anything else, and the CSV download, keep
 * the value as the endpoint gave it.
 */
import type { DiscoverCell } from '../../../src-shared/discover-api.ts';
import { formatBytes } from '../event/readable.ts';
import { compactCount } from '../issues/format.ts';
import { cellText } from './discover-url.ts';

export interface CellDisplay {
  text: string;
  /** The exact value, where the text rounds it. */
  title?: string;
}

const DURATION_MS: Record<string, number> = {
  nanosecond: 1e-6,
  microsecond: 1e-3,
  millisecond: 1,
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
};

/** Sentry's `getDuration(seconds, 2, abbreviation)`: the largest unit the value reaches. */
const DURATION_STEPS: Array<[number, string]> = [
  [604_800_000, 'wk'],
  [86_400_000, 'd'],
  [3_600_000, 'hr'],
  [60_000, 'min'],
  [1000, 's'],
];

export function formatDurationMs(ms: number): string {
  const size = Math.abs(ms);
  for (const [step, unit] of DURATION_STEPS) {
    if (size >= step) return `${(ms / step).toFixed(2)}${unit}`;
  }
  return `${ms.toFixed(2)}ms`;
}

/** At most `places` decimals, trailing zeros dropped (Sentry's `formatFloat`, then shown as a number). */
function trimmed(value: number, places: number): string {
  const factor = 10 ** places;
  return String(Math.round(value * factor) / factor);
}

export function formatCell(
  value: DiscoverCell | undefined,
  type?: string,
  unit?: string | null,
): CellDisplay {
  if (typeof value !== 'number' || !Number.isFinite(value)) return { text: cellText(value) };
  const exact = String(value);
  switch (type) {
    case 'duration':
      return { text: formatDurationMs(value * (DURATION_MS[unit ?? 'millisecond'] ?? 1)), title: exact };
    case 'percentage':
      return { text: `${trimmed(value * 100, 2)}%`, title: exact };
    case 'rate':
      return { text: `${trimmed(value, 2)}${unit === '1/second' ? '/s' : '/min'}`, title: exact };
    case 'integer':
      return Number.isInteger(value) && value >= 1000
        ? { text: compactCount(value), title: value.toLocaleString('en-US') }
        : { text: exact };
    case 'number':
      return { text: trimmed(value, 4), title: exact };
    case 'size':
      return {
        text: formatBytes(value * (unit === 'kibibyte' ? 1024 : unit === 'mebibyte' ? 1024 ** 2 : 1)),
        title: exact,
      };
    default:
      return { text: exact };
  }
}
