import type { JsonValue } from './json.ts';

const RFC3339_RE =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;
const NUMBER_RE = /^-?\d+(?:\.\d+)?$/;

/**
 * Relay's `Timestamp` accepts unix seconds (integer or float, also as a numeric string) and RFC 3339
 * / ISO 8601 strings; a string without an offset is UTC. Returns unix seconds with microsecond
 * precision, or undefined when the value is not a timestamp.
 */
export function parseTimestamp(value: JsonValue | undefined): number | undefined {
  if (typeof value === 'number') return inRange(value);
  if (typeof value !== 'string') return undefined;
  const common = parseCommonDateTime(value);
  if (common !== undefined) return common;
  const text = value.trim();
  if (NUMBER_RE.test(text)) return inRange(Number(text));
  const m = RFC3339_RE.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zulu, sign, oh, om] = m;
  const offset = !zulu && sign ? (Number(oh) * 60 + Number(om)) * 60 * (sign === '+' ? -1 : 1) : 0;
  const date = [Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s)] as const;
  return secondsOf(date, frac?.slice(0, 6) ?? '', offset);
}

/**
 * Unix seconds of a date and time read as UTC (year, month from 1, day, hour, minute, second),
 * plus up to six fraction digits and an offset in seconds to add; undefined for a date Date.UTC
 * cannot place.
 */
function secondsOf(
  [year, month, day, hour, minute, second]: readonly [number, number, number, number, number, number],
  fraction: string,
  offset: number,
): number | undefined {
  const millis = Date.UTC(year, month - 1, day, hour, minute, second);
  if (Number.isNaN(millis)) return undefined;
  let seconds = millis / 1000;
  if (fraction) seconds += Number(`0.${fraction}`);
  if (offset !== 0) seconds += offset;
  return inRange(seconds);
}

/**
 * The form nearly every SDK writes, `YYYY-MM-DDTHH:MM:SS[.digits][Z|±HH:MM]` with nothing around
 * it, read by position: the same numbers go through the same arithmetic as after `RFC3339_RE`,
 * without its exec and a dozen strings (~0.4 µs → ~0.1 µs; a Python SDK's breadcrumbs each have a
 * timestamp). Undefined for any other text, which the regex then reads.
 */
function parseCommonDateTime(text: string): number | undefined {
  const length = text.length;
  if (
    length < 19 ||
    text.charCodeAt(4) !== DASH ||
    text.charCodeAt(7) !== DASH ||
    text.charCodeAt(10) !== UPPER_T ||
    text.charCodeAt(13) !== COLON ||
    text.charCodeAt(16) !== COLON
  )
    return undefined;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return undefined;
  let at = 19;
  let fraction = '';
  if (text.charCodeAt(at) === DOT) {
    let end = at + 1;
    while (end < length && isDigit(text.charCodeAt(end))) end++;
    if (end === at + 1) return undefined;
    fraction = text.slice(at + 1, Math.min(end, at + 7));
    at = end;
  }
  let offset = 0;
  if (at < length) {
    const zone = text.charCodeAt(at);
    if (zone === UPPER_Z && at + 1 === length) offset = 0;
    else if ((zone === PLUS || zone === DASH) && at + 6 === length && text.charCodeAt(at + 3) === COLON) {
      const hours = digitsAt(text, at + 1, 2);
      const minutes = digitsAt(text, at + 4, 2);
      if (hours < 0 || minutes < 0) return undefined;
      offset = (hours * 60 + minutes) * 60 * (zone === PLUS ? -1 : 1);
    } else return undefined;
  }
  return secondsOf([year, month, day, hour, minute, second], fraction, offset);
}

const DASH = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const COLON = 0x3a;
const UPPER_T = 0x54;
const UPPER_Z = 0x5a;

const isDigit = (code: number): boolean => code >= 0x30 && code <= 0x39;

/** The number `count` ASCII digits at `start` spell, or -1 when one of them is not a digit. */
function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) return -1;
    value = value * 10 + (code - 0x30);
  }
  return value;
}

/** 9999-12-31T23:59:59Z: later (or non-finite) values are not timestamps. */
const MAX_TIMESTAMP_SECS = 253_402_300_799;

function inRange(seconds: number): number | undefined {
  return Number.isFinite(seconds) && Math.abs(seconds) <= MAX_TIMESTAMP_SECS
    ? roundMicros(seconds)
    : undefined;
}

export function roundMicros(seconds: number): number {
  return Math.round(seconds * 1e6) / 1e6;
}

/**
 * RFC 3339 in UTC as chrono's `to_rfc3339` writes it (Relay's event errors): the fraction only when
 * there is one, in 3 or 6 digits.
 */
export function formatTimestamp(seconds: number): string {
  const micros = Math.round(seconds * 1e6);
  const whole = Math.floor(micros / 1e6);
  const fraction = micros - whole * 1e6;
  let digits = '';
  if (fraction !== 0) {
    const six = String(fraction).padStart(6, '0');
    digits = `.${six.endsWith('000') ? six.slice(0, 3) : six}`;
  }
  return `${dateTimeOf(whole)}${digits}+00:00`;
}

const SECONDS_A_DAY = 86_400;

/**
 * `YYYY-MM-DDTHH:MM:SS` of whole unix seconds, as `Date#toISOString` begins. From 1970 on it is
 * worked out by arithmetic (Howard Hinnant's `civil_from_days`) instead of through a Date and a
 * slice of its text: ~0.1 µs instead of ~0.5, and every error event from an SDK whose clock
 * drifts writes two. Earlier seconds (years that may need six digits) take the Date's text.
 */
function dateTimeOf(whole: number): string {
  if (whole < 0 || whole > MAX_TIMESTAMP_SECS) return new Date(whole * 1000).toISOString().slice(0, 19);
  const days = Math.floor(whole / SECONDS_A_DAY);
  const inDay = whole - days * SECONDS_A_DAY;
  // Days since 0000-03-01, in 400-year eras (all non-negative here).
  const shifted = days + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(inDay / 3600);
  const minute = Math.floor((inDay % 3600) / 60);
  return `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}:${two(inDay % 60)}`;
}

const two = (value: number): string => (value < 10 ? `0${value}` : String(value));
