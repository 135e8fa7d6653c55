import { createHash } from 'node:crypto';

/** Sentry's `hash_from_values`: md5 over the values' text, with no separator. */
export function hashFromValues(values: Iterable<string | number>): string {
  // md5 is a stream: one update with the values joined is the same digest as one per value.
  let text = '';
  for (const value of values) text += String(value);
  return createHash('md5').update(text, 'utf8').digest('hex');
}
