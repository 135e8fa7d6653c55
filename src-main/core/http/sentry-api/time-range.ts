/**
 * The time range of Sentry's organization endpoints (`get_date_range_from_params`): `statsPeriod`
 * (`30m`, `24h`, `14d`, `2w`; a bare number is seconds), or `start` and `end`, else Sentry's
 * `MAX_STATS_PERIOD`, 90 days.
 */
import { SentryApiError } from './request.ts';

export interface TimeRange {
  start: number;
  end: number;
}

const DEFAULT_PERIOD_MS = 90 * 24 * 3_600_000;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Sentry's `parse_stats_period`: a number with an optional unit; undefined when it is not one. */
export function parseStatsPeriod(text: string): number | undefined {
  const match = /^(\d+)([smhdw]?)$/.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * (UNIT_MS[match[2] || 's'] ?? 1000);
}

/** Sentry's API dates: ISO 8601 with or without a zone (UTC when none), or epoch seconds. */
function parseDate(text: string): number | undefined {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const zoned = /(Z|[+-]\d\d:?\d\d)$/i.test(text) ? text : `${text}Z`;
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? undefined : ms;
}

export function timeRangeOf(query: URLSearchParams, now = Date.now()): TimeRange {
  const period = query.get('statsPeriod') || query.get('period');
  if (period) {
    const ms = parseStatsPeriod(period);
    if (ms === undefined) throw new SentryApiError(400, 'Invalid statsPeriod');
    return { start: now - ms, end: now };
  }
  return absoluteRangeOf(query) ?? { start: now - DEFAULT_PERIOD_MS, end: now };
}

/**
 * `start` and `end` as `get_date_range_from_params` reads them, with its messages (Sentry answers
 * them as a 400's detail): both or neither, each a date, start before end. Undefined when neither.
 */
export function absoluteRangeOf(query: URLSearchParams): TimeRange | undefined {
  const startText = query.get('start');
  const endText = query.get('end');
  if (!startText && !endText) return undefined;
  if (!startText || !endText) throw new SentryApiError(400, 'start and end are both required');
  const start = parseDate(startText);
  if (start === undefined) throw new SentryApiError(400, `${startText} is not a valid ISO8601 date query`);
  const end = parseDate(endText);
  if (end === undefined) throw new SentryApiError(400, `${endText} is not a valid ISO8601 date query`);
  if (start >= end) throw new SentryApiError(400, 'start must be before end');
  return { start, end };
}

/** A relative bound (`statsPeriod`, `statsPeriodStart` …): now minus it, else Sentry's 400. */
function periodAgo(text: string, now: number): number {
  const ms = parseStatsPeriod(text);
  if (ms === undefined) throw new SentryApiError(400, `Invalid statsPeriod: '${text}'`);
  return now - ms;
}

/**
 * `get_date_range_from_params` with `optional=True`, as the issue's events and tags read it:
 * `statsPeriod`, else `statsPeriodStart` and `statsPeriodEnd` (both), else `start` and `end`, else
 * none (undefined). Its messages are the 400's detail.
 */
export function optionalRangeOf(query: URLSearchParams, now = Date.now()): TimeRange | undefined {
  const period = query.get('statsPeriod');
  const periodStart = query.get('statsPeriodStart');
  const periodEnd = query.get('statsPeriodEnd');
  let range: TimeRange | undefined;
  if (period !== null) range = { start: periodAgo(period, now), end: now };
  else if (periodStart || periodEnd) {
    if (!periodStart || !periodEnd)
      throw new SentryApiError(400, 'statsPeriodStart and statsPeriodEnd are both required');
    range = { start: periodAgo(periodStart, now), end: periodAgo(periodEnd, now) };
  } else return absoluteRangeOf(query);
  if (range.start >= range.end) throw new SentryApiError(400, 'start must be before end');
  return range;
}

/** A range as the core's methods take it (ISO instants). */
export const isoRange = (range: TimeRange) => ({
  start: new Date(range.start).toISOString(),
  end: new Date(range.end).toISOString(),
});
