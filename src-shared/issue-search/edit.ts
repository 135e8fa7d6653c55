/** Edits of a search text the UI makes: a clicked tag value or a status tab replaces one filter. */
import { scan } from './tokenize.ts';

/** A value as the grammar reads it back: quoted when it holds spaces, quotes or brackets. */
export function quoteValue(value: string): string {
  return /^[^\s"()[\],]+$/.test(value) ? value : `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/** `key:value`, or `key:[a, b]` for several values (any of them), each quoted as the grammar needs. */
export function valuesFilter(key: string, values: readonly string[]): string {
  const quoted = values.map(quoteValue);
  return `${key}:${quoted.length === 1 ? quoted[0] : `[${quoted.join(', ')}]`}`;
}

/**
 * Replaces every filter on `key` (negated or not) with `key:value`, or removes them when value is
 * null. The parts of the text that do not parse are kept as they are, for the user to fix.
 */
export function setFilter(query: string, key: string, value: string | null): string {
  let kept = query;
  const terms = scan(query).terms.filter(
    (term) => term.kind === 'filter' && term.key.toLowerCase() === key.toLowerCase(),
  );
  for (const term of [...terms].reverse())
    kept = `${kept.slice(0, term.span.start)}${kept.slice(term.span.end)}`;
  const rest = kept.replace(/\s+/g, ' ').trim();
  if (value === null) return rest;
  const filter = `${key}:${quoteValue(value)}`;
  return rest === '' ? filter : `${rest} ${filter}`;
}

/** Adds `key:value` or, when the same filter is there, removes it (a tag value clicked twice). */
export function toggleTagFilter(query: string, key: string, value: string): string {
  const filter = `${key}:${quoteValue(value)}`;
  const parts = query.split(/\s+/).filter((part) => part !== '');
  if (parts.includes(filter)) return parts.filter((part) => part !== filter).join(' ');
  return [...parts, filter].join(' ');
}
