/** How the issue pages write times and counts. */
const UNITS: Array<[number, string]> = [
  [365 * 86_400_000, 'y'],
  [30 * 86_400_000, 'mo'],
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'min'],
];

export function timeAgo(iso: string, now = Date.now()): string {
  const elapsed = Math.max(0, now - Date.parse(iso));
  for (const [ms, unit] of UNITS) if (elapsed >= ms) return `${Math.floor(elapsed / ms)}${unit} ago`;
  return 'just now';
}

const COUNT_UNITS: Array<[number, string]> = [
  [1_000_000_000, 'B'],
  [1_000_000, 'M'],
  [1000, 'k'],
];

/**
 * A count in the issue pages' short form, as Sentry's `formatAbbreviatedNumber` writes it: whole
 * units from ten on or when exact, else one decimal, never rounded up (999,999 events are "999k",
 * not "1000k"; 1,999 are "1.9k", not "2.0k", which claimed an event that never came).
 */
export function compactCount(n: number): string {
  for (const [size, suffix] of COUNT_UNITS) {
    const whole = Math.floor(n / size);
    if (whole <= 0) continue;
    if (whole > 10 || n % size === 0) return `${whole}${suffix}`;
    return `${Math.floor((n * 10) / size) / 10}${suffix}`;
  }
  return String(n);
}
