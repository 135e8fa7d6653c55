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
  const text = value.trim();
  if (NUMBER_RE.test(text)) return inRange(Number(text));
  const m = RFC3339_RE.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zulu, sign, oh, om] = m;
  const millis = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(millis)) return undefined;
  let seconds = millis / 1000;
  if (frac) seconds += Number(`0.${frac.slice(0, 6)}`);
  if (!zulu && sign) {
    const offset = (Number(oh) * 60 + Number(om)) * 60;
    seconds += sign === '+' ? -offset : offset;
  }
  return inRange(seconds);
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
  const base = new Date(whole * 1000).toISOString().slice(0, 19);
  let digits = '';
  if (fraction !== 0) {
    const six = String(fraction).padStart(6, '0');
    digits = `.${six.endsWith('000') ? six.slice(0, 3) : six}`;
  }
  return `${base}${digits}+00:00`;
}
