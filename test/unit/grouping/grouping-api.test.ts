import { describe, expect, it } from 'vitest';
import { computeGrouping, DEFAULT_GROUPING_CONFIG } from '../../../src-main/core/grouping/index.ts';

describe('computeGrouping', () => {
  it('defaults to the 2026 config and hashes the spec example', () => {
    const info = computeGrouping({
      platform: 'python',
      exception: [
        {
          type: 'ValueError',
          value: 'hello world',
          stacktrace: { frames: [{ filename: 'foo/baz.py', in_app: true }] },
        },
        {
          type: 'ValueError',
          value: 'hello world',
          stacktrace: { frames: [{ filename: 'foo/baz.py', in_app: false }] },
        },
      ],
    });
    expect(info.config).toBe(DEFAULT_GROUPING_CONFIG);
    expect(info.hashes[0]).toBe('beb01c07d991f36b9da1e90fc7169ad8');
    expect(info.contributingVariant).toBe('app');
  });

  it('an event with nothing to group on falls back to the empty hash', () => {
    const info = computeGrouping({ platform: 'other' });
    expect(info.hashes).toEqual(['d41d8cd98f00b204e9800998ecf8427e']);
    expect(info.contributingVariant).toBe('fallback');
  });

  it('a 32-hex checksum is used verbatim and anything else is hashed', () => {
    expect(computeGrouping({ checksum: 'a'.repeat(32) }).hashes).toEqual(['a'.repeat(32)]);
    const hashed = computeGrouping({ checksum: 'not-a-hash' });
    expect(Object.keys(hashed.variants)).toEqual(['hashed_checksum']);
  });

  it('the result is plain JSON that survives serialization', () => {
    const info = computeGrouping({ logentry: { formatted: 'Hello there world!' } });
    expect(JSON.parse(JSON.stringify(info))).toEqual(info);
    expect(info.hashes).toEqual(['329b29efcf1f77067a063e34f56e7791']);
  });

  it('rejects an unknown config with a typed error', () => {
    expect(() => computeGrouping({}, { config: 'legacy:2019-03-12' })).toThrow(
      expect.objectContaining({ type: 'unknown_grouping_config' }),
    );
  });
});
