/** Relay's `shorten_logger`: a logger over 64 characters keeps its tail from a `.`, marked with `*`. */
import { expect, it } from 'vitest';
import { shortenLogger } from '../../../src-main/core/pipeline/normalize/logger.ts';

it('a logger of 64 characters is kept, even of two UTF-16 units each; a longer one keeps its tail after a dot', () => {
  const emoji = '\u{1F600}';
  expect(shortenLogger(` ${'a'.repeat(64)} `)).toBe('a'.repeat(64));
  expect(shortenLogger(emoji.repeat(64))).toBe(emoji.repeat(64));
  expect(shortenLogger(`${'a'.repeat(10)}.${'b'.repeat(60)}`)).toBe(`*${'b'.repeat(60)}`);
  expect(shortenLogger(emoji.repeat(65))).toBe(`*${emoji.repeat(63)}`);
});
