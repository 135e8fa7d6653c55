/**
 * A project's releases for the resolve controls (Sentry's `latestRelease` and the release picker of
 * "Another existing release…"): newest first by the date an event first named them, as Sentry orders
 * releases without a release date.
 */
import type { ProjectRelease } from '../../../../src-shared/issues-api.ts';
import type { SqliteDb } from '../../store/sqlite.ts';

export function listReleases(
  db: SqliteDb,
  projectId: number,
  { query, limit }: { query: string; limit: number },
): ProjectRelease[] {
  return db
    .prepare<[number, string, string, number], { version: string; date_added: number }>(
      `SELECT version, date_added FROM releases
       WHERE project_id = ? AND (? = '' OR instr(lower(version), lower(?)) > 0)
       ORDER BY date_added DESC, id DESC LIMIT ?`,
    )
    .all(projectId, query, query, limit)
    .map((row) => ({ version: row.version, dateCreated: new Date(row.date_added).toISOString() }));
}
