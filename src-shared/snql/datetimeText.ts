/**
 * `snuba/util.py::parse_datetime`: dateutil's parser with `ignoretz=True`. It takes the common
 * written forms of a date and time, not only ISO 8601: `2026-11-23T19`, `2026/11/23 19:00:00`,
 * `20261123T190000`, `23.11.2026 19:00`, `11/23/2026 7:00 PM`, `Nov 23 2026 19:00`,
 * `Mon, 23 Nov 2026 19:00:00 GMT`. A zone is dropped, not applied, and microseconds are truncated.
 * Numeric dates read month first unless the first number cannot be a month (dateutil's default).
 * dateutil's guesses for incomplete dates (a missing year or day taken from today) are not made
 * here: such text is not a datetime literal.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAY = '(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\\.?,?\\s*';
const TIME = '(\\d{1,2})(?::(\\d{2})(?::(\\d{2})(?:[.,]\\d+)?)?)?\\s*([ap]\\.?m\\.?)?';
const ZONE = '(?:\\s*(?:z|utc|gmt|[+-]\\d{2}(?::?\\d{2})?|(?:utc|gmt)[+-]\\d{1,2}(?::?\\d{2})?))?';

interface Fields {
  year: number;
  month: number;
  day: number;
  hour?: string | undefined;
  minute?: string | undefined;
  second?: string | undefined;
  meridiem?: string | undefined;
}

/** One form: a pattern (case-insensitive, whole text) and how its groups become fields. */
type Form = readonly [RegExp, (m: RegExpExecArray) => Fields | null];

const n = (v: string | undefined): number => Number.parseInt(v ?? '0', 10);
const monthOf = (name: string | undefined): number =>
  MONTHS.indexOf((name ?? '').slice(0, 3).toLowerCase()) + 1;
const whole = (body: string): RegExp => new RegExp(`^\\s*(?:${WEEKDAY})?${body}${ZONE}\\s*$`, 'i');
/** The time groups after `at` in a match (hour, minute, second, meridiem). */
const timeOf = (m: RegExpExecArray, at: number): Omit<Fields, 'year' | 'month' | 'day'> => ({
  hour: m[at],
  minute: m[at + 1],
  second: m[at + 2],
  meridiem: m[at + 3],
});

/** Month first, as dateutil reads `a/b/yyyy` unless `a` is more than 12. */
function numericDate(a: number, b: number, year: number): Fields {
  return a > 12 ? { year, month: b, day: a } : { year, month: a, day: b };
}

const FORMS: readonly Form[] = [
  // 2026-11-23, 2026/11/23, 2026.11.23, then T or space and a time (or only the hour after T).
  [
    whole(`(\\d{4})([-/.])(\\d{1,2})\\2(\\d{1,2})(?:(?:t|\\s+)${TIME})?`),
    (m) => ({ year: n(m[1]), month: n(m[3]), day: n(m[4]), ...timeOf(m, 5) }),
  ],
  // 20261123, 20261123T19, 20261123T1900, 20261123T190000 (and with a space).
  [
    whole('(\\d{4})(\\d{2})(\\d{2})(?:[t\\s](\\d{2})(\\d{2})?(\\d{2})?)?'),
    (m) => ({ year: n(m[1]), month: n(m[2]), day: n(m[3]), hour: m[4], minute: m[5], second: m[6] }),
  ],
  // 23.11.2026 19:00, 11/23/2026 7:00 PM, 11-23-2026.
  [
    whole(`(\\d{1,2})([-/.])(\\d{1,2})\\2(\\d{4})(?:\\s+${TIME})?`),
    (m) => ({ ...numericDate(n(m[1]), n(m[3]), n(m[4])), ...timeOf(m, 5) }),
  ],
  // Nov 23 2026 19:00, November 23, 2026 7 PM, Nov 23 19:00:00 2026 (ctime's order).
  [
    whole(`([a-z]{3,9})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?:,?\\s+${TIME})?`),
    (m) => ({ year: n(m[3]), month: monthOf(m[1]), day: n(m[2]), ...timeOf(m, 4) }),
  ],
  [
    whole(`([a-z]{3,9})\\.?\\s+(\\d{1,2})\\s+${TIME}\\s+(\\d{4})`),
    (m) => ({ year: n(m[7]), month: monthOf(m[1]), day: n(m[2]), ...timeOf(m, 3) }),
  ],
  // 23 Nov 2026 19:00, 23-Nov-2026.
  [
    whole(`(\\d{1,2})(?:st|nd|rd|th)?[\\s-]+([a-z]{3,9})\\.?,?[\\s-]+(\\d{4})(?:,?\\s+${TIME})?`),
    (m) => ({ year: n(m[3]), month: monthOf(m[2]), day: n(m[1]), ...timeOf(m, 4) }),
  ],
];

/** The 24-hour hour of a 12-hour clock reading, or null when it is not one. */
function hour24(hour: number, meridiem: string | undefined): number | null {
  if (meridiem === undefined) return hour;
  if (hour < 1 || hour > 12) return null;
  const pm = meridiem.toLowerCase().startsWith('p');
  return (hour % 12) + (pm ? 12 : 0);
}

/** Naive UTC text `YYYY-MM-DDTHH:MM:SS` of valid fields, or null (no Feb 30, no 24:00). */
function iso(f: Fields): { iso: string; epochSeconds: number } | null {
  const hour = hour24(n(f.hour), f.meridiem);
  const [minute, second] = [n(f.minute), n(f.second)];
  if (hour === null || f.month < 1 || f.month > 12 || f.day < 1 || hour > 23 || minute > 59 || second > 59)
    return null;
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0-99 as 1900-1999.
  date.setUTCFullYear(f.year, f.month - 1, f.day);
  date.setUTCHours(hour, minute, second, 0);
  if (date.getUTCDate() !== f.day || date.getUTCMonth() !== f.month - 1) return null;
  return { iso: date.toISOString().slice(0, 19), epochSeconds: date.getTime() / 1000 };
}

/** The naive UTC datetime a text stands for, as Snuba parses it, or null when it is not one. */
export function parseDatetime(text: string): { iso: string; epochSeconds: number } | null {
  for (const [pattern, fields] of FORMS) {
    const m = pattern.exec(text);
    if (m === null) continue;
    const f = fields(m);
    return f === null || f.month === 0 ? null : iso(f);
  }
  return null;
}
