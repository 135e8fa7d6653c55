/**
 * Environments as Sentry keeps them: one `environments` row per name (Sentry's `Environment`, per
 * organization: Faultline has one) and one `environment_projects` row per project that used it
 * (Sentry's `EnvironmentProject`, with its `is_hidden`). The pipeline writes them as it stores an
 * error event, a transaction, a streamed span or a check-in naming an environment (Sentry's
 * `save_error_events` / `save_transaction_events`, its segments consumer's `_create_models` and its
 * monitors' `ensure_environment`), in the transaction that stores the item. Logs, sessions and the
 * other items create none, as in Sentry. An event without an environment names none here: Sentry
 * stores that one as the name "" and leaves it out of every list, so Faultline leaves it out at once.
 */
import type { Migration } from '../store/migrations.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';

/** The settings row that asks the worker to fill the tables once from what the data dir had before. */
export const ENVIRONMENTS_BACKFILL_KEY = 'environments.backfill';

/** Relay refuses longer environment names; Sentry's `ENVIRONMENT_NAME_MAX_LENGTH`. */
export const MAX_ENVIRONMENT_NAME = 64;

export const ENVIRONMENTS_MIGRATION: Migration = {
  name: '0123_environments',
  sql: `
    CREATE TABLE environments (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      date_added INTEGER NOT NULL
    );
    CREATE TABLE environment_projects (
      id INTEGER PRIMARY KEY,
      project_id INTEGER NOT NULL,
      environment_id INTEGER NOT NULL REFERENCES environments(id),
      -- Sentry's nullable is_hidden: NULL until someone hides or shows it.
      is_hidden INTEGER,
      first_seen INTEGER NOT NULL,
      UNIQUE (project_id, environment_id)
    );
    -- A data dir with events or items already: the worker fills the tables from them once
    -- (environments/backfill.ts), reading the event index, which SQL here cannot reach.
    INSERT INTO settings (key, value)
      SELECT '${ENVIRONMENTS_BACKFILL_KEY}', '"pending"'
      WHERE EXISTS (SELECT 1 FROM events) OR EXISTS (SELECT 1 FROM item_store);
  `,
};

/** A usable environment name: Sentry's `get_name_or_default` cut, the empty name being none. */
export function environmentName(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  return value.slice(0, MAX_ENVIRONMENT_NAME);
}

/** Writes the rows of one (project, environment), if missing; the first sight's time is kept. */
export function addEnvironment(db: SqliteDb, projectId: number, name: string, seen: number): void {
  stmt(db, 'INSERT INTO environments (name, date_added) VALUES (?, ?) ON CONFLICT (name) DO NOTHING').run(
    name,
    seen,
  );
  stmt(
    db,
    `INSERT INTO environment_projects (project_id, environment_id, first_seen)
     SELECT ?, id, ? FROM environments WHERE name = ?
     ON CONFLICT (project_id, environment_id) DO UPDATE SET first_seen = min(first_seen, excluded.first_seen)`,
  ).run(projectId, seen, name);
}

/** (project, name) pairs known to be stored before the cache forgets all at once. */
const MAX_KNOWN = 10_000;

/**
 * The pipeline's writer: an environment is written once per project, the next events naming it cost
 * a look in memory. The pairs written in a transaction become known only once `settle` runs inside
 * it, at its end: a transaction that fails writes them again in the next one.
 */
export class EnvironmentRecorder {
  readonly #db: SqliteDb;
  readonly #known = new Set<string>();
  readonly #pending = new Set<string>();

  constructor(db: SqliteDb) {
    this.#db = db;
  }

  note(projectId: number, name: string | null, seen: number): void {
    if (name === null) return;
    const key = `${projectId}\n${name}`;
    if (this.#known.has(key) || this.#pending.has(key)) return;
    addEnvironment(this.#db, projectId, name, seen);
    this.#pending.add(key);
  }

  /** At the end of the transaction that wrote the pending pairs (they are committed with it). */
  settle(): void {
    if (this.#known.size + this.#pending.size > MAX_KNOWN) this.#known.clear();
    for (const key of this.#pending) this.#known.add(key);
    this.#pending.clear();
  }

  /** After a failed transaction, or once the tables were emptied (Clear data). */
  forget(): void {
    this.#known.clear();
    this.#pending.clear();
  }
}

/** Sentry's `visibility` of environments: `visible` (the default), `hidden` or `all`. */
export const VISIBILITIES = ['visible', 'hidden', 'all'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

function visibilityWhere(visibility: Visibility): string {
  switch (visibility) {
    case 'visible':
      return 'AND (ep.is_hidden IS NULL OR ep.is_hidden = 0)';
    case 'hidden':
      return 'AND ep.is_hidden = 1';
    case 'all':
      return '';
  }
}

/** A project's environment as Sentry's `EnvironmentProject` serializer gives it. */
export interface ProjectEnvironment {
  id: number;
  environmentId: number;
  name: string;
  isHidden: boolean;
  firstSeen: number;
}

interface ProjectEnvironmentRow {
  id: number;
  environment_id: number;
  name: string;
  is_hidden: number | null;
  first_seen: number;
}

const PROJECT_ENVIRONMENT_SELECT = `SELECT ep.id, ep.environment_id, e.name, ep.is_hidden, ep.first_seen
  FROM environment_projects ep JOIN environments e ON e.id = ep.environment_id`;

function projectEnvironmentOf(row: ProjectEnvironmentRow): ProjectEnvironment {
  return {
    id: row.id,
    environmentId: row.environment_id,
    name: row.name,
    isHidden: row.is_hidden === 1,
    firstSeen: row.first_seen,
  };
}

/** The project's environments of that visibility, by name. */
export function listProjectEnvironments(
  db: SqliteDb,
  projectId: number,
  visibility: Visibility = 'visible',
): ProjectEnvironment[] {
  return stmt<[number], ProjectEnvironmentRow>(
    db,
    `${PROJECT_ENVIRONMENT_SELECT} WHERE ep.project_id = ? ${visibilityWhere(visibility)} ORDER BY e.name`,
  )
    .all(projectId)
    .map(projectEnvironmentOf);
}

export function getProjectEnvironment(
  db: SqliteDb,
  projectId: number,
  name: string,
): ProjectEnvironment | null {
  const row = stmt<[number, string], ProjectEnvironmentRow>(
    db,
    `${PROJECT_ENVIRONMENT_SELECT} WHERE ep.project_id = ? AND e.name = ?`,
  ).get(projectId, name);
  return row ? projectEnvironmentOf(row) : null;
}

/** Sentry's PUT `isHidden`: the project's environment, changed; null when the project has none of that name. */
export function setEnvironmentHidden(
  db: SqliteDb,
  projectId: number,
  name: string,
  hidden: boolean,
): ProjectEnvironment | null {
  const found = getProjectEnvironment(db, projectId, name);
  if (!found) return null;
  stmt(db, 'UPDATE environment_projects SET is_hidden = ? WHERE id = ?').run(hidden ? 1 : 0, found.id);
  return { ...found, isHidden: hidden };
}

/** An environment of the organization, as Sentry's `Environment` serializer gives it. */
export interface OrganizationEnvironment {
  id: number;
  name: string;
}

/**
 * The environments of these projects (all of them when `projectIds` is null) with a project row of
 * that visibility, by name (Sentry's organization environments: an environment is visible where one
 * of its projects shows it).
 */
export function listEnvironments(
  db: SqliteDb,
  projectIds: readonly number[] | null,
  visibility: Visibility = 'visible',
): OrganizationEnvironment[] {
  if (projectIds !== null && projectIds.length === 0) return [];
  const ofProjects =
    projectIds === null ? '' : `AND ep.project_id IN (${projectIds.map(() => '?').join(', ')})`;
  return stmt<number[], OrganizationEnvironment>(
    db,
    `SELECT e.id, e.name FROM environments e
     WHERE EXISTS (SELECT 1 FROM environment_projects ep
                   WHERE ep.environment_id = e.id ${ofProjects} ${visibilityWhere(visibility)})
     ORDER BY e.name`,
  ).all(...(projectIds ?? []));
}
