/**
 * Tag values as the CSV Sentry's tag details export writes (`IssuesByTagProcessor`): `value`,
 * `times_seen`, `last_seen`, `first_seen`, times with microseconds, named `SHORTID-key.csv`.
 */
import { csvText } from '../../../src-shared/csv.ts';
import type { TagValueRow } from '../../../src-shared/tag-values-api.ts';

/** Sentry's `%Y-%m-%dT%H:%M:%S.%fZ`: the ISO time with six fractional digits. */
function sentryTime(iso: string): string {
  return iso.replace(/\.(\d{3})Z$/, '.$1000Z');
}

export function tagValuesCsv(values: readonly TagValueRow[]): string {
  return csvText(
    ['value', 'times_seen', 'last_seen', 'first_seen'],
    values.map((row) => [row.value, String(row.count), sentryTime(row.lastSeen), sentryTime(row.firstSeen)]),
  );
}

export function tagValuesCsvName(shortId: string, key: string): string {
  return `${shortId}-${key}.csv`;
}
