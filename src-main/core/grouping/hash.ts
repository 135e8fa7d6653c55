import { hash } from 'node:crypto';

/** Sentry's `hash_from_values`: md5 over the values' text, with no separator. */
export function hashFromValues(values: Iterable<string | number>): string {
  // md5 is a stream: one update with the values joined is the same digest as one per value.
  let text = '';
  for (const value of values) text += String(value);
  // One-shot `hash` (UTF-8, as `update(text, 'utf8')`) instead of a Hash object per call:
  // measured 3.5 → 1.2 µs for a short text, and an event hashes 4-6 times.
  return hash('md5', text, 'hex');
}
