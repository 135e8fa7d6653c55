/**
 * Relay's `format_message`: a template with a `%` is formatted as an old-style Python format
 * string, else one with a `{` as a simple curly one (`{}`, `{0}`, `{name}`), each by the `dynfmt`
 * crate's rules, which are not Python's:
 * - a placeholder's flags, width and precision are parsed but not applied (`%.2f` of 12.3456 is
 *   `12.3456`, `%05d` of 42 is `42`), and a `*` width takes no argument;
 * - `d i u f F g G c s` write the value as Rust displays it (a float in positional digits, never an
 *   exponent; `%c` of 65 is `65`), `x X o` an integer in hex or octal (two's complement when
 *   negative; `#` adds `0x`/`0o`), `e E` a float with Rust's exponent (`1.23456e1`), `r` the value as
 *   compact JSON; lists and objects display as compact JSON too (object keys sorted, as Relay's
 *   objects are);
 * - a missing or null argument, positional placeholders with named params (or the reverse), or a
 *   value the conversion cannot write (`%x` of a float or a string) fail the whole message, which
 *   then stays unformatted.
 * Returns undefined when the message is not formatted.
 */
import { isObject, type JsonValue } from './json.ts';

/** dynfmt's Python placeholder, `|` included where its character classes have it. */
const PYTHON_PLACEHOLDER =
  /%(?:\((\w+)\))?[#0\- +|]*(?:\*|\d+)?(?:.(?:\*|\d+))?[hlL|]*([diouxXeEfFgGcrs%|])/g;
const CURLY_PLACEHOLDER = /\{(\w+)?\}/g;

type Conversion = 'display' | 'octal' | 'lowerHex' | 'upperHex' | 'lowerExp' | 'upperExp' | 'json';

const CONVERSIONS: Record<string, Conversion> = {
  d: 'display',
  i: 'display',
  u: 'display',
  f: 'display',
  F: 'display',
  g: 'display',
  G: 'display',
  c: 'display',
  s: 'display',
  o: 'octal',
  x: 'lowerHex',
  X: 'upperHex',
  e: 'lowerExp',
  E: 'upperExp',
  r: 'json',
};

class FormatFailure extends Error {}

/** serde_json's compact (or, alternate, pretty) text of a Relay value: object keys sorted. */
function jsonText(value: JsonValue, pretty: boolean): string {
  const sorted = (inner: JsonValue): JsonValue => {
    if (Array.isArray(inner)) return inner.map(sorted);
    if (isObject(inner))
      return Object.fromEntries(
        Object.keys(inner)
          .sort()
          .map((key) => [key, sorted(inner[key] as JsonValue)]),
      );
    return inner;
  };
  return JSON.stringify(sorted(value), null, pretty ? 2 : undefined);
}

/** Rust's `Display` of an f64: the shortest round-trip digits, positional. */
function rustFloat(value: number): string {
  const text = String(Math.abs(value));
  const sign = value < 0 ? '-' : '';
  const match = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return sign + text;
  const digits = match[1]! + (match[2] ?? '');
  const exponent = Number(match[3]);
  if (exponent >= 0) return sign + digits.padEnd(exponent + 1, '0');
  return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
}

function integerText(value: number, radix: 8 | 16): string {
  const big = BigInt(value);
  return (big < 0n ? BigInt.asUintN(64, big) : big).toString(radix);
}

function formatValue(value: JsonValue, conversion: Conversion, alternate: boolean): string {
  if (conversion === 'json') return jsonText(value, alternate);
  if (Array.isArray(value) || isObject(value)) {
    if (conversion === 'display') return jsonText(value, alternate);
    throw new FormatFailure();
  }
  if (typeof value === 'string' || typeof value === 'boolean') {
    if (conversion === 'display') return String(value);
    throw new FormatFailure();
  }
  if (typeof value !== 'number') throw new FormatFailure();
  if (Number.isInteger(value)) {
    switch (conversion) {
      case 'display':
        return Math.abs(value) < 1e21 ? String(value) : BigInt(value).toString();
      case 'octal':
        return (alternate ? '0o' : '') + integerText(value, 8);
      case 'lowerHex':
        return (alternate ? '0x' : '') + integerText(value, 16);
      case 'upperHex':
        return (alternate ? '0x' : '') + integerText(value, 16).toUpperCase();
      default:
        throw new FormatFailure();
    }
  }
  switch (conversion) {
    case 'display':
      return rustFloat(value);
    case 'lowerExp':
      return value.toExponential().replace('e+', 'e');
    case 'upperExp':
      return value.toExponential().replace('e+', 'e').toUpperCase();
    default:
      throw new FormatFailure();
  }
}

/**
 * The argument a placeholder names: the next positional one, one by index (a curly `{0}`), or one
 * by key from named params.
 */
function argument(params: JsonValue, key: string | number | undefined, next: () => number): JsonValue {
  let value: JsonValue | undefined;
  if (key === undefined || typeof key === 'number') {
    if (!Array.isArray(params)) throw new FormatFailure();
    value = params[key ?? next()];
  } else {
    if (!isObject(params)) throw new FormatFailure();
    value = params[key];
  }
  // Relay reads a null param as no value: the argument is missing.
  if (value === undefined || value === null) throw new FormatFailure();
  return value;
}

function substitute(
  message: string,
  pattern: RegExp,
  each: (groups: string[], next: () => number) => string,
): string | undefined {
  let index = 0;
  const next = () => index++;
  try {
    return message.replace(pattern, (...match: unknown[]) => each(match.slice(0, -2) as string[], next));
  } catch (error) {
    if (error instanceof FormatFailure) return undefined;
    throw error;
  }
}

export function formatLogentry(message: string, params: JsonValue): string | undefined {
  if (message.includes('%')) {
    return substitute(message, PYTHON_PLACEHOLDER, ([whole, key, type], next) => {
      if (type === '%') return '%';
      const conversion = CONVERSIONS[type!];
      if (!conversion) throw new FormatFailure();
      const alternate = whole!.slice(0, whole!.length - 1).includes('#');
      return formatValue(argument(params, key, next), conversion, alternate);
    });
  }
  if (message.includes('{')) {
    return substitute(message, CURLY_PLACEHOLDER, ([, key], next) =>
      formatValue(
        argument(params, key !== undefined && /^\d+$/.test(key) ? Number(key) : key, next),
        'display',
        false,
      ),
    );
  }
  return undefined;
}
