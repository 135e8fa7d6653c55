/**
 * Wall-clock time in an IANA time zone, from the zone data the runtime's `Intl` carries. A wall
 * time is held as the milliseconds of a UTC `Date` with the zone's fields (no zone arithmetic then
 * touches it); an instant is ordinary epoch milliseconds.
 */

const HOUR = 3_600_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Throws a RangeError for a name the zone data does not know. */
function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The wall-clock time the zone shows at `instant`. */
export function wallClock(instant: number, timeZone: string): number {
  const fields: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(instant))
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = fields;
  const wall = new Date(0);
  wall.setUTCFullYear(year, month - 1, day);
  wall.setUTCHours(hour, minute, second);
  return wall.getTime() + (((instant % 1000) + 1000) % 1000);
}

/** The zone's UTC offset at `instant`, in milliseconds. */
export function offsetAt(instant: number, timeZone: string): number {
  return wallClock(instant, timeZone) - instant;
}

/**
 * The instants at which the zone shows `wall`, earliest first: one, none in a gap when clocks
 * go forward, two in the hour repeated when they go back. Offsets are taken from a day either side,
 * so a zone changing its offset twice within two days is read as changing once.
 */
export function instantsAt(wall: number, timeZone: string): number[] {
  const offsets = new Set([offsetAt(wall - 24 * HOUR, timeZone), offsetAt(wall + 24 * HOUR, timeZone)]);
  const instants = [...offsets]
    .map((offset) => wall - offset)
    .filter((instant) => offsetAt(instant, timeZone) === wall - instant);
  return [...new Set(instants)].sort((a, b) => a - b);
}

/** How far the zone's clocks go back within `span` after `instant` (0 when they do not). */
export function setBackWithin(instant: number, span: number, timeZone: string): number {
  return Math.max(0, offsetAt(instant, timeZone) - offsetAt(instant + span, timeZone));
}
