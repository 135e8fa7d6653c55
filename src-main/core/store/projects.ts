/** Projects and their public keys (Sentry's `sentry_project` and `sentry_projectkey`). */
import crypto from 'node:crypto';
import type { Project, ProjectKey } from '../../../src-shared/api.ts';
import { FaultlineError } from '../../../src-shared/errors.ts';
import { OUTCOME_IDS } from './outcomes.ts';
import type { SqliteDb } from './sqlite.ts';

interface ProjectRow {
  id: number;
  slug: string;
  name: string;
  created_at: number;
}

interface KeyRow {
  id: number;
  project_id: number;
  public_key: string;
  label: string;
  is_active: number;
}

export interface KeyLookup {
  keyId: number;
  projectId: number;
  isActive: boolean;
}

/** A public key as Relay wants it: exactly 32 hex characters, so DSNs also work against real Relay. */
export function generatePublicKey(): string {
  return crypto.randomBytes(16).toString('hex');
}

/** Sentry's limits: `Project.name` is 200 characters, a project slug 100. */
export const PROJECT_NAME_MAX_LENGTH = 200;
export const PROJECT_SLUG_MAX_LENGTH = 100;
export const KEY_LABEL_MAX_LENGTH = 64;
const DEFAULT_KEY_LABEL = 'Default';
/** The data categories of events that become issues: what sets Sentry's `Project.first_event`. */
const ERROR_CATEGORIES_SQL = "('error', 'default', 'security')";

/**
 * Sentry's slug rule: lowercase letters, digits and dashes, and not digits only (a numeric slug
 * could not be told from a project id in URLs and on the command line).
 */
const SLUG_RE = /^(?![0-9]+$)[a-z0-9-]+$/;

export function isValidSlug(slug: string): boolean {
  return slug.length > 0 && slug.length <= PROJECT_SLUG_MAX_LENGTH && SLUG_RE.test(slug);
}

/** Sentry's `slugify`: ASCII-fold, lowercase, every other run of characters becomes one dash. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, PROJECT_SLUG_MAX_LENGTH)
    .replace(/-+$/, '');
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw new FaultlineError('invalid_params', 'a project needs a name');
  if (trimmed.length > PROJECT_NAME_MAX_LENGTH)
    throw new FaultlineError(
      'invalid_params',
      `a project name has at most ${PROJECT_NAME_MAX_LENGTH} characters`,
    );
  return trimmed;
}

function checkLabel(label: string | undefined): string {
  const trimmed = label?.trim() ?? '';
  if (trimmed.length > KEY_LABEL_MAX_LENGTH)
    throw new FaultlineError('invalid_params', `a key label has at most ${KEY_LABEL_MAX_LENGTH} characters`);
  return trimmed === '' ? DEFAULT_KEY_LABEL : trimmed;
}

export function dsnFor(publicKey: string, projectId: number, ingestUrl: string): string {
  const url = new URL(ingestUrl);
  return `${url.protocol}//${publicKey}@${url.host}/${projectId}`;
}

export class ProjectStore {
  readonly #db: SqliteDb;
  readonly #ingestUrl: () => string;

  constructor(db: SqliteDb, ingestUrl: () => string) {
    this.#db = db;
    this.#ingestUrl = ingestUrl;
  }

  /** On first start: project 1, slug `default`, with one random key. Idempotent. */
  ensureDefaultProject(): void {
    const exists = this.#db.prepare('SELECT 1 FROM projects WHERE id = 1').get();
    if (exists) return;
    this.#db.transaction(() => {
      const now = Date.now();
      this.#db
        .prepare('INSERT INTO projects (id, slug, name, created_at) VALUES (1, ?, ?, ?)')
        .run('default', 'Default', now);
      this.#db
        .prepare('INSERT INTO project_keys (project_id, public_key, created_at) VALUES (1, ?, ?)')
        .run(generatePublicKey(), now);
    })();
  }

  list(): Project[] {
    const projects = this.#db
      .prepare<[], ProjectRow>('SELECT id, slug, name, created_at FROM projects ORDER BY id')
      .all();
    const keys = this.#db
      .prepare<[], KeyRow>(
        'SELECT id, project_id, public_key, label, is_active FROM project_keys ORDER BY id',
      )
      .all();
    const firstEvents = new Map(
      this.#db
        // One seek per project in outcomes_first_event, not a read of every outcome ever counted.
        .prepare<[], { project_id: number; hour: number | null }>(
          `SELECT p.id AS project_id, (SELECT min(o.hour) FROM outcomes o WHERE o.project_id = p.id
              AND o.outcome = ${OUTCOME_IDS.accepted} AND o.category IN ${ERROR_CATEGORIES_SQL}) AS hour
            FROM projects p`,
        )
        .all()
        .flatMap((row) => (row.hour === null ? [] : [[row.project_id, row.hour] as const])),
    );
    return projects.map((row) => this.#toProject(row, keys, firstEvents.get(row.id)));
  }

  get(projectId: number): Project | undefined {
    return this.list().find((project) => project.id === projectId);
  }

  /** The first active key of a project, for the DSN shown in the tray and on the setup page. */
  defaultDsn(projectId = 1): string | undefined {
    return this.get(projectId)?.keys.find((key) => key.isActive)?.dsn;
  }

  /**
   * A new project with one active key. Without a slug it is derived from the name and made
   * unique with a numeric suffix; a slug given explicitly must be valid and free.
   */
  create(input: { name: string; slug?: string | undefined }): Project {
    const name = checkName(input.name);
    const id = this.#db.transaction(() => {
      const slug = input.slug === undefined ? this.#freeSlug(slugify(name)) : this.#checkSlug(input.slug);
      const now = Date.now();
      const projectId = Number(
        this.#db
          .prepare('INSERT INTO projects (slug, name, created_at) VALUES (?, ?, ?)')
          .run(slug, name, now).lastInsertRowid,
      );
      this.#insertKey(projectId, DEFAULT_KEY_LABEL, now);
      return projectId;
    })();
    return this.#require(id);
  }

  rename(projectId: number, name: string): Project {
    const changed = this.#db
      .prepare('UPDATE projects SET name = ? WHERE id = ?')
      .run(checkName(name), projectId).changes;
    if (changed === 0) throw notFound(projectId);
    return this.#require(projectId);
  }

  /** Another key for the project (Sentry's "Generate New Key"), active, with a new random public key. */
  createKey(projectId: number, label?: string): ProjectKey {
    const keyLabel = checkLabel(label);
    this.#require(projectId);
    const keyId = this.#insertKey(projectId, keyLabel, Date.now());
    return this.#requireKey(projectId, keyId);
  }

  /** Renames one key (Sentry's key "Name"); a blank name is the default one, as when created. */
  renameKey(projectId: number, keyId: number, label: string): ProjectKey {
    const keyLabel = checkLabel(label);
    this.#require(projectId);
    const changed = this.#db
      .prepare('UPDATE project_keys SET label = ? WHERE id = ? AND project_id = ?')
      .run(keyLabel, keyId, projectId).changes;
    if (changed === 0) throw new FaultlineError('not_found', `project ${projectId} has no key ${keyId}`);
    return this.#requireKey(projectId, keyId);
  }

  /** Enables or disables one key; ingest refuses a disabled key with 403 (Relay's `DisabledKey`). */
  setKeyActive(projectId: number, keyId: number, active: boolean): ProjectKey {
    this.#require(projectId);
    const changed = this.#db
      .prepare('UPDATE project_keys SET is_active = ? WHERE id = ? AND project_id = ?')
      .run(active ? 1 : 0, keyId, projectId).changes;
    if (changed === 0) throw new FaultlineError('not_found', `project ${projectId} has no key ${keyId}`);
    return this.#requireKey(projectId, keyId);
  }

  lookupKey(publicKey: string): KeyLookup | undefined {
    const row = this.#db
      .prepare<[string], KeyRow>(
        'SELECT id, project_id, public_key, label, is_active FROM project_keys WHERE public_key = ?',
      )
      .get(publicKey);
    return row ? { keyId: row.id, projectId: row.project_id, isActive: row.is_active === 1 } : undefined;
  }

  #insertKey(projectId: number, label: string, now: number): number {
    return Number(
      this.#db
        .prepare('INSERT INTO project_keys (project_id, public_key, label, created_at) VALUES (?, ?, ?, ?)')
        .run(projectId, generatePublicKey(), label, now).lastInsertRowid,
    );
  }

  #slugTaken(slug: string): boolean {
    return this.#db.prepare('SELECT 1 FROM projects WHERE slug = ?').get(slug) !== undefined;
  }

  #checkSlug(slug: string): string {
    if (!isValidSlug(slug)) {
      throw new FaultlineError(
        'invalid_params',
        `invalid slug '${slug}': use lowercase letters, digits and dashes (not only digits, at most ${PROJECT_SLUG_MAX_LENGTH} characters)`,
      );
    }
    if (this.#slugTaken(slug))
      throw new FaultlineError('conflict', `a project with slug '${slug}' already exists`);
    return slug;
  }

  /** The derived slug, or `project` when the name has no usable characters, made unique with `-2`, `-3`… */
  #freeSlug(derived: string): string {
    const base = isValidSlug(derived)
      ? derived
      : `project${derived ? `-${derived}` : ''}`.slice(0, PROJECT_SLUG_MAX_LENGTH);
    if (!this.#slugTaken(base)) return base;
    for (let n = 2; ; n++) {
      const suffix = `-${n}`;
      const candidate = `${base.slice(0, PROJECT_SLUG_MAX_LENGTH - suffix.length)}${suffix}`;
      if (!this.#slugTaken(candidate)) return candidate;
    }
  }

  #require(projectId: number): Project {
    const project = this.get(projectId);
    if (!project) throw notFound(projectId);
    return project;
  }

  #requireKey(projectId: number, keyId: number): ProjectKey {
    const key = this.#require(projectId).keys.find((k) => k.id === keyId);
    if (!key) throw new FaultlineError('not_found', `project ${projectId} has no key ${keyId}`);
    return key;
  }

  #toProject(row: ProjectRow, keys: KeyRow[], firstEventHour: number | undefined): Project {
    const ingestUrl = this.#ingestUrl();
    return {
      id: row.id,
      slug: row.slug,
      name: row.name,
      createdAt: new Date(row.created_at).toISOString(),
      firstEvent: firstEventHour === undefined ? null : new Date(firstEventHour * 1000).toISOString(),
      keys: keys
        .filter((key) => key.project_id === row.id)
        .map(
          (key): ProjectKey => ({
            id: key.id,
            publicKey: key.public_key,
            label: key.label,
            isActive: key.is_active === 1,
            dsn: dsnFor(key.public_key, row.id, ingestUrl),
          }),
        ),
    };
  }
}

function notFound(projectId: number): FaultlineError {
  return new FaultlineError('not_found', `project ${projectId} does not exist`);
}
