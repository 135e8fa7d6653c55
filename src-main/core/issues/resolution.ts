/**
 * Resolutions tied to releases, as Sentry's `GroupResolution`: what "resolve in the next release"
 * and "resolve in release X" record (`update_groups` → `process_group_resolution`), and whether an
 * event's release is still covered by it (`GroupResolution.has_resolution`, asked by
 * `_handle_regression`): only an event of a newer release regresses the issue.
 */
import { FaultlineError } from '../../../src-shared/errors.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';
import { compareReleaseVersions } from './release-version.ts';
import {
  followsSemver,
  greatestSemverRelease,
  mostRecentRelease,
  type ReleaseRow,
  releaseAfter,
  releaseRow,
  releaseToResolveBy,
} from './releases.ts';

export type ResolutionType = 'in_release' | 'in_next_release';

export interface ReleaseResolution {
  type: ResolutionType;
  release: string;
  /** Set by "the next release": the release then (the greatest version, for semver). */
  currentReleaseVersion: string | null;
  /** "The next release" compared by version (else by first-seen date): the activity names the version then. */
  followsSemver: boolean;
}

interface ResolutionRow {
  type: string;
  release: string | null;
  current_release_version: string | null;
}

/**
 * What "resolve in the next release" records for a group, given the group's last release:
 * undefined when the project has no release yet (the issue is then simply resolved). The
 * project's side is read once for all the groups of an update.
 */
export function nextReleaseResolver(
  db: SqliteDb,
  projectId: number,
): (groupLastRelease: string | null) => ReleaseResolution | undefined {
  const release = releaseToResolveBy(db, projectId);
  if (!release) return () => undefined;
  const semver = followsSemver(db, projectId, release.version);
  const greatest = semver ? (greatestSemverRelease(db, projectId)?.version ?? null) : null;
  return (groupLastRelease) => {
    const current = semver ? greatest : groupLastRelease;
    if (!current)
      return {
        type: 'in_next_release',
        release: release.version,
        currentReleaseVersion: null,
        followsSemver: semver,
      };
    // With semver, "newer than the current version" is known now: it is resolved in that release.
    if (semver)
      return {
        type: 'in_release',
        release: release.version,
        currentReleaseVersion: current,
        followsSemver: true,
      };
    // By date, a release seen after the issue's own is the next one, if there is one already.
    const currentRow = releaseRow(db, projectId, current);
    const next = currentRow && releaseAfter(db, projectId, currentRow);
    return next
      ? { type: 'in_release', release: next.version, currentReleaseVersion: current, followsSemver: false }
      : {
          type: 'in_next_release',
          release: release.version,
          currentReleaseVersion: current,
          followsSemver: false,
        };
  };
}

/** "Resolve in release X" (`latest`: the project's newest release); X must be a release of the project. */
export function inReleaseResolution(db: SqliteDb, projectId: number, version: string): ReleaseResolution {
  const release =
    version === 'latest' ? mostRecentRelease(db, projectId) : releaseRow(db, projectId, version);
  if (!release)
    throw new FaultlineError(
      'invalid_params',
      version === 'latest'
        ? 'the project has no release yet'
        : `release ${version} is not a release of this project`,
    );
  return { type: 'in_release', release: release.version, currentReleaseVersion: null, followsSemver: false };
}

/**
 * Sentry's `GroupResolution.has_resolution`: whether an event of `eventRelease` is covered by the
 * group's release resolution (so it does not regress the issue). False when the group has none.
 */
export function hasResolution(
  db: SqliteDb,
  projectId: number,
  groupId: number,
  eventRelease: string | null,
): boolean {
  const resolution = stmt<[number], ResolutionRow>(
    db,
    'SELECT type, release, current_release_version FROM group_resolutions WHERE group_id = ?',
  ).get(groupId);
  if (!resolution || resolution.release === null) return false;
  if (resolution.type !== 'in_release' && resolution.type !== 'in_next_release') return false;
  // An event without a release comes from before releases were set up: older.
  if (eventRelease === null) return true;
  const event = releaseRow(db, projectId, eventRelease);
  const resolved = releaseRow(db, projectId, resolution.release);
  if (!event || !resolved) return false;
  const semver = followsSemver(db, projectId, eventRelease);

  const current = resolution.current_release_version;
  if (current) {
    if (semver) {
      const toCurrent = compareReleaseVersions(current, eventRelease);
      const toResolved = compareReleaseVersions(resolution.release, eventRelease);
      if (toCurrent !== undefined && toResolved !== undefined) return toCurrent >= 0 || toResolved === 1;
    } else {
      const currentRow = releaseRow(db, projectId, current);
      if (currentRow) return coveredByDate(currentRow, event);
    }
  }
  if (resolution.type === 'in_next_release') return coveredByDate(resolved, event);
  // In release X: X itself was to carry the fix, so its events regress.
  if (resolved.id === event.id) return false;
  if (semver) {
    const order = compareReleaseVersions(resolution.release, eventRelease);
    if (order !== undefined) return order === 1;
  }
  return resolved.date_added >= event.date_added;
}

/** In the next release after `release`: the same release, or one first seen before it. */
function coveredByDate(release: ReleaseRow, event: ReleaseRow): boolean {
  return release.id === event.id || release.date_added > event.date_added;
}

export function saveResolution(
  db: SqliteDb,
  groupId: number,
  resolution: ReleaseResolution | null,
  now: number,
): void {
  stmt(
    db,
    `INSERT INTO group_resolutions (group_id, type, release, current_release_version, created_at)
     VALUES (?, ?, ?, ?, ?)`,
  ).run(
    groupId,
    resolution?.type ?? 'now',
    resolution?.release ?? null,
    resolution?.currentReleaseVersion ?? null,
    now,
  );
}
