/**
 * Release names as Sentry reads them (Relay's `parse_release` and `compare_version`, from
 * sentry-release-parser): `package@version`, the version `major[.minor[.patch[.revision]]]`, a
 * pre-release (`-rc.1`, or `a1` right after a number) and a build code (`+…`). Sentry orders a
 * project's releases by these versions when the project "follows semver", else by the date each
 * release was first seen.
 */

export interface ParsedVersion {
  /** major, minor, patch, revision; a missing one is 0. */
  quad: [bigint, bigint, bigint, bigint];
  /** Without the leading dash; '' for a release. */
  pre: string;
  buildCode: string;
}

const NUMBER = '[0-9]+';
const PRE_PART = '(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)';
const VERSION = new RegExp(
  `^(${NUMBER})(?:\\.(${NUMBER}))?(?:\\.(${NUMBER}))?(?:\\.(${NUMBER}))?` +
    `((?:-|[a-z])${PRE_PART}?(?:\\.${PRE_PART})*)?` +
    '(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$',
);
const RELEASE = /^(@?[^@]+)@(.+?)$/;
const HEX = /^[0-9a-fA-F]+$/;
const BUILD_HASH_LENGTHS = new Set([12, 16, 20, 32, 40, 64]);
/** Sentry's `BAD_RELEASE_CHARS`. */
const BAD_RELEASE_CHARS = /[\r\n\f\t/\\]/;
/** Sentry keeps the semver columns in Postgres bigints. */
const BIGINT_MAX = 2n ** 63n - 1n;

const isBuildHash = (text: string) => BUILD_HASH_LENGTHS.has(text.length) && HEX.test(text);

/** The version part of a release name (`1.2.3-rc.1+45`), or undefined when it is none. */
function parseVersion(text: string): ParsedVersion | undefined {
  const match = VERSION.exec(text);
  if (!match) return undefined;
  const [, major, minor, patch, revision, pre = '', buildCode = ''] = match;
  // A single number takes its pre-release only after a dash (`1a` is not a version, `1-a` is).
  if (pre !== '' && minor === undefined && !pre.startsWith('-')) return undefined;
  return {
    quad: [BigInt(major ?? 0), BigInt(minor ?? 0), BigInt(patch ?? 0), BigInt(revision ?? 0)],
    pre: pre.startsWith('-') ? pre.slice(1) : pre,
    buildCode,
  };
}

/** `package@version` split as Relay does; `version` only when the part after `@` parses. */
export function parseRelease(release: string): {
  package: string | null;
  versionRaw: string;
  version?: ParsedVersion;
} {
  const trimmed = release.trim();
  const match = RELEASE.exec(trimmed);
  if (!match) return { package: null, versionRaw: trimmed };
  const versionRaw = match[2] as string;
  const version = isBuildHash(versionRaw) ? undefined : parseVersion(versionRaw);
  return { package: match[1] as string, versionRaw, version };
}

/** Sentry's `Release.is_semver_version`: a valid name `package@version` whose numbers fit a bigint. */
export function isSemverRelease(release: string): boolean {
  const stripped = release.trim();
  if (stripped === '' || stripped === '.' || stripped === '..' || stripped.toLowerCase() === 'latest')
    return false;
  if (BAD_RELEASE_CHARS.test(release) || !release.includes('@')) return false;
  const version = parseRelease(release).version;
  return version?.quad.every((n) => n <= BIGINT_MAX) ?? false;
}

/** Dot-separated pre-release identifiers as semver orders them: numbers numerically and below words. */
function comparePre(a: string, b: string): number {
  if (a === b) return 0;
  // A release is newer than its pre-releases.
  if (a === '') return 1;
  if (b === '') return -1;
  const left = a.split('.');
  const right = b.split('.');
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const x = left[i] as string;
    const y = right[i] as string;
    const xNumeric = /^[0-9]+$/.test(x);
    const yNumeric = /^[0-9]+$/.test(y);
    let order: number;
    if (xNumeric && yNumeric) order = Number(BigInt(x) - BigInt(y));
    else if (xNumeric !== yNumeric) order = xNumeric ? -1 : 1;
    else order = x < y ? -1 : x > y ? 1 : 0;
    if (order !== 0) return Math.sign(order);
  }
  return Math.sign(left.length - right.length);
}

/** Build codes: numbers numerically (a number above a word), else as text. */
function compareBuild(a: string, b: string): number {
  if (a === b) return 0;
  const aNumeric = /^[0-9]+$/.test(a);
  const bNumeric = /^[0-9]+$/.test(b);
  if (aNumeric && bNumeric) return Math.sign(Number(BigInt(a) - BigInt(b)));
  if (aNumeric !== bNumeric) return aNumeric ? 1 : -1;
  return a.toLowerCase() < b.toLowerCase() ? -1 : 1;
}

export function compareParsed(a: ParsedVersion, b: ParsedVersion): number {
  for (let i = 0; i < 4; i++) {
    const x = a.quad[i] as bigint;
    const y = b.quad[i] as bigint;
    if (x !== y) return x < y ? -1 : 1;
  }
  return comparePre(a.pre, b.pre) || compareBuild(a.buildCode, b.buildCode);
}

/**
 * Relay's `compare_version` of two releases' version parts: -1, 0 or 1; undefined when either
 * is not a version (Sentry then falls back to the releases' dates).
 */
export function compareReleaseVersions(a: string, b: string): number | undefined {
  const left = parseVersion(parseRelease(a).versionRaw);
  const right = parseVersion(parseRelease(b).versionRaw);
  if (!left || !right) return undefined;
  return compareParsed(left, right);
}
