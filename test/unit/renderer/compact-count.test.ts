/** The issue list's and header's short counts, as Sentry's stream writes them: never more than were counted. */
import { describe, expect, it } from 'vitest';
import { compactCount } from '../../../src-renderer/features/issues/format.ts';

describe('compactCount', () => {
  it('writes counts under a thousand in full', () => {
    expect([0, 7, 999].map(compactCount)).toEqual(['0', '7', '999']);
  });

  it('writes whole units when exact or from eleven on, else one decimal, always rounded down', () => {
    expect(
      [
        1000, 1500, 1999, 10_000, 10_999, 11_500, 999_999, 1_000_000, 1_250_000, 10_999_999, 2_000_000_000,
      ].map(compactCount),
    ).toEqual(['1k', '1.5k', '1.9k', '10k', '10.9k', '11k', '999k', '1M', '1.2M', '10.9M', '2B']);
  });
});
