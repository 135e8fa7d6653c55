import { describe, expect, it } from 'vitest';
import { base32Decode, formatShortId, parseShortId } from '../../../src-main/core/issues/short-id.ts';

describe('short ids', () => {
  it.each([
    [1, 'PROJ-1'],
    [31, 'PROJ-Z'],
    [32, 'PROJ-10'],
    [42, 'PROJ-1A'],
  ])('counter %i is shown as %s', (counter, shown) => {
    expect(formatShortId('proj', counter)).toBe(shown);
  });

  it('decoding forgives lower case and look-alike letters', () => {
    expect(base32Decode('1a')).toBe(42);
    expect(base32Decode('IO')).toBe(32);
    expect(parseShortId('my-proj-1A')).toEqual({ projectSlug: 'my-proj', shortId: 42 });
  });

  it('rejects text that is not a short id', () => {
    expect(() => parseShortId('PROJ')).toThrow(expect.objectContaining({ type: 'invalid_short_id' }));
    expect(() => base32Decode('U')).toThrow(expect.objectContaining({ type: 'invalid_short_id' }));
  });
});
