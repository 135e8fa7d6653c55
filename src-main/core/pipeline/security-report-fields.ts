/**
 * What security-report.ts reads reports with: the shapes a report contributes to its event, and
 * field readers that follow serde's rules as Relay applies them (aliases, a field given once,
 * numbers that may come as text, RFC 3339 dates written back in UTC).
 */
import { InvalidItemError } from './invalid-item.ts';
import type { JsonObject, JsonValue } from './normalize/json.ts';

/** The report kinds; each is both the event `type` and the name of the event's interface. */
export type SecurityReportType = 'csp' | 'expectct' | 'expectstaple' | 'hpkp';

export type Tags = Array<[string, string]>;

/** What one report contributes to its event. */
export interface ReportParts {
  message: string;
  culprit?: string;
  tags: Tags;
  request: JsonObject;
  report: JsonObject;
}

export type Entry = [string, JsonValue | undefined];

/** A JSON object of the entries that have a value (`fromEntries` keeps a `__proto__` key a key). */
export function defined(entries: Entry[]): JsonObject {
  return Object.fromEntries(entries.filter((entry): entry is [string, JsonValue] => entry[1] !== undefined));
}

export function invalidReport(message: string): InvalidItemError {
  return new InvalidItemError('security_report', `invalid security report: ${message}`);
}

export function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

export function isWebUrl(url: URL): boolean {
  return url.protocol === 'http:' || url.protocol === 'https:';
}

// ---- Reading report fields with serde's rules ----------------------------------------------------

export type Read<T> = (value: JsonValue, name: string) => T;

/** One report object read field by field: a field may have aliases but may be given only once. */
export class Fields {
  private readonly seen = new Set<string>();
  private readonly source: JsonObject;
  constructor(source: JsonObject) {
    this.source = source;
  }

  private find(names: readonly string[]): [string, JsonValue] | undefined {
    let found: [string, JsonValue] | undefined;
    for (const name of names) {
      this.seen.add(name);
      if (!Object.hasOwn(this.source, name)) continue;
      if (found) throw invalidReport(`duplicate field '${name}'`);
      found = [name, this.source[name]!];
    }
    return found;
  }

  /** Missing and null both leave an optional field out. */
  optional<T>(names: readonly string[], read: Read<T>): T | undefined {
    const found = this.find(names);
    return found && found[1] !== null ? read(found[1], found[0]) : undefined;
  }

  /** A field that must be given; with a `fallback` it may be left out, but still not be null. */
  required<T>(names: readonly string[], read: Read<T>, fallback?: T): T {
    const found = this.find(names);
    if (found) return read(found[1], found[0]);
    if (fallback !== undefined) return fallback;
    throw invalidReport(`missing field '${names[0]}'`);
  }

  /** The fields no reader asked for, kept as the interface's other attributes. */
  rest(): Entry[] {
    return Object.entries(this.source).filter(([key]) => !this.seen.has(key));
  }
}

export const text: Read<string> = (value, name) => {
  if (typeof value === 'string') return value;
  throw invalidReport(`'${name}' is not a string`);
};

export const integer: Read<number> = (value, name) => {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  throw invalidReport(`'${name}' is not an integer`);
};

export const unsigned: Read<number> = (value, name) => {
  const number = integer(value, name);
  if (number < 0) throw invalidReport(`'${name}' is negative`);
  return number;
};

/** Browsers send CSP's numbers as numbers or as decimal strings. */
export const unsignedOrText: Read<number> = (value, name) => {
  if (typeof value !== 'string') return unsigned(value, name);
  if (/^\+?\d+$/.test(value) && Number.isSafeInteger(Number(value))) return Number(value);
  throw invalidReport(`'${name}' is not a number`);
};

export const flag: Read<boolean> = (value, name) => {
  if (typeof value === 'boolean') return value;
  throw invalidReport(`'${name}' is not a boolean`);
};

export const anyValue: Read<JsonValue> = (value) => value;

export function listOf<T>(read: Read<T>): Read<T[]> {
  return (value, name) => {
    if (Array.isArray(value)) return value.map((item) => read(item, name));
    throw invalidReport(`'${name}' is not a list`);
  };
}

export const texts = listOf(text);

export function oneOf(values: readonly string[]): Read<string> {
  return (value, name) => {
    if (typeof value === 'string' && values.includes(value)) return value;
    throw invalidReport(`'${name}' is not one of ${values.join(', ')}`);
  };
}

const RFC3339 = /^(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d):(\d\d)(?:\.(\d+))?(?:[Zz]|([+-])(\d\d):(\d\d))$/;

/** An RFC 3339 date-time, written back in UTC with `+00:00` and only as much fraction as it has. */
export const dateTime: Read<string> = (value, name) => {
  const match = typeof value === 'string' ? RFC3339.exec(value) : null;
  const [year, month, day, hour, minute, second, , , offsetHours, offsetMinutes] = (match ?? [])
    .slice(1)
    .map((part) => Number(part ?? 0));
  const date = new Date(0);
  date.setUTCFullYear(year!, month!, 0);
  const valid = [month! >= 1, month! <= 12, day! >= 1, day! <= date.getUTCDate(), hour! < 24, minute! < 60];
  valid.push(second! <= 60, offsetHours! < 24, offsetMinutes! < 60);
  if (!match || valid.includes(false)) throw invalidReport(`'${name}' is not an RFC 3339 date-time`);
  const offset = (match[8] === '-' ? -1 : 1) * (offsetHours! * 60 + offsetMinutes!);
  date.setUTCFullYear(year!, month! - 1, day!);
  date.setUTCHours(hour!, minute! - offset, second!);
  const nanos = (match[7] ?? '').slice(0, 9).padEnd(9, '0');
  const digits = nanos === '000000000' ? 0 : nanos.endsWith('000000') ? 3 : nanos.endsWith('000') ? 6 : 9;
  return `${date.toISOString().slice(0, 19)}${digits ? `.${nanos.slice(0, digits)}` : ''}+00:00`;
};
