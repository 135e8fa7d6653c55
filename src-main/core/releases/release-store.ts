/**
 * Releases made through Sentry's release API (sentry-cli `releases new|finalize|set-commits`,
 * `deploys new|list`), on the same `releases` table the events fill (`issues/releases.ts`). As in
 * Sentry, a release created through the API is dated when it was created (`date_added`, the date
 * "resolve in the next release" and the Releases page order releases by), and an event naming it
 * later does not move that date; it sets `first_event` instead, which stays empty until an event
 * names it. What Sentry keeps per organization release — when it was released, its deploys — is
 * kept per version (`release_details`, `release_deploys`): Faultline has one organization.
 */
import type { Migration } from '../store/migrations.ts';
import type { SqliteDb } from '../store/sqlite.ts';

export const RELEASE_MANAGEMENT_MIGRATION: Migration = {
  name: '0119_release_management',
  sql: `
    -- When an event first named the release (NULL for one created through the API and not yet
    -- seen); every release known so far was made by an event, first seen at date_added.
    ALTER TABLE releases ADD COLUMN first_event INTEGER;
    UPDATE releases SET first_event = date_added;
    CREATE TABLE release_details (
      version TEXT PRIMARY KEY,
      date_released INTEGER,
      url TEXT
    );
    CREATE TABLE release_deploys (
      id INTEGER PRIMARY KEY,
      version TEXT NOT NULL,
      environment TEXT NOT NULL,
      name TEXT,
      url TEXT,
      date_started INTEGER,
      date_finished INTEGER NOT NULL
    );
    CREATE INDEX release_deploys_by_version ON release_deploys(version, date_finished);
  `,
};

export interface ReleaseDetails {
  dateReleased: number | null;
  url: string | null;
}

export interface Deploy {
  id: number;
  environment: string;
  name: string | null;
  url: string | null;
  dateStarted: number | null;
  dateFinished: number;
}

/** The projects (ids) that know `version`. */
export function projectsWithRelease(db: SqliteDb, version: string): number[] {
  return db
    .prepare<[string], { project_id: number }>(
      'SELECT project_id FROM releases WHERE version = ? ORDER BY project_id',
    )
    .all(version)
    .map((row) => row.project_id);
}

/**
 * Sentry's `Release.objects.get_or_create` plus `add_project`: the release in each of these
 * projects, dated `now` where it is new. Returns whether any project got it for the first time.
 */
export function createRelease(db: SqliteDb, version: string, projectIds: number[], now: number): boolean {
  const insert = db.prepare(
    'INSERT OR IGNORE INTO releases (project_id, version, date_added) VALUES (?, ?, ?)',
  );
  return db.transaction(() => {
    let added = false;
    for (const projectId of projectIds) added = insert.run(projectId, version, now).changes > 0 || added;
    return added;
  })();
}

export function releaseDetails(db: SqliteDb, version: string): ReleaseDetails {
  const row = db
    .prepare<[string], { date_released: number | null; url: string | null }>(
      'SELECT date_released, url FROM release_details WHERE version = ?',
    )
    .get(version);
  return { dateReleased: row?.date_released ?? null, url: row?.url ?? null };
}

/** Sets what the request names (`undefined` leaves a field as it is, `null` clears it). */
export function updateReleaseDetails(
  db: SqliteDb,
  version: string,
  change: { dateReleased?: number | null; url?: string | null },
): void {
  const current = releaseDetails(db, version);
  db.prepare(
    `INSERT INTO release_details (version, date_released, url) VALUES (?, ?, ?)
     ON CONFLICT (version) DO UPDATE SET date_released = excluded.date_released, url = excluded.url`,
  ).run(
    version,
    change.dateReleased === undefined ? current.dateReleased : change.dateReleased,
    change.url === undefined ? current.url : change.url,
  );
}

export function addDeploy(db: SqliteDb, version: string, deploy: Omit<Deploy, 'id'>): Deploy {
  const { lastInsertRowid } = db
    .prepare(
      `INSERT INTO release_deploys (version, environment, name, url, date_started, date_finished)
       VALUES (?, ?, ?, ?, ?, ?)`,
    )
    .run(version, deploy.environment, deploy.name, deploy.url, deploy.dateStarted, deploy.dateFinished);
  return { id: Number(lastInsertRowid), ...deploy };
}

/** Newest first, as Sentry lists a release's deploys. */
export function deploysOf(db: SqliteDb, version: string): Deploy[] {
  return db
    .prepare<
      [string],
      {
        id: number;
        environment: string;
        name: string | null;
        url: string | null;
        date_started: number | null;
        date_finished: number;
      }
    >(
      `SELECT id, environment, name, url, date_started, date_finished FROM release_deploys
       WHERE version = ? ORDER BY date_finished DESC, id DESC`,
    )
    .all(version)
    .map((row) => ({
      id: row.id,
      environment: row.environment,
      name: row.name,
      url: row.url,
      dateStarted: row.date_started,
      dateFinished: row.date_finished,
    }));
}
