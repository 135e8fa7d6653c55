// Issue short ids (`PROJ-1A`): the project slug upper-cased plus the per-project counter in
// Sentry's base32 (`sentry.utils.numbers.base32_encode`, Crockford alphabet, most significant first).

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export class InvalidShortIdError extends Error {
  readonly type = 'invalid_short_id';
}

export function base32Encode(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new InvalidShortIdError(`not a counter value: ${value}`);
  let n = value;
  let out = '';
  do {
    out = ALPHABET[n % 32]! + out;
    n = Math.floor(n / 32);
  } while (n > 0);
  return out;
}

/** Decoding is forgiving like Sentry's: case-insensitive, O reads as 0 and I/L as 1. */
export function base32Decode(text: string): number {
  const normalized = text.toUpperCase().replaceAll('O', '0').replaceAll('I', '1').replaceAll('L', '1');
  if (normalized.length === 0) throw new InvalidShortIdError('empty short id');
  let n = 0;
  for (const char of normalized) {
    const digit = ALPHABET.indexOf(char);
    if (digit < 0) throw new InvalidShortIdError(`invalid short id character: ${char}`);
    n = n * 32 + digit;
  }
  return n;
}

export function formatShortId(projectSlug: string, shortId: number): string {
  return `${projectSlug.toUpperCase()}-${base32Encode(shortId)}`;
}

/** Splits `PROJ-1A` at the last dash; the slug part is returned lower-cased. */
export function parseShortId(text: string): { projectSlug: string; shortId: number } {
  const dash = text.lastIndexOf('-');
  if (dash <= 0 || dash === text.length - 1) throw new InvalidShortIdError(`not a short id: ${text}`);
  return { projectSlug: text.slice(0, dash).toLowerCase(), shortId: base32Decode(text.slice(dash + 1)) };
}
