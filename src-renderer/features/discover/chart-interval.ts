/**
 * The Discover chart's interval (Sentry's `interval=` in Discover's URL and saved queries) and its Top
 * N limit (`topEvents=`). The interval picker offers, as Sentry's Discover does, a few choices for the
 * query's length, each no finer than a bound for that length and no coarser than half of it; an
 * interval outside those bounds gives way to the default, Sentry's chart interval for the length (its
 * "high" fidelity). The daily displays are by day whatever the interval, so they have no picker. No DOM
 * here, so it is unit-tested.
 */

const MINUTE = 1 / 60;

/**
 * Sentry's choices by the query's length, longest first: from `fromHours` on, the `choices` offered,
 * none finer than `minHours` (the coarsest is half the length).
 */
const INTERVAL_ROWS: readonly { fromHours: number; minHours: number; choices: readonly string[] }[] = [
  { fromHours: 90 * 24, minHours: 1, choices: ['1h', '4h', '1d', '5d'] },
  { fromHours: 30 * 24, minHours: 0.5, choices: ['30m', '1h', '4h', '1d', '5d'] },
  { fromHours: 14 * 24, minHours: 10 * MINUTE, choices: ['30m', '1h', '4h', '1d'] },
  { fromHours: 7 * 24, minHours: 3 * MINUTE, choices: ['30m', '1h', '4h', '1d'] },
  { fromHours: 24, minHours: MINUTE, choices: ['5m', '15m', '1h'] },
  { fromHours: 1, minHours: MINUTE / 60, choices: ['1m', '5m', '15m'] },
  { fromHours: 0, minHours: MINUTE / 60, choices: ['1s', '5s', '30s'] },
];

const UNIT_HOURS: Record<string, number> = { s: 1 / 3600, m: MINUTE, h: 1, d: 24, w: 168 };

/** An interval's length in hours (`30s`, `5m`, `1h`, `1d`, `1w`), undefined when it is none. */
export function intervalHours(interval: string): number | undefined {
  const match = /^(\d+)([smhdw])$/.exec(interval.trim());
  if (!match) return undefined;
  const hours = Number(match[1]) * (UNIT_HOURS[match[2] ?? ''] ?? 0);
  return hours > 0 ? hours : undefined;
}

const rowOf = (rangeHours: number) =>
  INTERVAL_ROWS.find((row) => row.fromHours <= rangeHours) ?? INTERVAL_ROWS[INTERVAL_ROWS.length - 1];

/** Sentry's chart interval for a query's length (its high fidelity): finer the shorter the query. */
export function defaultChartInterval(rangeHours: number): string {
  if (rangeHours >= 60 * 24) return '4h';
  if (rangeHours >= 30 * 24) return '1h';
  if (rangeHours > 24) return '30m';
  if (rangeHours > 1) return '5m';
  return '1m';
}

/** Whether an interval fits a query's length: no finer than its row's bound, no coarser than half of it. */
export function intervalFits(interval: string, rangeHours: number): boolean {
  const hours = intervalHours(interval);
  const row = rowOf(rangeHours);
  return hours !== undefined && row !== undefined && hours >= row.minHours && hours <= rangeHours / 2;
}

/** The intervals the picker offers for a query's length (Sentry's choices that fit it). */
export function intervalChoices(rangeHours: number): string[] {
  return (rowOf(rangeHours)?.choices ?? []).filter((choice) => intervalFits(choice, rangeHours));
}

/** The chart's interval: the one asked when it fits the query's length, else the default for it. */
export function chartInterval(asked: string | undefined, rangeHours: number): string {
  return asked !== undefined && intervalFits(asked, rangeHours) ? asked : defaultChartInterval(rangeHours);
}

/** A bucket's length in seconds as an interval is written (`90` → `90s`, `300` → `5m`, `86400` → `1d`). */
export function intervalText(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/**
 * The interval events-stats answered by, when it is not the one asked (an interval making more
 * buckets than it answers, 10,000 shared by the top N's series, gives way to the period's default
 * there): from the answer's first two buckets; undefined when it is the one asked or cannot be told.
 */
export function answeredInterval(asked: string, bucketKeys: readonly number[]): string | undefined {
  const [first, second] = bucketKeys;
  const hours = intervalHours(asked);
  if (first === undefined || second === undefined || hours === undefined) return undefined;
  const step = second - first;
  return Math.round(hours * 3600) === step ? undefined : intervalText(step);
}

/** Sentry's `TOP_N`, the groups a top display draws by default, and its most (`MAX_TOP_EVENTS`). */
export const DEFAULT_TOP_EVENTS = 5;
export const MAX_TOP_EVENTS = 10;
/** The Top N picker's choices, 1 to 10 as in Sentry's chart footer. */
export const TOP_EVENTS_CHOICES = Array.from({ length: MAX_TOP_EVENTS }, (_, i) => i + 1);

/**
 * A `topEvents=` value: a whole number from 1 to 10, else an error saying so (the chart then draws
 * Sentry's default 5).
 */
export function parseTopEvents(text: string): { topEvents: number } | { error: string } {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (/^\d+$/.test(trimmed) && value >= 1 && value <= MAX_TOP_EVENTS) return { topEvents: value };
  return {
    error: `Top N must be a whole number from 1 to ${MAX_TOP_EVENTS}, not “${text}”: showing the top ${DEFAULT_TOP_EVENTS}.`,
  };
}
