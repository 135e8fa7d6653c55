/** Release names as Sentry's release parser reads and orders them (cases from sentry-release-parser's tests). */
import { describe, expect, it } from 'vitest';
import {
  compareReleaseVersions,
  isSemverRelease,
  parseRelease,
} from '../../../src-main/core/issues/release-version.ts';

describe('parseRelease', () => {
  it('splits package and version, with pre-release and build code', () => {
    expect(parseRelease('@foo.bar.baz--blah@1.2.3-dev+BUILD-code')).toEqual({
      package: '@foo.bar.baz--blah',
      versionRaw: '1.2.3-dev+BUILD-code',
      version: { quad: [1n, 2n, 3n, 0n], pre: 'dev', buildCode: 'BUILD-code' },
    });
    expect(parseRelease('org.example.FooApp@1.0rc1+20200101100').version).toEqual({
      quad: [1n, 0n, 0n, 0n],
      pre: 'rc1',
      buildCode: '20200101100',
    });
    expect(parseRelease('foo.bar.baz@1.2.3.04').version?.quad).toEqual([1n, 2n, 3n, 4n]);
  });

  it('finds no version in a hash, a name without a package, or a word', () => {
    expect(parseRelease('some-package@a86d127c4b2f23a0a862620280427dcc01c78676').version).toBeUndefined();
    expect(parseRelease('1.2.3')).toEqual({ package: null, versionRaw: '1.2.3' });
    expect(parseRelease('app@next').version).toBeUndefined();
    expect(parseRelease('app@1a').version).toBeUndefined();
    expect(parseRelease('app@1-a').version?.pre).toBe('a');
  });
});

describe('isSemverRelease (Sentry: a package and a version that parses)', () => {
  it.each([
    ['shop@1.2.3', true],
    ['shop@1.2', true],
    ['1.2.3', false],
    ['shop@abc', false],
    ['shop@99999999999999999999.0.0', false],
    ['latest', false],
  ])('%s → %s', (release, expected) => {
    expect(isSemverRelease(release)).toBe(expected);
  });
});

describe('compareReleaseVersions', () => {
  it('orders numbers numerically, a release above its pre-releases, pre-releases by semver identifiers', () => {
    expect(compareReleaseVersions('shop@1.10.0', 'shop@1.9.0')).toBe(1);
    expect(compareReleaseVersions('shop@1.0.0', 'shop@1.0.0-rc.1')).toBe(1);
    expect(compareReleaseVersions('shop@1.0.0-rc.2', 'shop@1.0.0-rc.10')).toBe(-1);
    expect(compareReleaseVersions('shop@1.0.0-alpha.1', 'shop@1.0.0-alpha.beta')).toBe(-1);
    expect(compareReleaseVersions('shop@1.2', 'shop@1.2.0')).toBe(0);
    expect(compareReleaseVersions('shop@1.2.3.1', 'shop@1.2.3')).toBe(1);
    expect(compareReleaseVersions('shop@1.0.0+10', 'shop@1.0.0+9')).toBe(1);
  });

  it('cannot compare what is not a version', () => {
    expect(compareReleaseVersions('shop@1.0.0', 'shop@nightly')).toBeUndefined();
  });
});
