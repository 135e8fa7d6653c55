/**
 * A project's releases (Sentry's `sentry_release` + `sentry_releaseproject`): every release an
 * event named, with the date it was first seen (`date_added`, the event's time, as Sentry's
 * `_get_or_create_release_many` sets it). Resolutions "in the next release" and "in release X"
 * compare releases by these dates, or by their versions when the project follows semver.
 */
import type { Migration } from '../store/migrations.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';
import { compareParsed, isSemverRelease, type ParsedVersion, parseRelease } from './release-version.ts';

export interface ReleaseRow {
  id: number;
  version: string;
  date_added: number;
}

export const RELEASES_MIGRATION: Migration = {
  name: '0106_releases',
  sql: `
    CREATE TABLE releases (
      id INTEGER PRIMARY KEY,
      project_id INTEGER NOT NULL,
      version TEXT NOT NULL,
      date_added INTEGER NOT NULL,
      UNIQUE (project_id, version)
    );
    CREATE INDEX releases_by_date ON releases(project_id, date_added, id);
    -- Data dirs from before know releases only from their issues: first seen as the issues saw them.
    INSERT OR IGNORE INTO releases (project_id, version, date_added)
      SELECT project_id, version, min(seen) FROM (
        SELECT project_id, first_release AS version, first_seen AS seen FROM groups WHERE first_release IS NOT NULL
        UNION ALL
        SELECT project_id, last_release, last_seen FROM groups WHERE last_release IS NOT NULL
      ) GROUP BY project_id, version ORDER BY min(seen);

    -- Sentry's GroupResolution.current_release_version: the issue's release when it was resolved
    -- in the next release. Resolutions from before recorded just that release.
    ALTER TABLE group_resolutions ADD COLUMN current_release_version TEXT;
    UPDATE group_resolutions SET current_release_version = release WHERE type = 'in_next_release';
  `,
};

/**
 * Notes a release an event named: first seen at `timestamp` if new; one created through Sentry's
 * release API (`releases/release-store.ts`) keeps its date and gets its first event.
 */
export function recordRelease(db: SqliteDb, projectId: number, version: string, timestamp: number): void {
  stmt(
    db,
    `INSERT INTO releases (project_id, version, date_added, first_event) VALUES (?, ?, ?, ?)
     ON CONFLICT (project_id, version) DO UPDATE SET first_event = excluded.first_event WHERE first_event IS NULL`,
  ).run(projectId, version, timestamp, timestamp);
}

export function releaseRow(db: SqliteDb, projectId: number, version: string): ReleaseRow | undefined {
  return stmt<[number, string], ReleaseRow>(
    db,
    'SELECT id, version, date_added FROM releases WHERE project_id = ? AND version = ?',
  ).get(projectId, version);
}

/** Newest first by first-seen date (ties: the later created). */
function recentReleases(db: SqliteDb, projectId: number, limit: number): ReleaseRow[] {
  return stmt<[number, number], ReleaseRow>(
    db,
    'SELECT id, version, date_added FROM releases WHERE project_id = ? ORDER BY date_added DESC, id DESC LIMIT ?',
  ).all(projectId, limit);
}

/**
 * Sentry's `follows_semver_versioning_scheme`: of the 10 releases first seen last, one or two
 * decide by the newest, fewer than 10 need a semver release among the 3 newest, 10 need that and
 * 3 semver releases in all; and `version`, when given, must be semver itself.
 */
export function followsSemver(db: SqliteDb, projectId: number, version?: string): boolean {
  const recent = recentReleases(db, projectId, 10).map((row) => isSemverRelease(row.version));
  let follows: boolean;
  if (recent.length === 0) follows = false;
  else if (recent.length <= 2) follows = recent[0] === true;
  else {
    const inLastThree = recent.slice(0, 3).some(Boolean);
    follows = recent.length < 10 ? inLastThree : inLastThree && recent.filter(Boolean).length >= 3;
  }
  return version === undefined ? follows : follows && isSemverRelease(version);
}

/** Sentry's `greatest_semver_release`: the project's semver release with the greatest version. */
export function greatestSemverRelease(db: SqliteDb, projectId: number): ReleaseRow | undefined {
  let best: { row: ReleaseRow; version: ParsedVersion } | undefined;
  const all = stmt<[number], ReleaseRow>(
    db,
    'SELECT id, version, date_added FROM releases WHERE project_id = ?',
  ).all(projectId);
  for (const row of all) {
    if (!isSemverRelease(row.version)) continue;
    const version = parseRelease(row.version).version;
    if (version && (!best || compareParsed(version, best.version) > 0)) best = { row, version };
  }
  return best?.row;
}

/** Sentry's `most_recent_release`: the release first seen last. */
export function mostRecentRelease(db: SqliteDb, projectId: number): ReleaseRow | undefined {
  return recentReleases(db, projectId, 1)[0];
}

/** Sentry's `get_release_to_resolve_by`: the greatest version when the project follows semver, else the newest. */
export function releaseToResolveBy(db: SqliteDb, projectId: number): ReleaseRow | undefined {
  return followsSemver(db, projectId)
    ? greatestSemverRelease(db, projectId)
    : mostRecentRelease(db, projectId);
}

/** The release first seen after `release` (by date, then creation), if any. */
export function releaseAfter(db: SqliteDb, projectId: number, release: ReleaseRow): ReleaseRow | undefined {
  return stmt<[number, number, number, number], ReleaseRow>(
    db,
    `SELECT id, version, date_added FROM releases
     WHERE project_id = ? AND (date_added > ? OR (date_added = ? AND id > ?))
     ORDER BY date_added, id LIMIT 1`,
  ).get(projectId, release.date_added, release.date_added, release.id);
}
