/**
 * Crontab schedules as Sentry reads them. Sentry's monitor validator squeezes whitespace, turns the
 * nicknames into their five fields (`@reboot` and anything else after `@` is refused) and refuses
 * more than five fields; the expression is then evaluated by CronSim, which follows Debian's
 * (Vixie) cron: minute hour day-of-month month day-of-week; `*`, lists, ranges, steps of `*` or of
 * a range (`/n`) and `a/n` (from a to the field's end); JAN-DEC and SUN-SAT in any case; 0 and 7 are
 * Sunday; CronSim's extensions `L` (last day of the month), `5L` (the month's last Friday) and
 * `MON#2` (its second Monday). Day-of-month and day-of-week both have to match when either field
 * starts with `*`; otherwise a day matching either one is enough.
 *
 * `nextWallMinute` walks wall-clock minutes (calendar arithmetic on a UTC `Date`, no zone); time
 * zones are `crontab-next.ts`'s concern.
 */
import { floorMinute, MINUTE } from './minute.ts';

/** Sentry's `NONSTANDARD_CRONTAB_SCHEDULES`. */
const NICKNAMES: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
/** The most days each month can have (February in a leap year). */
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** CronSim gives up when nothing matches within 50 years. */
const SEARCH_YEARS = 50;

type FieldName = 'minute' | 'hour' | 'dayOfMonth' | 'month' | 'dayOfWeek';
const RANGES: Record<FieldName, [number, number]> = {
  minute: [0, 59],
  hour: [0, 23],
  dayOfMonth: [1, 31],
  month: [1, 12],
  dayOfWeek: [0, 7],
};

/** `L` in the day-of-month field. */
const LAST = -1;

export interface Crontab {
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  /** Days of the month, with LAST for `L`. */
  days: ReadonlySet<number>;
  months: ReadonlySet<number>;
  /** Plain weekdays, 0-6 from Sunday (7 is folded into 0). */
  weekdays: ReadonlySet<number>;
  /** `MON#2`: [weekday, n]. */
  nthWeekdays: ReadonlyArray<readonly [number, number]>;
  /** `5L`: the weekdays whose last occurrence in the month matches. */
  lastWeekdays: ReadonlySet<number>;
  /** Either day field starts with `*`: both must match (else either). */
  dayAnd: boolean;
  /** Neither the minute nor the hour field starts with `*`: a job at set times of the day. */
  fixedTime: boolean;
}

class CrontabError extends Error {}

interface FieldValues {
  values: Set<number>;
  nth: Array<[number, number]>;
  last: Set<number>;
}

function integer(text: string): number {
  if (!/^[0-9]+$/.test(text)) throw new CrontabError(text);
  return Number(text);
}

function value(field: FieldName, text: string): number {
  if (field === 'month' && MONTH_NAMES.includes(text)) return MONTH_NAMES.indexOf(text) + 1;
  if (field === 'dayOfWeek' && DAY_NAMES.includes(text)) return DAY_NAMES.indexOf(text);
  const number = integer(text);
  const [min, max] = RANGES[field];
  if (number < min || number > max) throw new CrontabError(text);
  return number;
}

function span(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, n) => from + n);
}

/** One comma-separated term, read in CronSim's order of precedence. */
function parseTerm(field: FieldName, term: string, into: FieldValues): void {
  if (term === '*') {
    for (const n of span(...RANGES[field])) into.values.add(n);
    return;
  }
  if (field === 'dayOfWeek' && term.includes('L')) {
    // Only digits before the final L (`5L`, not `FRIL`).
    const day = term.slice(0, -1);
    integer(day);
    into.last.add(value(field, day) % 7);
    return;
  }
  const hash = term.indexOf('#');
  if (field === 'dayOfWeek' && hash >= 0) {
    const n = integer(term.slice(hash + 1));
    if (n < 1 || n > 5) throw new CrontabError(term);
    into.nth.push([value(field, term.slice(0, hash)) % 7, n]);
    return;
  }
  const slash = term.indexOf('/');
  if (slash >= 0) {
    const step = integer(term.slice(slash + 1));
    if (step === 0) throw new CrontabError(term);
    const inner: FieldValues = { values: new Set(), nth: [], last: new Set() };
    parseTerm(field, term.slice(0, slash), inner);
    if (inner.nth.length > 0 || inner.last.size > 0) throw new CrontabError(term);
    const base = [...inner.values].sort((a, b) => a - b);
    if (base.length === 1 && base[0] === LAST) {
      into.values.add(LAST);
      return;
    }
    // A single start runs to the field's end (`5/15` is 5,20,35,50); else every step-th value.
    const stepped = base.length === 1 ? span(base[0] as number, RANGES[field][1]) : base;
    stepped.forEach((n, index) => {
      if (index % step === 0) into.values.add(n);
    });
    return;
  }
  const dash = term.indexOf('-');
  if (dash >= 0) {
    const from = value(field, term.slice(0, dash));
    const to = value(field, term.slice(dash + 1));
    if (to < from) throw new CrontabError(term);
    for (const n of span(from, to)) into.values.add(n);
    return;
  }
  if (field === 'dayOfMonth' && term === 'L') {
    into.values.add(LAST);
    return;
  }
  into.values.add(value(field, term));
}

function parseField(field: FieldName, text: string): FieldValues {
  const into: FieldValues = { values: new Set(), nth: [], last: new Set() };
  for (const term of text.split(',')) parseTerm(field, term, into);
  return into;
}

/** The five fields Sentry stores for a schedule as sent, or null when Sentry would refuse it. */
export function normalizeCrontab(sent: string): string | null {
  const squeezed = sent.replace(/\s+/g, ' ').trim();
  const expression = squeezed.startsWith('@') ? NICKNAMES[squeezed] : squeezed;
  return expression ?? null;
}

/** A crontab as Sentry accepts it, or null when Sentry's validator would refuse it. */
export function parseCrontab(sent: string): Crontab | null {
  const expression = normalizeCrontab(sent);
  if (expression === null) return null;
  const parts = expression.toUpperCase().split(' ');
  if (parts.length !== 5) return null;
  const [minute, hour, dayOfMonth, month, dayOfWeek] = parts as [string, string, string, string, string];
  try {
    const months = parseField('month', month).values;
    const days = parseField('dayOfMonth', dayOfMonth).values;
    const realDays = [...days].filter((day) => day !== LAST);
    // A day no chosen month has (`0 0 30 2 *`) is refused, unless `L` is among them.
    if (realDays.length === days.size && realDays.length > 0) {
      const longest = Math.max(...[...months].map((m) => DAYS_IN_MONTH[m - 1] as number));
      if (Math.min(...realDays) > longest) return null;
    }
    const weekdays = parseField('dayOfWeek', dayOfWeek);
    return {
      minutes: parseField('minute', minute).values,
      hours: parseField('hour', hour).values,
      days,
      months,
      weekdays: new Set([...weekdays.values].map((day) => day % 7)),
      nthWeekdays: weekdays.nth,
      lastWeekdays: weekdays.last,
      dayAnd: dayOfMonth.startsWith('*') || dayOfWeek.startsWith('*'),
      fixedTime: !minute.startsWith('*') && !hour.startsWith('*'),
    };
  } catch (error) {
    if (error instanceof CrontabError) return null;
    throw error;
  }
}

const daysIn = (year: number, month0: number): number => new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();

function matchesDay(crontab: Crontab, date: Date): boolean {
  const day = date.getUTCDate();
  const weekday = date.getUTCDay();
  const last = daysIn(date.getUTCFullYear(), date.getUTCMonth());
  const dom = crontab.days.has(day) || (crontab.days.has(LAST) && day === last);
  const dow =
    crontab.weekdays.has(weekday) ||
    (crontab.lastWeekdays.has(weekday) && day + 7 > last) ||
    crontab.nthWeekdays.some(([d, n]) => d === weekday && Math.ceil(day / 7) === n);
  return crontab.dayAnd ? dom && dow : dom || dow;
}

function nextIn(set: ReadonlySet<number>, after: number): number | undefined {
  let best: number | undefined;
  for (const n of set) if (n > after && (best === undefined || n < best)) best = n;
  return best;
}

/**
 * The first wall-clock minute strictly after `wall`'s minute that the crontab matches, both as
 * milliseconds of a UTC `Date` holding the wall-clock fields; null when none comes in 50 years.
 */
export function nextWallMinute(crontab: Crontab, wall: number): number | null {
  let t = floorMinute(wall) + MINUTE;
  const endYear = new Date(t).getUTCFullYear() + SEARCH_YEARS;
  for (;;) {
    const date = new Date(t);
    const [y, mo, d, h, mi] = [
      date.getUTCFullYear(),
      date.getUTCMonth(),
      date.getUTCDate(),
      date.getUTCHours(),
      date.getUTCMinutes(),
    ];
    if (y > endYear) return null;
    if (!crontab.months.has(mo + 1)) t = Date.UTC(y, mo + 1, 1);
    else if (!matchesDay(crontab, date)) t = Date.UTC(y, mo, d + 1);
    else if (!crontab.hours.has(h)) t = Date.UTC(y, mo, d, h + 1);
    else if (!crontab.minutes.has(mi)) {
      const minute = nextIn(crontab.minutes, mi);
      t = minute === undefined ? Date.UTC(y, mo, d, h + 1) : Date.UTC(y, mo, d, h, minute);
    } else return t;
  }
}
