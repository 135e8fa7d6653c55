import { createHash } from 'node:crypto';

/** Sentry's `hash_from_values`: md5 over the values' text, with no separator. */
export function hashFromValues(values: Iterable<string | number>): string {
  const md5 = createHash('md5');
  for (const value of values) md5.update(String(value), 'utf8');
  return md5.digest('hex');
}
